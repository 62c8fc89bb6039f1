"""Where the book is published: the repository and site URLs, and what depends on them.

Two settings, both in ``_config.yml`` and both empty until the book has a public home:

* ``repository: url:`` (``https://github.com/<owner>/<name>``): Binder and Colab launch buttons,
  and the repository and issue buttons, need it. Without it the build leaves those buttons out and
  says so; the download buttons (.ipynb, source) are always there.
* ``html: baseurl:`` (the site's address, ending in ``/``): the sitemap and absolute Open Graph
  URLs need it. Without it the build writes no sitemap and says so.

The GitHub Pages workflow knows both when it runs, and passes them in the environment
(``BAIKONUR_REPOSITORY_URL``, ``BAIKONUR_REPOSITORY_BRANCH``, ``BAIKONUR_SITE_URL``); a value in
``_config.yml`` wins over the environment. Nothing here invents a URL.
"""

from __future__ import annotations

import os
import re

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

REPOSITORY_ENV = "BAIKONUR_REPOSITORY_URL"
BRANCH_ENV = "BAIKONUR_REPOSITORY_BRANCH"
SITE_ENV = "BAIKONUR_SITE_URL"
# Launch services that open the notebook from the repository (sphinx-book-theme's keys).
REPOSITORY_LAUNCHERS = ("binderhub_url", "colab_url", "jupyterhub_url", "deepnote_url", "thebe")
_GITHUB_REPOSITORY = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+")
_SITE_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")


def repository_url(configured: str | None) -> str:
    """The repository URL from ``_config.yml`` or the environment, checked; "" if neither."""
    url = (configured or os.environ.get(REPOSITORY_ENV) or "").strip().rstrip("/")
    url = url.removesuffix(".git")
    if url and not _GITHUB_REPOSITORY.fullmatch(url):
        raise ExtensionError(
            f"repository.url in _config.yml (or {REPOSITORY_ENV}) must be a GitHub repository "
            f"like https://github.com/<owner>/<name>, which Binder and Colab can open; got {url!r}"
        )
    return url


def site_url(configured: str | None) -> str:
    """The site's URL from ``_config.yml`` or the environment, checked, ending in "/"; or ""."""
    url = (configured or os.environ.get(SITE_ENV) or "").strip()
    if url and not _SITE_URL.fullmatch(url):
        raise ExtensionError(
            f"html.baseurl in _config.yml (or {SITE_ENV}) must be the site's address, like "
            f"https://<owner>.github.io/<name>/; got {url!r}"
        )
    return url.rstrip("/") + "/" if url else ""


def apply_urls(app: Sphinx, config) -> None:
    options = config.html_theme_options
    launch = options.setdefault("launch_buttons", {})
    repo = repository_url(options.get("repository_url"))
    if repo:
        options["repository_url"] = repo
        options["repository_branch"] = (
            os.environ.get(BRANCH_ENV) or options.get("repository_branch") or "main"
        )
        options["use_repository_button"] = True
        options["use_issues_button"] = True
    else:
        off = [key for key in REPOSITORY_LAUNCHERS if launch.get(key)]
        for key in off:
            launch[key] = False if key == "thebe" else ""
        if off:
            logger.info(
                f"[baikonur] no repository URL: launch buttons {', '.join(off)} are "
                f"left out. Set repository.url in _config.yml (or {REPOSITORY_ENV})."
            )

    site = site_url(config.html_baseurl)
    config.html_baseurl = site
    config.ogp_site_url = site
    if not site:
        # sphinx-sitemap would warn (and -W fail the build): say it once, as information.
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
        logger.info(
            "[baikonur] no site URL: no sitemap.xml, and Open Graph URLs are relative. "
            f"Set html.baseurl in _config.yml (or {SITE_ENV})."
        )
