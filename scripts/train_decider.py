#!/usr/bin/env python3
"""Train the extractor's decider from the annotated papers and write the shipped model.

    .venv/bin/python scripts/train_decider.py [--shared ../shared] [--out kg/data/decider.json]

Reads shared/eval/train.jsonl, dev.jsonl and train_pwc.jsonl (452 papers). The examples of
each fold of shared/eval/folds.json are read with a lexicon that lacks what only that fold's
annotations name (kg.extract.train.cross_fitted_examples), so the model learns how far to
trust a lexicon hit on a paper the lexicon was not written from. Deterministic: the same data
give the same bytes. scripts/eval_extract.py reports the cross-validated scores.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.decider import MODEL_PATH  # noqa: E402
from kg.extract.train import (NONE_SHIFT, REGULARISATION, cross_fitted_examples,  # noqa: E402
                              fit_decider, write_decider)

SETS = ("train", "dev", "train_pwc")


def main() -> int:
    """Train on every annotated paper and write the model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c", type=float, default=REGULARISATION, help="inverse L2 strength")
    ap.add_argument("--shift", type=float, default=NONE_SHIFT,
                    help="log-odds taken from 'not an entity'")
    a = ap.parse_args()
    rows = []
    for name in SETS:
        with (a.shared / "eval" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    folds = json.loads((a.shared / "eval" / "folds.json").read_text())["folds"]
    decider = fit_decider(cross_fitted_examples(rows, folds), a.c, a.shift)
    write_decider(decider, a.out)
    print(f"wrote {a.out} ({len(rows)} papers; {len(decider.entity.weights)} entity and "
          f"{len(decider.role.weights)} role features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
