"""The chapter "Checking the headlines" as built: every evidence link resolves (the checks are on
their own page, claim-checks.html, linked both ways), every claim has its anchor, every deeper
section links back, and the table's filters work in Chromium with no kernel and no script of
ours."""

from __future__ import annotations

import html as html_lib
import re
from functools import lru_cache

import pytest

from baikonur.claims import load_claims, section_href
from book_site import HTML
from browser_pages import PageVisit

# Reads the book of `make book` (conftest.py: the build tier).
pytestmark = pytest.mark.usefixtures("built_book")

CHAPTER = "checking-the-headlines"
PAGE = f"book/{CHAPTER}.html"
EVIDENCE = "claim-checks"
CLAIMS = load_claims()


@lru_cache(maxsize=None)
def built(page: str) -> str:
    path = HTML / "book" / page
    assert path.is_file(), f"{path} was not built: is the chapter in _toc.yml?"
    return path.read_text(encoding="utf-8")


def ids_in(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', built(page)))


def resolves(href: str, from_page: str) -> bool:
    target, _, fragment = href.partition("#")
    page = target or from_page
    return (HTML / "book" / page).is_file() and (not fragment or fragment in ids_in(page))


@pytest.mark.parametrize("claim_id", CLAIMS.index)
def test_every_evidence_and_deeper_link_resolves_in_the_built_book(claim_id):
    claim = CLAIMS.loc[claim_id]
    for field in ("evidence", "deeper"):
        ref = claim[field]
        if not isinstance(ref, str):
            continue
        href = section_href(ref)
        assert resolves(href, f"{CHAPTER}.html"), (
            f"claims.csv, claim {claim_id!r}, field '{field}': {ref!r} does not resolve in the "
            f"built book ({href} has no such id)"
        )


def test_every_claim_has_its_anchor_and_its_row():
    ids = ids_in(f"{CHAPTER}.html")
    missing = [a for a in CLAIMS.anchor if a not in ids or f"row-{a}" not in ids]
    assert not missing, f"claims without an anchor or a table row on the page: {missing}"


def test_every_link_on_the_chapter_resolves():
    text = built(f"{CHAPTER}.html")
    links = set(re.findall(r'href="((?:[\w-]+\.html)?#[\w-]+)"', text))
    assert len(links) > len(CLAIMS), "expected links to every claim's card and sections"
    broken = sorted(h for h in links if not resolves(h, f"{CHAPTER}.html"))
    assert not broken, f"links on {PAGE} that do not resolve: {broken}"


@pytest.mark.parametrize("page, other", [(CHAPTER, EVIDENCE), (EVIDENCE, CHAPTER)])
def test_the_chapter_and_its_checks_link_to_each_other(page, other):
    assert f'href="{other}.html"' in built(f"{page}.html"), f"{page}.html does not link {other}"


def test_every_claim_is_checked_on_the_evidence_page():
    ids = ids_in(f"{EVIDENCE}.html")
    missing = [c for c, e in CLAIMS.evidence.items() if e.split("#")[1] not in ids]
    assert not missing, f"claims whose check is not on {EVIDENCE}.html: {missing}"


def _section(page: str, label: str) -> str:
    text = built(page)
    start = text.index(f'id="{label}"')
    after = re.search(r"<section id=", text[start + 200 :])
    return text[start : start + 200 + after.start()] if after else text[start:]


@pytest.mark.parametrize("claim_id", CLAIMS.index[CLAIMS.deeper.notna()])
def test_each_deeper_section_links_back_to_its_claim(claim_id):
    doc, label = CLAIMS.deeper[claim_id].split("#")
    back = f'href="{CHAPTER}.html#{CLAIMS.anchor[claim_id]}"'
    assert back in _section(f"{doc}.html", label), (
        f"book/{doc}.md, section {label!r}: no link back to the claim {claim_id!r} "
        f"(expected {{ref}}`… <{CLAIMS.anchor[claim_id]}>` in that section)"
    )


def test_the_prose_has_no_unresolved_glue_and_every_card_a_verdict():
    text = built(f"{CHAPTER}.html")
    assert "{glue" not in text and "glue:md" not in text
    for claim in CLAIMS.itertuples():
        card = re.search(rf'id="{claim.anchor}"(.*?)</p>', text, re.S).group(1)
        words = html_lib.unescape(re.sub(r"<[^>]+>", "", card))
        assert claim.verdict.capitalize() in words, claim.claim_id


@pytest.fixture
def chapter(browser, site):
    visit = PageVisit(browser, site, PAGE, 390)
    yield visit
    visit.close()


def _shown(chapter):
    return chapter.page.locator(".bkc-table tbody tr:visible").count()


def test_table_filters_by_article_and_verdict_without_a_kernel(chapter):
    page = chapter.page
    assert _shown(chapter) == len(CLAIMS)
    article = CLAIMS.article_ref.iloc[0]
    page.locator(f'label[for="bkc-a-{article}"]').click()
    assert _shown(chapter) == int((CLAIMS.article_ref == article).sum())
    page.locator('label[for="bkc-v-true"]').click()
    both = (CLAIMS.article_ref == article) & (CLAIMS.verdict == "true")
    assert _shown(chapter) == int(both.sum())
    count = page.locator(".bkc-count").evaluate("el => getComputedStyle(el, '::before').content")
    assert f"Showing {int(both.sum())} of" in count or "counter(" in count
    page.locator('label[for="bkc-a-all"]').click()
    page.locator('label[for="bkc-v-false"]').click()
    assert _shown(chapter) == int((CLAIMS.verdict == "false").sum())
    # A claim's text jumps to its card, on the same page.
    row = page.locator(".bkc-table tbody tr:visible").first
    row.locator("a").first.click()
    page.wait_for_function("() => location.hash.startsWith('#claim-')")
    assert chapter.errors == []
