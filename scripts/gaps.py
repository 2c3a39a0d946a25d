"""Promising method-dataset and method-task pairs no paper has tried, or a pair-count matrix."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.gaps import CANDIDATES, PAIR_KINDS, pair_matrix, predict_links  # noqa: E402
from kg.analyse.script import open_corpus, parser, run, show  # noqa: E402

KINDS = [f"{a}-{b}" for a, b in PAIR_KINDS]


def main() -> None:
    """Print link-prediction suggestions, or with --matrix the papers per pair."""
    p = parser(__doc__)
    p.add_argument("--kind", choices=KINDS, help="only this kind of pair")
    p.add_argument("--candidates", type=int, default=CANDIDATES,
                   help=f"most-studied entities per type to score (default {CANDIDATES})")
    p.add_argument("--matrix", action="store_true", help="print the --kind pair-count matrix instead")
    args = p.parse_args()
    corpus = open_corpus(args.out)
    kinds = tuple(k for k in PAIR_KINDS if args.kind in (None, f"{k[0]}-{k[1]}"))
    if args.matrix:
        matrix = pair_matrix(corpus, *kinds[0], top=args.top)
        if args.csv:
            matrix.to_csv(args.csv)
        print(matrix.to_string())
        return
    show(predict_links(corpus, kinds, top=max(args.top, 100), candidates=args.candidates), args.top, args.csv)


if __name__ == "__main__":
    run(main)
