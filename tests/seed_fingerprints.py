"""Fingerprints of the three French articles the book starts from, so that the tests can check,
without the articles' text (which the repository may not republish), that no claim copies them
and that each French spelling the book gives is the articles' own.

A fingerprint is the first 12 hex digits of the SHA-256 of a run of words (lower case, ``\\w+``
words joined by one space): every run of six words, to find copied sentences; every run of one to
three words that all start with a capital, to find names. Written once from the articles with
``python tests/seed_fingerprints.py <folder of the articles>`` into ``tests/data/``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

FILE = Path(__file__).resolve().parent / "data" / "seed_fingerprints.json"
COPIED_RUN = 6  # words in a row that make a copied sentence


def fingerprint(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).lower().encode("utf-8")).hexdigest()[:12]


def runs(text: str, length: int, names_only: bool = False) -> set[str]:
    words = re.findall(r"\w+", text)
    return {
        fingerprint(words[i : i + length])
        for i in range(len(words) - length + 1)
        if not names_only or all(w[0].isupper() for w in words[i : i + length])
    }


def load() -> dict[str, dict[str, set[str]]]:
    """Each article's file name -> {"runs": six-word fingerprints, "names": name fingerprints}."""
    articles = json.loads(FILE.read_text(encoding="utf-8"))
    return {name: {k: set(v) for k, v in prints.items()} for name, prints in articles.items()}


def write(folder: Path) -> None:
    articles = {}
    for path in sorted(folder.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        names = set().union(*(runs(text, n, names_only=True) for n in (1, 2, 3)))
        articles[path.name] = {
            "runs": sorted(runs(text, COPIED_RUN)),
            "names": sorted(names),
        }
    FILE.write_text(json.dumps(articles, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
