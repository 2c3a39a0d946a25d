#!/usr/bin/env python3
"""Train the extractor's learned parts from the annotated papers and write the shipped models:
the span tagger (kg/data/tagger.crfsuite), the decider (kg/data/decider.json), and the decider
of the fast pipeline, which runs no tagger (kg/data/decider_fast.json).

    .venv/bin/python scripts/train_decider.py [--shared ../shared] [--out kg/data/decider.json]
                                              [--tagger-out kg/data/tagger.crfsuite]
                                              [--fast-out kg/data/decider_fast.json]

Reads shared/eval/train.jsonl, dev.jsonl, train_pwc.jsonl and train_arx.jsonl (1,452 papers), and for the
tagger also SciREX's train abstracts (shared/data/scirex, kg_train.decider.EXTERNAL). The papers of
each fold of shared/eval/folds.json are read with a lexicon that lacks what only that fold's
annotations name, and the decider's examples with a tagger trained on the other folds
(kg_train.decider.cross_fitted), so the decider learns how far to trust a lexicon hit or a
tagged span on a paper neither was learned from. Deterministic: the same data give the same
bytes. scripts/eval_extract.py reports the cross-validated scores.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.learned.decider import FAST_MODEL_PATH, MODEL_PATH  # noqa: E402
from kg.extract.learned.tagger import MODEL_PATH as TAGGER_PATH  # noqa: E402
from kg_train.decider import (FAST_REGULARISATION, NONE_SHIFT, REGULARISATION,  # noqa: E402
                              cross_fitted, external_sequences, fit_decider, write_decider)
from kg_train.tagger import fit_tagger  # noqa: E402

SETS = ("train", "dev", "train_pwc", "train_arx")


def main() -> int:
    """Train on every annotated paper and write the model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--tagger-out", type=Path, default=TAGGER_PATH)
    ap.add_argument("--fast-out", type=Path, default=FAST_MODEL_PATH)
    ap.add_argument("--c", type=float, default=REGULARISATION, help="inverse L2 strength")
    ap.add_argument("--fast-c", type=float, default=FAST_REGULARISATION,
                    help="inverse L2 strength of the fast pipeline's decider")
    ap.add_argument("--shift", type=float, default=NONE_SHIFT,
                    help="log-odds taken from 'not an entity'")
    a = ap.parse_args()
    rows = []
    for name in SETS:
        with (a.shared / "eval" / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    folds = json.loads((a.shared / "eval" / "folds.json").read_text())["folds"]
    extra = external_sequences(a.shared, rows)
    examples, sequences = cross_fitted(rows, folds, extra=extra)
    decider = fit_decider(examples, a.c, a.shift)
    write_decider(decider, a.out)
    fit_tagger([*sequences, *extra], a.tagger_out)
    untagged, _ = cross_fitted(rows, folds, tagged=False)
    write_decider(fit_decider(untagged, a.fast_c, a.shift), a.fast_out)
    print(f"wrote {a.out} ({len(rows)} papers; {len(decider.entity.weights)} entity and "
          f"{len(decider.role.weights)} role features), {a.tagger_out} and {a.fast_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
