"""Training the name typer (kg/extract/rules/name_typer.py): naive-Bayes counts of (name shape,
suffix, neighbouring words) per entity type, from the TRAIN splits only of SciERC, SciREX and
TDMSci (scripts/train_name_typer.py writes them to kg/data/name_typer.json).

Only name-like single tokens (capitals inside, digits) are learned: the extractor asks the typer
about such tokens when neither the lexicon nor a cue word types them. Deterministic: counts only.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from kg.extract.rules.name_typer import features, is_typed_name
from kg.schema import ENTITY_TYPES

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
