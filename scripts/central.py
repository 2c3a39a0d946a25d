"""Most central methods, datasets and tasks of a built graph: papers, PageRank, betweenness."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.central import centrality  # noqa: E402
from kg.analyse.script import open_corpus, parser, run, show  # noqa: E402
from kg.model import ENTITY_TYPES  # noqa: E402


def main() -> None:
    """Print the most central entities, optionally of one type."""
    p = parser(__doc__)
    p.add_argument("--type", choices=ENTITY_TYPES, help="only this entity type")
    p.add_argument("--samples", type=int, help="betweenness sources to sample (default: by graph size)")
    args = p.parse_args()
    frame = centrality(open_corpus(args.out), samples=args.samples)
    if args.type:
        frame = frame[frame["type"] == args.type]
    show(frame, args.top, args.csv)


if __name__ == "__main__":
    run(main)
