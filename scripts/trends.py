"""Rising and falling entities by year; papers without a year are counted as undated."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.script import open_corpus, parser, run, show  # noqa: E402
from kg.analyse.trends import MIN_PAPERS, trends  # noqa: E402


def main() -> None:
    """Print papers per year, then the most rising and falling entities."""
    p = parser(__doc__)
    p.add_argument("--min-papers", type=int, default=MIN_PAPERS,
                   help=f"dated papers an entity needs to be ranked (default {MIN_PAPERS})")
    args = p.parse_args()
    found = trends(open_corpus(args.out), min_papers=args.min_papers)
    show(found.years, len(found.years), None)
    if found.split_year is None:
        print("rising and falling entities need papers from at least two years")
        return
    print(f"\nrising (late half from {found.split_year}):")
    show(found.rising(args.top), args.top, None)
    print("\nfalling:")
    show(found.falling(args.top), args.top, None)
    if args.csv:
        found.summary.to_csv(args.csv, index=False)


if __name__ == "__main__":
    run(main)
