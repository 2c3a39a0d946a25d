#!/usr/bin/env python3
"""Train the name typer: naive-Bayes counts of (name shape, suffix, neighbouring words) per
entity type, from the TRAIN splits only of SciERC, SciREX and TDMSci.

    .venv/bin/python scripts/train_name_typer.py [--shared ../shared] [--out kg/data/name_typer.json]

Only name-like single tokens (capitals inside, digits) are learned: the extractor asks the typer
about such tokens when neither the lexicon nor a cue word types them. Deterministic: counts only.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract.name_typer import features, is_typed_name  # noqa: E402
from kg.schema import ENTITY_TYPES  # noqa: E402

TRAIN_FILES = ("data/scierc/scierc_train.jsonl", "data/scirex/scirex_abstracts_train.jsonl",
               "data/tdmsci/tdmsci_train.jsonl")
TYPES = ENTITY_TYPES
MIN_FEATURE_COUNT = 2


def examples(path: Path) -> list[tuple[str, list[str]]]:
    """(type, features) for every name-like one-token entity mention in a span-annotated file."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for ent in row["entities"]:
                text = row.get(ent.get("field") or "abstract") or row.get("title") or ""
                if ent["type"] not in TYPES or text[ent["start"]:ent["end"]] != ent["name"]:
                    continue
                name = ent["name"].replace(" - ", "-")
                if " " in name or not is_typed_name(name):
                    continue
                before = text[:ent["start"]].lower().split()
                after = text[ent["end"]:].lower().split()
                out.append((ent["type"], features(name, before[-2:], after[:2])))
    return out


def train(rows: list[tuple[str, list[str]]]) -> dict:
    """Class and per-class feature counts, dropping features seen fewer than twice."""
    classes = Counter(t for t, _ in rows)
    counts: dict[str, Counter] = defaultdict(Counter)
    for etype, feats in rows:
        for f in feats:
            counts[f][etype] += 1
    kept = {f: dict(sorted(c.items())) for f, c in sorted(counts.items())
            if sum(c.values()) >= MIN_FEATURE_COUNT}
    return {"classes": dict(sorted(classes.items())), "features": kept}


def main() -> int:
    """Count, write the JSON table, report its size."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "data" / "name_typer.json")
    a = ap.parse_args()
    rows = [ex for rel in TRAIN_FILES for ex in examples(a.shared / rel)]
    table = train(rows)
    a.out.write_text(json.dumps(table, separators=(",", ":"), sort_keys=True) + "\n",
                     encoding="utf-8")
    print(f"{len(rows)} name mentions {table['classes']}, {len(table['features'])} features, "
          f"{a.out.stat().st_size:,} bytes -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
