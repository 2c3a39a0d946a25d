#!/usr/bin/env python3
"""Score the extractor: dev typed F1 and role accuracy, SciERC test, SciREX dev, and speed.

    .venv/bin/python scripts/eval_extract.py [--shared ../shared] [--errors N] [--held-out]

Dev uses ../shared/eval/score.py itself (loaded, not copied). Dev is scored twice more to
show how much of it the built-in lexicon memorises: "lexicon held out" drops every lexicon
entry sharing a normalised form with any dev gold entity, so the rules alone must find those;
"5-fold" drops, for each fifth of the papers, only the entries naming that fifth's gold (as if
the lexicon had been grown on the other four fifths). SciERC and SciREX are scored
per abstract on distinct entity names with the same matcher (Material counts as dataset,
Metric and other types are left out), since the extractor reports entities, not spans.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Extractor  # noqa: E402
from kg.extract.lexicon import write_lexicon_without  # noqa: E402
from kg.extract.normal import norm  # noqa: E402
from kg.model import Paper  # noqa: E402
from kg.records import extraction_to_dict  # noqa: E402

TYPES = ("method", "dataset", "task")


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


def predict(extractor: Extractor, rows: list[dict]) -> tuple[dict[str, list], float]:
    """Entities per paper id, and papers per second."""
    papers = [Paper(id=str(r["id"]), title=r.get("title") or "", abstract=r.get("abstract") or "")
              for r in rows]
    t0 = time.perf_counter()
    out = {e.paper_id: extraction_to_dict(e)["entities"] for e in extractor.extract_stream(papers)}
    return out, len(papers) / max(time.perf_counter() - t0, 1e-9)


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


def print_table(title: str, scores: dict) -> None:
    """One block of P/R/F1 rows."""
    print(f"\n{title}")
    print(f"  {'':8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5} role")
    for t in (*TYPES, "all", "untyped"):
        r = scores[t]
        role = "" if r["role_accuracy"] is None else f"{r['role_accuracy']:.2f}"
        print(f"  {t:8} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['tp']:5} {r['fp']:5} {r['fn']:5} {role}")


def gold_forms(rows: list[dict]) -> set[str]:
    """Every normalised name and alias of the gold entities of `rows`."""
    return {norm(f) for r in rows for e in r["entities"]
            for f in [e["name"], *(e.get("aliases") or [])] if norm(f)}


def held_out_predictions(rows: list[dict], folds: int) -> tuple[dict[str, list], int]:
    """Predictions with the lexicon entries naming gold entities left out: of all `rows` when
    folds is 1, else of each fold's own rows only. Returns them and the entries left out."""
    pred: dict[str, list] = {}
    dropped = 0
    for k in range(folds):
        part = rows[k::folds]
        with tempfile.TemporaryDirectory() as tmp:
            dropped += write_lexicon_without(gold_forms(part), Path(tmp))
            part_pred, _ = predict(Extractor(lexicon_dir=Path(tmp)), part)
        pred.update(part_pred)
    return pred, dropped


def dev_section(scorer: ModuleType, extractor: Extractor, shared: Path, out: Path | None,
                errors: int, show_held_out: bool) -> None:
    """Dev scores with the reference scorer, also with dev-named lexicon entries held out;
    optionally the predictions and the misses (of the held-out run when --held-out)."""
    rows = read_rows(shared / "eval" / "dev.jsonl")
    pred, _ = predict(extractor, rows)
    gold = {str(r["id"]): r["entities"] for r in rows}
    print_table(f"dev ({len(gold)} papers, shared/eval/score.py)", scorer.score(pred, gold))
    held, dropped = held_out_predictions(rows, 1)
    print_table(f"dev, lexicon held out ({dropped} entries naming dev gold removed)",
                scorer.score(held, gold))
    folded, dropped = held_out_predictions(rows, 5)
    print_table(f"dev, 5-fold ({dropped / 5:.0f} entries per fold removed)",
                scorer.score(folded, gold))
    if show_held_out:
        pred = held
    if out:
        with out.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"id": r["id"], "entities": pred[str(r["id"])]}) + "\n")
    shown = 0
    for pid, g in gold.items():
        _, _, _, _, _, misses, spurious = scorer.match_paper(pred.get(pid, []), g)
        if shown >= errors or not (misses or spurious):
            continue
        shown += 1
        print(f"\n# {pid}")
        for m in misses:
            print(f"  missed   {m['type']:7} {m['name']}")
        for s in spurious:
            print(f"  spurious {s['type']:7} {s['name']}")


def corpus_sections(scorer: ModuleType, extractor: Extractor, shared: Path) -> None:
    """SciERC test and SciREX dev, per abstract; they carry no roles to compare."""
    for name, rel in (("SciERC test", "data/scierc/scierc_test.jsonl"),
                      ("SciREX dev", "data/scirex/scirex_abstracts_dev.jsonl")):
        path = shared / rel
        if not path.is_file():
            continue
        rows = read_rows(path)
        pred, _ = predict(extractor, rows)
        for ents in pred.values():
            for e in ents:
                e.pop("role")
        print_table(f"{name} ({len(rows)} abstracts, distinct entities per abstract)",
                    scorer.score(pred, span_gold(rows)))


def speed_section(extractor: Extractor, shared: Path) -> None:
    """Papers per second on the dev papers repeated."""
    rows = (read_rows(shared / "eval" / "dev.jsonl") * 50)[:3000]
    _, pps = predict(extractor, rows)
    print(f"\nspeed: {pps:,.0f} papers/s (1 process, {len(rows)} dev papers)")


def main() -> int:
    """Run every evaluation and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--errors", type=int, default=0, help="list dev misses for N papers")
    ap.add_argument("--out", type=Path, help="also write dev predictions as JSON lines here")
    ap.add_argument("--held-out", action="store_true",
                    help="write and list the lexicon-held-out predictions instead")
    a = ap.parse_args()
    scorer = load_scorer(a.shared)
    extractor = Extractor()
    print(f"extractor version {extractor.version}")
    dev_section(scorer, extractor, a.shared, a.out, a.errors, a.held_out)
    corpus_sections(scorer, extractor, a.shared)
    speed_section(extractor, a.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
