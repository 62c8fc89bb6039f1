"""Live Code runs the cells a page leaves out (baikonur_sphinx.live_code), without a build."""

from __future__ import annotations

import nbformat

from baikonur_sphinx.live_code import setup_for_shown_cells


def test_cells_the_page_leaves_out_run_with_the_next_cell_it_shows():
    """Set-up cells (remove-cell) are not on the page, but Live Code runs them, in order, with
    the next shown cell; widget cells and cells whose output alone is shown stay out."""

    def code(source, *tags):
        return nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})

    notebook = nbformat.v4.new_notebook(
        cells=[
            code("import pandas as pd", "remove-cell"),
            code("frame = pd.DataFrame()", "remove-cell"),
            nbformat.v4.new_markdown_cell("Prose."),
            code("frame"),
            code("selfcheck()", "remove-input"),
            code("import ipywidgets as widgets", "remove-cell"),
            code("glue('n', len(frame))", "remove-cell"),
            code("frame.describe()", "hide-input"),
            code("frame.plot()"),
        ]
    )
    assert setup_for_shown_cells(notebook) == [
        "import pandas as pd\n\nframe = pd.DataFrame()",
        "glue('n', len(frame))",
        "",
    ]
