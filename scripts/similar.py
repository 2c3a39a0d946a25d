"""Papers most like one paper: shared entities, rare ones weighted more (IDF)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.script import open_corpus, parser, run, show  # noqa: E402
from kg.analyse.similar import similar_papers  # noqa: E402


def main() -> None:
    """Print the papers most similar to PAPER (an id or exact title)."""
    p = parser(__doc__)
    p.add_argument("paper", help="paper id or title (case-insensitive)")
    args = p.parse_args()
    show(similar_papers(open_corpus(args.out), args.paper, top=args.top), args.top, args.csv)


if __name__ == "__main__":
    run(main)
