"""``{go-live}``: one honest sentence on how to run the page's chapter live.

With a repository URL (``repository: url:`` in ``_config.yml``, or the Pages workflow's), the
page has launch buttons (Binder, Colab) and Live Code (Thebe): the sentence points at them and at
the repository. Without one the page has none of them, so the sentence promises none: it says how
to run the chapter on one's own machine (the README's "Learners": ``make lab``).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from baikonur.i18n import tr

from . import live_code


_FIELD = re.compile(r"\{(\w+)\}")


def _nodes(template: str, fields: dict) -> list[nodes.Node]:
    """``template``'s text with each ``{field}`` replaced by its node (code or link)."""
    out, at = [], 0
    for match in _FIELD.finditer(template):
        out.append(nodes.Text(template[at : match.start()]))
        out.append(fields[match.group(1)])
        at = match.end()
    out.append(nodes.Text(template[at:]))
    return out


def sentence(repository: str, thebe: bool, lang: str | None = None) -> list[nodes.Node]:
    """The sentence's parts for a book with (or without) a repository URL, in ``lang``."""
    fields = {"make_lab": nodes.literal("make lab", "make lab")}
    if not repository:
        return _nodes(
            tr(
                "To run it live, get the book's repository on your computer, run "
                "{make_lab} in it and open this chapter in JupyterLab (the repository's "
                "README, section \u201cLearners\u201d, has the steps).",
                lang=lang,
            ),
            fields,
        )
    fields["repository"] = nodes.reference(repository, repository, refuri=repository)
    fields["live"] = nodes.Text(
        tr(" or \u201cLive Code\u201d to run the cells in this page", lang=lang) if thebe else ""
    )
    return _nodes(
        tr(
            "To run it live, open the launch menu at the top of the page (the rocket): "
            "Binder or Colab open this notebook in a live session{live}. Or clone "
            "{repository}, run {make_lab} and open this chapter in JupyterLab.",
            lang=lang,
        ),
        fields,
    )


class GoLive(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        options = self.config.html_theme_options or {}
        repository = options.get("repository_url") or ""
        thebe = bool(repository) and live_code.is_on(self.env.app)
        paragraph = nodes.paragraph(
            "",
            "",
            *sentence(repository, thebe, self.config.language or None),
            classes=["bk-go-live"],
        )
        return [paragraph]


class TranslatableExerciseTitles(SphinxTransform):
    """An exercise's title ("From Site 31 to Kyzylorda") is translated like the text around it.

    sphinx-exercise puts the directive's argument into an ``exercise_subtitle`` node without a
    source, which Sphinx's gettext skips as a built-in message: the French edition would show
    the English title. This gives it the source and line of the exercise, and its own text as
    the message, before Sphinx collects (gettext) and replaces (Locale, priority 20) messages.
    """

    default_priority = 5

    def apply(self, **kwargs) -> None:
        try:
            from sphinx_exercise.nodes import exercise_subtitle
        except ImportError:  # the book without sphinx-exercise: nothing to do
            return
        for node in self.document.findall(exercise_subtitle):
            holder = node.parent
            while holder is not None and not holder.source:
                holder = holder.parent
            if holder is None:
                continue
            node.source, node.line = holder.source, holder.line
            node.rawsource = node.astext()


class ExerciseTitlesForGettext(SphinxPostTransform):
    """For the gettext builder only: the exercise titles as messages of the catalog.

    sphinx-exercise rebuilds each exercise's title after reading (post-transform, priority 20),
    so the title that :class:`TranslatableExerciseTitles` marked is gone when gettext collects
    the messages: this adds each title as a paragraph the gettext builder collects (the
    catalogs only; no page is written by that builder).
    """

    default_priority = 19
    builders = ("gettext",)

    def run(self, **kwargs) -> None:
        try:
            from sphinx_exercise.nodes import exercise_subtitle
        except ImportError:
            return
        for node in list(self.document.findall(exercise_subtitle)):
            if not node.source or node.parent is None or node.parent.parent is None:
                continue
            # The text as read (before smart quotes), which is what Locale looks up.
            text = node.rawsource or node.astext()
            message = nodes.paragraph(text, text)
            message.source, message.line = node.source, node.line
            message.uid = ""  # the gettext catalog adds only nodes with a uid (versioning)
            node.parent.parent.append(message)


class TranslatedExerciseRegistry(SphinxTransform):
    """sphinx-exercise keeps a copy of each exercise, made as it was parsed (in English), from
    which it writes the titles of exercises and solutions: after Sphinx's Locale transform
    (priority 20) the copy is made again from the translated exercise."""

    default_priority = 25

    def apply(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", None)
        if not registry:
            return
        try:
            from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node
        except ImportError:
            return
        for node in self.document.findall(
            lambda n: isinstance(n, (exercise_enumerable_node, exercise_node))
        ):
            entry = registry.get(node.get("label", ""))
            if entry and entry.get("docname") == self.env.docname:
                entry["node"] = node.deepcopy()
