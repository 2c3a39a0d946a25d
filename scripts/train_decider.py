#!/usr/bin/env python3
"""Train the extractor's decider from the annotated papers, and report cross-validated scores.

    .venv/bin/python scripts/train_decider.py [--shared ../shared] [--cv] [--out kg/data/decider.json]

Reads shared/eval/train.jsonl, dev.jsonl and train_pwc.jsonl (452 papers). With --cv, scores
5-fold cross-validation over shared/eval/folds.json first: for each fold, the lexicon loses
every entry that only that fold's annotations name, and the decider is fitted on the other
four folds (so nothing learned has seen the papers it is scored on). Then fits on all papers
with the built-in lexicon and writes the shipped model (deterministic: same data, same bytes).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.decider import MODEL_PATH  # noqa: E402
from kg.extract.train import (NONE_SHIFT, REGULARISATION, cross_fitted_examples, cross_validate, fit_decider,  # noqa: E402
                              write_decider)

SETS = ("train", "dev", "train_pwc")
TYPES = ("method", "dataset", "task")


def read_rows(path: Path) -> list[dict]:
    """JSON lines as dicts."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_scorer(shared: Path):
    """shared/eval/score.py, imported (not copied)."""
    spec = importlib.util.spec_from_file_location("kg_ref_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def error_counts(scorer, pred: dict, gold: dict) -> Counter:
    """Misses and spurious entities by type, and type confusions (a spurious X whose name is a
    missed Y)."""
    counts: Counter = Counter()
    for pid, g in gold.items():
        *_, misses, spurious = scorer.match_paper(pred.get(pid, []), g)
        missed_forms = {f: m["type"] for m in misses for f in scorer.forms(m)}
        for s in spurious:
            other = next((missed_forms[f] for f in scorer.forms(s) if f in missed_forms), None)
            if other:
                counts[f"{other} typed {s['type']}"] += 1
            else:
                counts[f"spurious {s['type']}"] += 1
        for m in misses:
            counts[f"missed {m['type']}"] += 1
    return counts


def report(scorer, title: str, pred: dict, gold: dict) -> None:
    """P/R/F1 by type, role accuracy and error counts, as a Markdown table."""
    s = scorer.score(pred, gold)
    print(f"\n{title}\n")
    print("| type | P | R | F1 | tp | fp | fn | role accuracy |\n|---|---|---|---|---|---|---|---|")
    for t in (*TYPES, "all", "untyped"):
        r = s[t]
        role = "" if r["role_accuracy"] is None else f"{r['role_accuracy']:.3f}"
        print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} "
              f"| {r['fp']} | {r['fn']} | {role} |")
    errors = error_counts(scorer, pred, gold)
    print("\nerrors: " + ", ".join(f"{k} {v}" for k, v in sorted(errors.items())))


def main() -> int:
    """Cross-validate (optional), then train and write the shipped model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cv", action="store_true", help="report 5-fold cross-validation first")
    ap.add_argument("--rules", action="store_true",
                    help="with --cv, also score the rules' own decisions under the same folds")
    ap.add_argument("--shift", type=float, default=NONE_SHIFT,
                    help="log-odds taken from 'not an entity'")
    ap.add_argument("--try-shift", type=float, nargs="*", default=[],
                    help="with --cv, also score these shifts")
    ap.add_argument("--c", type=float, default=REGULARISATION, help="inverse L2 strength")
    a = ap.parse_args()
    folds = json.loads((a.shared / "eval" / "folds.json").read_text())["folds"]
    rows = [r for name in SETS for r in read_rows(a.shared / "eval" / f"{name}.jsonl")]
    if a.cv:
        scorer = load_scorer(a.shared)
        gold = {str(r["id"]): r["entities"] for r in rows}
        if a.rules:
            report(scorer, "rules alone, lexicon held out by fold",
                   cross_validate(rows, folds, learned=False)[0.0], gold)
        shifts = tuple(sorted({a.shift, *a.try_shift}))
        by_shift = cross_validate(rows, folds, a.c, shifts=shifts)
        for shift in shifts:
            s = scorer.score(by_shift[shift], gold)["all"]
            print(f"none shift {shift}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
        pred = by_shift[a.shift]
        report(scorer, f"5-fold cross-validation, {len(rows)} papers", pred, gold)
        for name in SETS:
            ids = {str(r["id"]) for r in read_rows(a.shared / "eval" / f"{name}.jsonl")}
            s = scorer.score({i: pred.get(i, []) for i in ids}, {i: gold[i] for i in ids})
            print(f"  {name}: typed F1 {s['all']['f1']:.3f}")
    decider = fit_decider(cross_fitted_examples(rows, folds), a.c, a.shift)
    write_decider(decider, a.out)
    print(f"\nwrote {a.out} ({len(decider.entity.weights)} entity and "
          f"{len(decider.role.weights)} role features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
