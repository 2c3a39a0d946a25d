"""How two entities are connected: shortest paths through papers."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.paths import MAX_PATHS, describe, entity_paths, paths_frame  # noqa: E402
from kg.analyse.script import open_corpus, parser, run  # noqa: E402


def main() -> None:
    """Print up to --top shortest paths between entities A and B (ids, names or aliases)."""
    p = parser(__doc__)
    p.add_argument("a", help="entity id, name or alias (case-insensitive)")
    p.add_argument("b", help="entity id, name or alias (case-insensitive)")
    p.set_defaults(top=MAX_PATHS)
    args = p.parse_args()
    corpus = open_corpus(args.out)
    paths = entity_paths(corpus, args.a, args.b, max_paths=args.top)
    if args.csv:
        paths_frame(corpus, paths).to_csv(args.csv, index=False)
    if not paths:
        print(f"no chain of papers connects {args.a} and {args.b}")
    for path in paths:
        print(describe(corpus, path))


if __name__ == "__main__":
    run(main)
