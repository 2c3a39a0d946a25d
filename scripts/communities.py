"""Communities of the entity graph (Louvain), each named by its most-studied entities."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.communities import communities  # noqa: E402
from kg.analyse.script import open_corpus, parser, run, show  # noqa: E402


def main() -> None:
    """Print the largest communities; --csv writes every entity's community."""
    p = parser(__doc__)
    p.add_argument("--seed", type=int, default=0, help="Louvain seed (default 0)")
    p.add_argument("--resolution", type=float, default=1.0, help="above 1 gives smaller communities")
    args = p.parse_args()
    found = communities(open_corpus(args.out), seed=args.seed, resolution=args.resolution)
    if args.csv:
        found.members.to_csv(args.csv, index=False)
    show(found.summary, args.top, None)


if __name__ == "__main__":
    run(main)
