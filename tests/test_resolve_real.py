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
from kg.resolve import key
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


def test_narrower_tasks_roll_up_to_the_task_they_narrow(real_build: Path) -> None:
    table = pq.read_table(real_build / "tables" / "nodes.Task.parquet", columns=["id", "name", "aliases"])
    forms = {r["id"]: [r["name"], *(r["aliases"] or [])] for r in table.to_pylist()}
    edges = pq.read_table(real_build / "tables" / "edges.VARIANT_OF.Task.Task.parquet").to_pylist()
    assert len(edges) >= 50

    def ends(word: str, form: str) -> bool:  # the form's last word, or its last words' initials
        words = re.split(r"[\s-]+", form)
        return key(re.split(r"[\s-]+", word)[-1]) == key(words[-1]) or any(
            word.isupper() and word == "".join(w[0] for w in words[-k:]).upper() for k in (2, 3))

    for e in edges:  # words in front of a name of the wider task ("long video QA": video QA)
        narrow, wide = forms[e["source"]][0].split(), forms[e["target"]][0]
        assert len(narrow) > 2 and any(ends(narrow[-1], f) for f in forms[e["target"]]), (narrow, wide)
    pairs = {(forms[e["source"]][0], forms[e["target"]][0]) for e in edges}
    assert ("visual question answering", "question answering") in pairs
    assert not {wide for narrow, wide in pairs if narrow.startswith(("self-", "semi-", "in-"))} & {
        "supervised learning", "context learning"}
