"""The French edition: one site, two languages, built from the same notebooks.

The English chapters are the source. Their French text is in gettext catalogs
(``locales/fr/LC_MESSAGES/book/<page>.po``), which Sphinx applies while it reads each page
(``language: fr``); each edition's build runs the notebooks itself, in a kernel that knows the
language (:mod:`baikonur.i18n`), so figures, maps and glued values are French in the French build.
``make book`` builds English into ``_build/html`` and French into ``_build/html/fr``
(``python -m baikonur_sphinx.translation`` writes the French configuration and puts the two
together; see the Makefile and CONTRIBUTING.md, "Translating").

What this module adds to the build:

* **The kernel's language**: ``BAIKONUR_LANG`` is set from Sphinx's ``language`` before any
  notebook runs, so the code of both editions is the same and only the environment differs.
* **Glued values in translated paragraphs.** Sphinx translates a paragraph by parsing its
  msgstr as a new, separate document (``sphinx.transforms.i18n.publish_msgstr``). myst-nb reads
  a notebook's glue data from the document it is parsing (``document["nb_renderer"]``, which
  exists only while the notebook itself is parsed), so in the separate document every
  ``{glue:text}`` found no key, warned "No key … found in glue data", and rendered empty. Here
  the glue roles know that case: a key of this page, in a translated paragraph, becomes a
  reference to this page's glue data, which myst-nb saved when it ran the notebook, and which
  its own post-transform (the one for ``{glue:text}`path::key```) puts in place. Nothing is
  special-cased by key or page; every glue role in every translated paragraph goes through it.
* **Numbers written the edition's way**: a glued value formatted in the prose
  (``{glue:text}`n:,d``` gives "1,546") is written "1 546" in French, by the book's one
  formatter (:func:`baikonur.i18n.format_glued`).
* **Each page's other edition**: a visible switch to the same page in the other language,
  ``hreflang`` alternates both ways, and in French the download and launch buttons say the
  notebook they give is in English.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from pathlib import Path
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from baikonur import i18n

logger = logging.getLogger(__name__)

#: Where each edition lives, relative to the site's root. The source language is at the root.
EDITIONS = {"en": "", "fr": "fr/"}
#: How each edition names itself in the language switch.
EDITION_NAMES = {"en": "English", "fr": "Français"}
#: The book's title in each translated edition (the English one is _config.yml's).
EDITION_TITLES = {"fr": "Baïkonour, expliqué"}
#: The rest of what the theme and the page's card say, in each translated edition: the footer's
#: "By …", the search box, the social card's alternative text.
EDITION_WORDS = {
    "fr": {
        "author": "les auteurs de Baïkonour, expliqué",
        "search_bar_text": "Rechercher dans ce livre…",
        "ogp_image_alt": "Baïkonour, expliqué : un livre ouvert et exécutable",
    }
}
#: myst-nb's labels of a collapsed code cell ("Show code cell source"), in each edition. The book
#: collapses only code (``hide-input``), so the label names the code, not myst-nb's ``{type}``.
CODE_PROMPTS = {
    "fr": ("Afficher le code source de la cellule", "Masquer le code source de la cellule")
}
#: Where the catalogs are (gettext's layout: locales/<lang>/LC_MESSAGES/<page>.po).
LOCALE_DIR = "locales"


def edition(config) -> str:
    return i18n.language(config.language or "en")


# Kernel language -----------------------------------------------------------------------------


def set_kernel_language(app: Sphinx, config) -> None:
    """The notebooks' kernels inherit the build's environment: tell them the language."""
    lang = edition(config)
    os.environ[i18n.LANG_ENV] = lang
    if lang != i18n.LANGUAGES[0]:
        # The site's URL is the edition's folder (Open Graph URLs, sitemap), after
        # publishing.apply_urls has checked it.
        if config.html_baseurl:
            config.html_baseurl = config.html_baseurl + EDITIONS[lang]
            config.ogp_site_url = config.html_baseurl
    # The language switch, in the article's header next to the theme's buttons, on every page.
    if config.html_theme != "sphinx_book_theme":
        return
    options = config.html_theme_options
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    if isinstance(end, str):
        end = [part.strip() for part in end.split(",")]
    if "language-switch.html" not in end:
        options["article_header_end"] = ["language-switch.html", *end]


# Glue in translated paragraphs ---------------------------------------------------------------


def _translated_fragment(document: nodes.document) -> bool:
    """True while Sphinx parses a translated message (a document of its own, see above)."""
    return (
        "nb_renderer" not in document
        and str(document.get("source", "")).endswith("<translated>")
        and hasattr(document.settings, "env")
    )


def _this_page(document: nodes.document) -> str:
    env = document.settings.env
    return "/" + env.doc2path(env.docname, False).replace(os.sep, "/")


def _glue_roles():
    from myst_nb.ext.glue.roles import PasteRoleAny, PasteTextRole

    class TranslatablePasteAny(PasteRoleAny):
        """``{glue}`` / ``{glue:any}``: in a translated paragraph, read this page's saved glue."""

        def run(self):
            if "::" not in self.text and _translated_fragment(self.document):
                self.text = f"{_this_page(self.document)}::{self.text}"
            return super().run()

    class TranslatablePasteText(PasteTextRole):
        """``{glue:text}``: in a translated paragraph, read this page's saved glue."""

        def run(self):
            if "::" not in self.text and _translated_fragment(self.document):
                # myst-nb splits "path::key:format" at the last colon: give the format, always.
                key_format = self.text if ":" in self.text else f"{self.text}:s"
                self.text = f"{_this_page(self.document)}::{key_format}"
            return super().run()

    return TranslatablePasteAny, TranslatablePasteText


