# A tiny book for the Sphinx extension's tests (tests/test_extension_book.py), built with
# sphinx.testing as MyST-NB tests its own extension: the book's extensions and theme, two pages.
project = "Extension test book"
extensions = [
    "myst_nb",
    "sphinxcontrib.bibtex",
    "sphinxcontrib.katex",
    "baikonur_sphinx",
    "sphinxext.opengraph",
]
# As in _config.yml: math rendered at build time, KaTeX's stylesheet from the site itself.
html_math_renderer = "katex"
katex_prerender = True
katex_css_path = "vendor/katex/katex.min.css"
bibtex_bibfiles = ["book/references.bib"]
html_theme = "sphinx_book_theme"
html_theme_options = {"launch_buttons": {}, "use_download_button": True}
ogp_site_url = ""
ogp_enable_meta_description = True
ogp_description_length = 200
ogp_social_cards = {"enable": False}
nb_execution_mode = "auto"
nb_execution_raise_on_error = True
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "node_modules", "package.json"]
root_doc = "book/intro"
