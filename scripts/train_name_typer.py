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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg_train.name_typer import TRAIN_FILES, examples, train  # noqa: E402


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