def format_glued_in_edition(app: Sphinx, config) -> None:
    """Every ``{glue:text}`key:,.1f``` written by the book's formatter, in the edition's language.

    myst-nb formats a glued value with Python's format spec in two places, the role (a glue of
    this page) and the post-transform that fills in pending references (a translated paragraph's
    glue); both call ``format_plain_text`` of their module, which is replaced here by
    :func:`baikonur.i18n.format_glued`, so the number is written once, the edition's way.
    """
    from myst_nb.ext.glue import crossref, roles

    lang = edition(config)
    for module in (roles, crossref):
        module.format_plain_text = lambda text, spec: i18n.format_glued(text, spec, lang)


# Links between the editions ------------------------------------------------------------------


def renumber_citation_refs(app: Sphinx, doctree: nodes.document) -> None:
    """A translated page's citation back-links: one per citation in the page as it is read.

    sphinxcontrib-bibtex notes each ``{cite:p}`` when its role runs, with the id it gets in the
    document being parsed. In a translated page the role runs for the English paragraph and again
    for its translation, which Sphinx parses as a document of its own (ids restart there): each
    source of the French film page listed about three back-links per citation, two of them to
    ids of other elements, and a list of 21 numbers no phone screen could hold. Here the page's
    notes are replaced by those of the citations it really has, each with an id of this page.
    """
    if edition(app.config) == i18n.LANGUAGES[0] or "cite" not in app.env.domains:
        return  # the source edition, or a book without sphinxcontrib-bibtex
    from sphinx import addnodes
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets
    from sphinxcontrib.bibtex.roles import CitationRef

    env = app.env
    domain = env.get_domain("cite")
    domain.data["citation_refs"] = [
        ref for ref in domain.citation_refs if ref.docname != env.docname
    ]
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") != "cite":
            continue
        for old in node["ids"]:
            if doctree.ids.get(old) is node:
                del doctree.ids[old]
        node["ids"] = []
        doctree.set_id(node)
        domain.citation_refs.append(
            CitationRef(
                citation_ref_id=node["ids"][0],
                docname=env.docname,
                line=node.line or 0,
                targets=list(parse_citation_targets(node["reftarget"])),
            )
        )


def _page_url(lang: str, pagename: str, suffix: str, here: str, base: str) -> str:
    """The URL of ``pagename`` in edition ``lang``: absolute if the site URL is known."""
    target = EDITIONS[lang] + pagename + suffix
    if base:
        site = base[: len(base) - len(EDITIONS[here])] if EDITIONS[here] else base
        return site + target
    depth = pagename.count("/") + EDITIONS[here].count("/")
    return "../" * depth + target


_FRENCH_BUTTONS = {
    "download-notebook-button": (
        "Notebook (.ipynb, en anglais)",
        "Télécharger le notebook (en anglais)",
    ),
    "download-source-button": (None, "Télécharger la source du chapitre (en anglais)"),
}


# The theme's launch words that its French catalog leaves in English.
_FRENCH_WORDS = {
    "Live Code": "Code en direct",
    "Launch Thebe": "Exécuter le code dans la page",
    "Launch on": "Lancer sur",
}


