"""The CSV files a French page offers are French: headers, names and verdicts; numbers stay
machine-readable (baikonur.downloads.in_edition)."""

from __future__ import annotations

import pandas as pd
import pytest

from baikonur import i18n
from baikonur.downloads import DOWNLOADS_ENV, in_edition, save_download


@pytest.fixture
def french(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "fr")


def test_a_french_download_has_french_headers_and_words(tmp_path, monkeypatch, french):
    monkeypatch.setenv(DOWNLOADS_ENV, str(tmp_path))
    frame = pd.DataFrame(
        {
            "year": [1957, 2026],
            "spaceport": ["Plesetsk", "Cape Canaveral / KSC"],
            "baikonur_share_pct": [20.4, 1546.5],
            "partial_year": [False, True],
        }
    )
    path = save_download(frame, "how-busy", "t.csv", "GCAT, J. McDowell, CC BY")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "année,cosmodrome,part_baïkonour_pct,année_incomplète,source"
    assert "Plessetsk" in text and "Cap Canaveral / KSC" in text
    assert "Plesetsk" not in text and "Cape" not in text
    # Numbers as a program reads them: a decimal point, no thousands separator.
    back = pd.read_csv(path)
    assert back["part_baïkonour_pct"].tolist() == [20.4, 1546.5]
    assert back["année_incomplète"].tolist() == ["non", "oui"]


def test_a_french_claims_table_gives_its_verdicts_in_french(french):
    claims = pd.DataFrame({"claim_id": ["x"], "verdict": ["true"], "sources": ["mcdowell_gcat"]})
    words = in_edition(claims)
    assert words.columns.tolist() == ["identifiant", "verdict", "sources"]
    assert words.verdict.tolist() == ["vrai"]
    assert words.sources.tolist() == ["mcdowell_gcat"]  # a key stays a key


def test_a_column_without_french_header_is_named(french):
    with pytest.raises(KeyError, match=r"no French header for the download column\(s\) \['oops'\]"):
        in_edition(pd.DataFrame({"oops": [1]}))


def test_the_english_download_is_unchanged(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    frame = pd.DataFrame({"spaceport": ["Plesetsk"], "partial_year": [True]})
    assert in_edition(frame) is frame
