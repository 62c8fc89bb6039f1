"""The bibliography cites sources at their publishers: a copy read on a mirror or an aggregator is
named in the entry's note ("Read via …"), never given as the source's URL."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from pybtex.database import parse_file

from conftest import ROOT

BIBLIOGRAPHY = ROOT / "book" / "references.bib"

#: Hosts that republish other publishers' articles (scraped copies, aggregators, translations):
#: the ones the bibliography once cited as if they were the source.
MIRROR_HOSTS = (
    "actusduweb.com",
    "davacin.blogspot.com",
    "gadgetclock.com",
    "joepublic.net",
    "newsbreak.com",
    "tellerreport.com",
    "thedailyripple.org",
    "urdupoint.com",
)


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.")


def _on_a_mirror(url: str) -> bool:
    host = _host(url)
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(BIBLIOGRAPHY)).entries


def test_no_citation_points_at_a_mirror(entries):
    wrong = [
        f"{key}: {entry.fields['url']}"
        for key, entry in entries.items()
        if "url" in entry.fields and _on_a_mirror(entry.fields["url"])
    ]
    assert not wrong, (
        "cite the original publisher (its URL if known) and put the copy you read in the note, "
        '"Read via a republished copy at <host>: <URL>":\n' + "\n".join(wrong)
    )


def test_a_mirror_read_is_said_in_the_note(entries):
    # A mirror's address may appear only in a note that says it is where the source was read.
    wrong = [
        key
        for key, entry in entries.items()
        for url in re.findall(r"https?://\S+", entry.fields.get("note", ""))
        if _on_a_mirror(url) and not re.search(r"[Rr]ead via", entry.fields["note"])
    ]
    assert not wrong, f"entries that name a mirror without saying it was read there: {wrong}"


def test_the_mirror_check_recognises_a_mirror():
    assert _on_a_mirror("https://www.urdupoint.com/en/world/x.html")
    assert _on_a_mirror("http://davacin.blogspot.com/2021/10/x.html")
    assert not _on_a_mirror("https://www.space.com/russia-announces-space-station-movie-crew")
    assert not _on_a_mirror("https://blogspot.com/")