def _french(text: str) -> str:
    for english, french in _FRENCH_WORDS.items():
        if text == english or text.startswith(english + " "):
            return french + text[len(english) :]
    return text


def _label_buttons(
    buttons: list, lang: str, launch: bool = False, translate=lambda text: text
) -> None:
    """French pages give the English notebook: each download and launch button says so.

    ``translate`` is the theme's (its words, "Live Code", are translated before ours are added).
    """
    for button in buttons:
        if button.get("type") == "group":
            _label_buttons(
                button.get("buttons", []),
                lang,
                launch=button.get("label") == "launch-buttons",
                translate=translate,
            )
            continue
        label = button.get("label", "")
        if label in _FRENCH_BUTTONS:
            text, tooltip = _FRENCH_BUTTONS[label]
            button["text"] = text or f"{button.get('text', '')} (en anglais)"
            button["tooltip"] = tooltip
        elif launch:  # Binder, Colab, JupyterHub, Live Code: the English notebook, run live
            text, tooltip = (_french(translate(button.get(key, ""))) for key in ("text", "tooltip"))
            button["text"] = f"{text} (notebook en anglais)"
            button["tooltip"] = f"{tooltip} (notebook en anglais)"


def add_editions(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The links to the page's editions (before the theme drops header items that are empty)."""
    lang = edition(app.config)
    suffix = app.builder.out_suffix if hasattr(app.builder, "out_suffix") else ".html"
    base = app.config.html_baseurl or ""
    links = []
    # Search engines take alternates only as absolute URLs (Lighthouse: "relative href"): with
    # no site URL (a local build) there are none; the language switch links the editions.
    for other in EDITIONS if base else ():
        href = _page_url(other, pagename, suffix, lang, base)
        links.append(f'<link rel="alternate" hreflang="{other}" href="{href}" />')
        if other == i18n.LANGUAGES[0]:
            links.append(f'<link rel="alternate" hreflang="x-default" href="{href}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)
    context["baikonur_editions"] = [
        {
            "lang": other,
            "name": EDITION_NAMES[other],
            "href": _page_url(other, pagename, suffix, lang, ""),
            "current": other == lang,
        }
        for other in EDITIONS
    ]


def label_in_edition(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """What the theme's buttons and the page's description say, in a translated edition."""
    lang = edition(app.config)
    if lang != i18n.LANGUAGES[0]:
        _label_buttons(
            context.get("header_buttons", []),
            lang,
            translate=context.get("translate") or (lambda text: text),
        )
        _translate_description(
            context, doctree, getattr(app.config, "ogp_description_length", None) or 200
        )


_DESCRIPTION = re.compile(r'\n?<meta\b(?=[^>]*\bname="description")[^>]*>')


def _translate_description(context: dict, doctree, length: int) -> None:
    """A description from a page's front matter is English: the edition's is its first paragraph.

    (sphinxext-opengraph, which runs before, keeps a front-matter description as it is; the
    edition's is made the way opengraph makes one from the translated page.)
    """
    from sphinxext.opengraph.descriptionparser import get_description

    metatags = context.get("metatags", "")
    if doctree is None or not _DESCRIPTION.search(metatags):
        return
    description = get_description(doctree, length, {context.get("title", "")})
    metatags = _DESCRIPTION.sub("", metatags)
    if description:
        metatags += (
            f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
        )
    context["metatags"] = metatags


# Putting the two editions together -----------------------------------------------------------


def write_config(root: Path, lang: str, out: Path) -> Path:
    """``_config.yml`` for edition ``lang``: the book's own, with the language and catalogs."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    if lang == "gettext":
        # Collecting the English messages: the English build's notebooks and execution cache.
        config.setdefault("execute", {})["cache"] = str(
            (root / "_build" / ".jupyter_cache").resolve()
        )
        lang = i18n.LANGUAGES[0]
        sphinx["project"] = config.get("title", "")
    if lang in EDITION_TITLES:
        config["title"] = EDITION_TITLES[lang]
        sphinx["ogp_site_name"] = EDITION_TITLES[lang]
    if lang in EDITION_WORDS:
        words = EDITION_WORDS[lang]
        config["author"] = words["author"]
        sphinx["ogp_image_alt"] = words["ogp_image_alt"]
        theme = sphinx.setdefault("html_theme_options", {})
        theme["search_bar_text"] = words["search_bar_text"]
    if lang in CODE_PROMPTS:
        sphinx["nb_code_prompt_show"], sphinx["nb_code_prompt_hide"] = CODE_PROMPTS[lang]
    sphinx["language"] = lang
    sphinx["locale_dirs"] = [str((root / LOCALE_DIR).resolve())]
    # One catalog per page: locales/<lang>/LC_MESSAGES/book/<page>.po
    sphinx["gettext_compact"] = False
    # Only the edition's sitemap is merged into the site's one (merge_sitemaps).
    config["exclude_patterns"] = [*config.get("exclude_patterns", []), LOCALE_DIR]
    for key in ("logo",):
        if config.get(key):
            config[key] = str((root / config[key]).resolve())
    if config.get("html", {}).get("favicon"):
        config["html"]["favicon"] = str((root / config["html"]["favicon"]).resolve())
    config["bibtex_bibfiles"] = [
        str((root / p).resolve()) for p in config.get("bibtex_bibfiles", [])
    ]
    out.mkdir(parents=True, exist_ok=True)
    path = out / "_config.yml"
    path.write_text(
        "# Written by python -m baikonur_sphinx.translation from _config.yml: do not "
        "edit.\n" + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def merge_sitemaps(site: Path, base: str) -> None:
    """One sitemap.xml for the site: every page of every edition, with its alternates.

    ``base`` is the site's URL (ending in "/"); the English build's sitemap lists its pages.
    """
    source = site / "sitemap.xml"
    if not source.exists():
        return  # no site URL: no sitemap (publishing.py says so in the build log)
    ElementTree.register_namespace("", _SITEMAP)
    ElementTree.register_namespace("xhtml", _XHTML)
    tree = ElementTree.parse(source)
    root = tree.getroot()
    english = [url for url in root.findall(f"{{{_SITEMAP}}}url")]
    for url in english:
        for old in url.findall(f"{{{_XHTML}}}link"):
            url.remove(old)
        loc = url.findtext(f"{{{_SITEMAP}}}loc")
        if not loc.startswith(base):
            raise ValueError(f"{source}: {loc} is not under the site's URL {base}")
        page = loc[len(base) :]
        versions = {
            lang: base + prefix + page
            for lang, prefix in EDITIONS.items()
            if (site / prefix / page).exists()
        }
        for lang, href in versions.items():
            ElementTree.SubElement(
                url, f"{{{_XHTML}}}link", rel="alternate", hreflang=lang, href=href
            )
        for lang, href in versions.items():
            if lang == i18n.LANGUAGES[0]:
                continue
            copy = ElementTree.SubElement(root, f"{{{_SITEMAP}}}url")
            ElementTree.SubElement(copy, f"{{{_SITEMAP}}}loc").text = href
            for other, other_href in versions.items():
                ElementTree.SubElement(
                    copy, f"{{{_XHTML}}}link", rel="alternate", hreflang=other, href=other_href
                )
    ElementTree.indent(root)
    tree.write(source, xml_declaration=True, encoding="utf-8")
    for prefix in EDITIONS.values():
        if prefix:
            (site / prefix / "sitemap.xml").unlink(missing_ok=True)


def assemble(root: Path, built: Path, site: Path, lang: str) -> None:
    """Move edition ``lang``'s HTML (built on its own) into the site's folder for it."""
    import yaml

    from .publishing import site_url

    target = site / EDITIONS[lang]
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built, target)
    if EDITIONS[lang]:
        _edition_front_door(target / "index.html", lang)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    merge_sitemaps(site, site_url((config.get("html") or {}).get("baseurl")))


def _edition_front_door(index: Path, lang: str) -> None:
    """The edition's index.html, a bare redirect from the build, made a page in its language:
    ``lang``, a title and a link a reader (or a browser that ignores the refresh) can follow.
    (No ``<body>`` tag: HTML implies it, and the site's checks know a redirect page by that.)"""
    text = index.read_text(encoding="utf-8")
    found = re.search(r'url=([^"\s]+)"', text)
    if not found:
        return  # not the build's redirect: the edition's own page, left as it is
    target = html.escape(found.group(1), quote=True)
    policy = re.search(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", text)
    title = html.escape(EDITION_TITLES.get(lang, ""))
    index.write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        + (policy.group(0) + "\n" if policy else "")
        + f'<meta http-equiv="Refresh" content="0; url={target}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n</head>\n"
        f'<p><a href="{target}">{title}</a></p>\n</html>\n',
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m baikonur_sphinx.translation", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    config = sub.add_parser("config", help="write the _config.yml of an edition")
    config.add_argument("lang")
    config.add_argument("out", type=Path)
    together = sub.add_parser("assemble", help="put an edition's HTML into the site")
    together.add_argument("lang")
    together.add_argument("built", type=Path)
    together.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.command == "config":
        print(write_config(root, args.lang, args.out))
    else:
        if not (args.built / "index.html").exists():
            print(
                f"{args.built} has no index.html: build the {args.lang!r} edition first",
                file=sys.stderr,
            )
            return 1
        assemble(root, args.built, args.site, args.lang)
    return 0


def french_solution_titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """sphinx-exercise titles a solution "Solution de" + the exercise's title ("Exercice 4 (…)"):
    in French, « Solution de l’exercice 4 (…) »."""
    if edition(app.config) != "fr":
        return
    for text in list(doctree.findall(nodes.Text)):
        if str(text).strip() != "Solution de":
            continue
        siblings = text.parent.children
        index = siblings.index(text)
        reference = siblings[index + 1] if index + 1 < len(siblings) else None
        if not isinstance(reference, nodes.reference):
            continue
        title = reference.astext().strip()
        if not title.startswith("Exercice "):
            continue
        text.parent.replace(text, nodes.Text("Solution de l’"))
        for old in list(reference.findall(nodes.Text)):
            old.parent.replace(old, nodes.Text(""))
        reference.append(nodes.Text("exercice " + title[len("Exercice ") :]))


# Search --------------------------------------------------------------------------------------

#: Spellings a reader may type for a word the French edition spells one way.
SEARCH_SPELLINGS = {"baikonur": "baikonour"}


def _search_fold(word: str) -> str:
    import unicodedata

    word = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    )
    return SEARCH_SPELLINGS.get(word, word)


def _french_search_language():
    """Sphinx's French search, with accents folded and the site's other spellings made one,
    in the index and in the reader's query alike: « Baikonour », « Baïkonour » and « Baikonur »
    find the same pages."""
    from sphinx.search import fr

    scripts = Path(fr.__file__).parent / "minified-js"
    stemmers = "\n".join(
        (scripts / name).read_text(encoding="utf-8")
        for name in ("base-stemmer.js", "french-stemmer.js")
    )

    class FoldedFrenchSearch(fr.SearchFrench):
        js_stemmer_rawcode = ""
        js_stemmer_code = stemmers + (
            "\nvar Stemmer = function () {\n"
            "  var french = new FrenchStemmer();\n"
            f"  var same = {json.dumps(SEARCH_SPELLINGS)};\n"
            "  this.stemWord = function (word) {\n"
            '    word = word.toLowerCase().normalize("NFD").replace(/[\\u0300-\\u036f]/g, "");\n'
            "    return french.stemWord(same[word] || word);\n"
            "  };\n"
            "};\n"
        )

        def stem(self, word: str) -> str:
            return super().stem(_search_fold(word))

    return FoldedFrenchSearch


def setup(app: Sphinx) -> None:
    """Called by baikonur_sphinx.setup."""
    app.add_search_language(_french_search_language())
    # After sphinx-exercise has titled the solutions.
    app.connect("doctree-resolved", french_solution_titles, priority=900)
    any_role, text_role = _glue_roles()
    app.add_role("glue", any_role(), override=True)
    for name, role in (("", any_role()), ("any", any_role()), ("text", text_role())):
        app.add_role_to_domain("glue", name, role, override=True)
    app.connect("config-inited", format_glued_in_edition)
    # The switch keeps the reader's #anchor (static/language-switch.js, on every page).
    app.add_js_file("language-switch.js", loading_method="defer")
    # After sphinxcontrib-bibtex's roles and Sphinx's translation have run on the page.
    app.connect("doctree-read", renumber_citation_refs)
    # After publishing.apply_urls (500), which checks the site URL.
    app.connect("config-inited", set_kernel_language, priority=600)
    # Before pydata-sphinx-theme renders the header's templates and drops the empty ones (500).
    app.connect("html-page-context", add_editions, priority=400)
    # After sphinx-book-theme's header buttons (501) and opengraph's description.
    app.connect("html-page-context", label_in_edition, priority=510)


if __name__ == "__main__":
    sys.exit(main())
