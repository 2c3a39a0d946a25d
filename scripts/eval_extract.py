#!/usr/bin/env python3
"""Score the extractor: 5-fold cross-validation over the annotated papers (the headline figure),
SciERC test and SciREX dev, and speed.

    .venv/bin/python scripts/eval_extract.py [--shared ../shared] [--rules] [--untagged]
                                             [--try-shift S ...] [--cv-only | --no-cv]

Cross-validation follows shared/eval/folds.json over train, dev, train_pwc and train_arx
(1,452 papers; scored over all of them and over the first three, the 452 papers of before):
for each fold, the lexicon loses every entry that only that fold's annotations name, and the
span tagger and the decider are fitted on the other four folds (kg_train.decider), so nothing
learned has seen the papers it is scored on. Scores come from shared/eval/score.py itself (loaded, not copied).
SciERC and SciREX are scored per abstract on distinct entity names with the same matcher
(Material counts as dataset; Metric and other types are left out).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Extractor  # noqa: E402
from kg.schema import ENTITY_TYPES  # noqa: E402
from kg_train.decider import (FAST_REGULARISATION, NONE_SHIFT, REGULARISATION,  # noqa: E402
                              cross_validate, external_sequences, predict)

TYPES = ENTITY_TYPES
SETS = ("train", "dev", "train_pwc", "train_arx")
OLD_SETS = SETS[:3]  # the 452 papers annotated before train_arx


def load_scorer(shared: Path) -> ModuleType:
    """The project's reference scorer, imported from shared/eval/score.py."""
    spec = importlib.util.spec_from_file_location("kg_ref_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_rows(path: Path) -> list[dict]:
    """JSON lines as dicts."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def timed_predict(extractor: Extractor, rows: list[dict]) -> tuple[dict[str, list], float]:
    """Entities per paper id, and papers per second."""
    t0 = time.perf_counter()
    out = predict(extractor, rows)
    return out, len(rows) / max(time.perf_counter() - t0, 1e-9)


def error_counts(scorer: ModuleType, pred: dict, gold: dict) -> Counter:
    """Misses and spurious entities by type, and type confusions (a spurious X whose name is a
    missed Y)."""
    counts: Counter = Counter()
    for pid, g in gold.items():
        *_, misses, spurious = scorer.match_paper(pred.get(pid, []), g)
        missed_forms = {f: m["type"] for m in misses for f in scorer.forms(m)}
        for s in spurious:
            other = next((missed_forms[f] for f in scorer.forms(s) if f in missed_forms), None)
            counts[f"{other} typed {s['type']}" if other else f"spurious {s['type']}"] += 1
        for m in misses:
            counts[f"missed {m['type']}"] += 1
    return counts


def report(scorer: ModuleType, title: str, pred: dict, gold: dict, errors: bool = True) -> None:
    """P/R/F1 by type and role accuracy as a Markdown table, then the error counts."""
    s = scorer.score(pred, gold)
    print(f"\n{title}\n")
    print("| type | P | R | F1 | tp | fp | fn | role accuracy |\n|---|---|---|---|---|---|---|---|")
    for t in (*TYPES, "all", "untyped"):
        r = s[t]
        role = "" if r["role_accuracy"] is None else f"{r['role_accuracy']:.3f}"
        print(f"| {t} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} "
              f"| {r['fp']} | {r['fn']} | {role} |")
    if errors:
        counts = error_counts(scorer, pred, gold)
        print("\nerrors: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def cv_section(scorer: ModuleType, shared: Path, rules: bool, shifts: list[float],
               tagged: bool = True, only: list[int] | None = None, fraction: float = 1.0,
               save: Path | None = None, load: list[Path] = (),
               c: float = REGULARISATION) -> None:
    """Cross-validated scores of the learned extractor (and of the rules alone, on request).
    With `only`, just those folds, their predictions written to `save`; with `load`, the
    predictions of such runs put together and scored."""
    rows = [r for name in SETS for r in read_rows(shared / "eval" / f"{name}.jsonl")]
    folds = json.loads((shared / "eval" / "folds.json").read_text())["folds"]
    gold = {str(r["id"]): r["entities"] for r in rows}
    if rules:
        report(scorer, "rules alone, lexicon held out by fold",
               cross_validate(rows, folds, learned=False)[0.0], gold)
    chosen = tuple(sorted({NONE_SHIFT, *shifts}))
    if load:
        by_shift = {NONE_SHIFT: {}}
        for path in load:
            by_shift[NONE_SHIFT].update(json.loads(path.read_text(encoding="utf-8")))
        chosen = (NONE_SHIFT,)
    else:
        extra = external_sequences(shared, rows) if tagged else []
        by_shift = cross_validate(rows, folds, c=c, shifts=chosen, tagged=tagged, extra=extra,
                                  only=only, fraction=fraction)
    if save:
        save.write_text(json.dumps(by_shift[NONE_SHIFT], sort_keys=True), encoding="utf-8")
    pred = by_shift[NONE_SHIFT]
    gold = {i: g for i, g in gold.items() if i in pred}
    for shift in chosen:
        s = scorer.score(by_shift[shift], gold)["all"]
        print(f"none shift {shift}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    report(scorer, f"5-fold cross-validation, {len(gold)} papers scored", pred, gold)
    old = {str(r["id"]) for name in OLD_SETS for r in read_rows(shared / "eval" / f"{name}.jsonl")}
    report(scorer, f"the same predictions over the {len(old & gold.keys())} papers of "
           f"{', '.join(OLD_SETS)}", {i: pred[i] for i in old & gold.keys()},
           {i: gold[i] for i in old & gold.keys()})
    for name in SETS:
        ids = [i for i in (str(r["id"]) for r in read_rows(shared / "eval" / f"{name}.jsonl"))
               if i in gold]
        s = scorer.score({i: pred.get(i, []) for i in ids}, {i: gold[i] for i in ids})
        print(f"  {name}: typed F1 {s['all']['f1']:.3f} (P {s['all']['precision']:.3f} "
              f"R {s['all']['recall']:.3f}; task F1 {s['task']['f1']:.3f})")


def span_gold(rows: list[dict]) -> dict[str, list[dict]]:
    """Span-annotated corpora as distinct entities per abstract."""
    gold = {}
    for r in rows:
        seen, ents = set(), []
        for e in r["entities"]:
            key = (e["type"], e["name"].lower())
            if e["type"] in TYPES and key not in seen:
                seen.add(key)
                ents.append({"type": e["type"], "name": e["name"], "aliases": []})
        gold[str(r["id"])] = ents
    return gold


def corpus_sections(scorer: ModuleType, extractor: Extractor, shared: Path) -> None:
    """SciERC test and SciREX dev, per abstract; they carry no roles to compare."""
    for name, rel in (("SciERC test", "data/scierc/scierc_test.jsonl"),
                      ("SciREX dev", "data/scirex/scirex_abstracts_dev.jsonl")):
        rows = read_rows(shared / rel)
        pred, _ = timed_predict(extractor, rows)
        for ents in pred.values():
            for e in ents:
                e.pop("role")
        report(scorer, f"{name} ({len(rows)} abstracts, distinct entities per abstract)",
               pred, span_gold(rows), errors=False)


def speed_section(extractor: Extractor, shared: Path) -> None:
    """Papers per second on the dev papers repeated."""
    rows = (read_rows(shared / "eval" / "dev.jsonl") * 50)[:3000]
    rows = [{**r, "id": str(i)} for i, r in enumerate(rows)]
    _, pps = timed_predict(extractor, rows)
    print(f"\nspeed: {pps:,.0f} papers/s (1 process, {len(rows)} dev papers)")


def main() -> int:
    """Run every evaluation and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--rules", action="store_true",
                    help="also cross-validate the rules' own decisions, for comparison")
    ap.add_argument("--try-shift", type=float, nargs="*", default=[],
                    help="also score these shifts of the 'not an entity' bias")
    ap.add_argument("--cv-only", action="store_true", help="skip SciERC, SciREX and speed")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    ap.add_argument("--untagged", action="store_true",
                    help="cross-validate without the span tagger, for comparison")
    ap.add_argument("--folds", type=int, nargs="*", default=None,
                    help="cross-validate only these folds (run several processes side by side)")
    ap.add_argument("--fraction", type=float, default=1.0,
                    help="keep this share of each fold's training papers (learning curve)")
    ap.add_argument("--save", type=Path, help="write the cross-validated predictions here")
    ap.add_argument("--load", type=Path, nargs="*", default=[],
                    help="score the predictions of earlier --save runs put together")
    ap.add_argument("--c", type=float, default=None,
                    help="the decider's inverse L2 strength (default: the shipped models')")
    a = ap.parse_args()
    scorer = load_scorer(a.shared)
    if not a.no_cv:
        cv_section(scorer, a.shared, a.rules, a.try_shift, not a.untagged, a.folds,
                   a.fraction, a.save, a.load,
                   a.c or (FAST_REGULARISATION if a.untagged else REGULARISATION))
    if not a.cv_only:
        extractor = Extractor()
        corpus_sections(scorer, extractor, a.shared)
        speed_section(extractor, a.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
