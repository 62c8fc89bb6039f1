"""Lighthouse on some pages of the built site, each run reported (not only the median):

    .venv/bin/python bench/lighthouse_pages.py [--runs 3] [--preset mobile] book/how-busy.html ...

Serves ``_build/html`` as ``make bench`` does (gzipped, local tiles) and runs ``bench.py``'s
Lighthouse on each page; prints every run's scores and, for a performance under budget, the
audits and scripts behind it. Faster than the whole bench when only a few pages changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
from site_server import StaticSite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="+", help="pages of _build/html, e.g. book/how-busy.html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", choices=bench.PRESETS, default="mobile")
    args = parser.parse_args()
    out = bench.OUT / "lighthouse-pages"
    out.mkdir(parents=True, exist_ok=True)
    budget = bench.BUDGET["lighthouse"][args.preset]["performance"]
    with StaticSite(bench.ROOT / "_build" / "html") as site:
        for page in args.pages:
            reports = []
            for run in range(args.runs):
                name = f"{page.replace('/', '_')}-{args.preset}-{run}.json"
                reports.append(bench.lighthouse(site.url(page), args.preset, out / name))
            scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            summary = bench.lighthouse_summary(reports, args.preset)
            worst = "" if min(scores) >= budget else f"  below {budget}: {summary['reasons']}"
            print(f"{page} {args.preset}: performance {scores}, {summary['metrics']}{worst}")


if __name__ == "__main__":
    main()
