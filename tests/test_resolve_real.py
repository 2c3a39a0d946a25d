"""Resolution on a slice of the real corpus (../shared/data/arxiv2025): no name shatters."""
from __future__ import annotations

import collections
import gzip
import itertools
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import kg
from tests.conftest import SHARED

CORPUS = SHARED / "data" / "arxiv2025" / "arxiv_2025.jsonl.gz"
N_PAPERS = 1500


@pytest.fixture(scope="module")
def real_build(tmp_path_factory) -> Path:
    """A build of the first papers of the real corpus (the file must be there: CI has it)."""
    folder = tmp_path_factory.mktemp("real")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, open(folder / "slice.jsonl", "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(fh, N_PAPERS))
    kg.build([folder / "slice.jsonl"], folder / "out", store=False, html=False, workers=1)
    return folder / "out"


def _entities(out: Path) -> list[dict]:
    rows = []
    for label in ("Method", "Dataset", "Task"):
        table = pq.read_table(out / "tables" / f"nodes.{label}.parquet", columns=["id", "name", "n_papers"])
        rows += [dict(r, label=label) for r in table.to_pylist()]
    return rows


def test_no_name_holds_two_nodes_of_one_type(real_build: Path) -> None:
    groups = collections.defaultdict(list)
    for row in _entities(real_build):
        # folded as graph_stats.py folds, except that a final + or ++ (UNet++, HumanEval+) is a
        # different thing, linked to the other by VARIANT_OF
        groups[(row["label"], re.sub(r"[^a-z0-9+]", "", row["name"].lower()))].append(row["id"])
    shattered = {k: v for k, v in groups.items() if len(v) > 1}
    assert shattered == {}


def test_popular_names_are_one_node_with_their_papers(real_build: Path) -> None:
    rows = _entities(real_build)
    by_name = collections.defaultdict(list)
    for row in rows:
        by_name[row["name"].lower()].append(row)
    for name in ("clip", "gsm8k", "mmlu"):
        assert len(by_name[name]) == 1, by_name[name]
    assert max(r["n_papers"] for r in by_name["clip"]) >= 10
    names = {r["name"].lower() for r in rows if r["label"] == "Dataset"}
    assert not names & {"f1-score", "f1", "accuracy", "hugging face", "french", "mri"}
