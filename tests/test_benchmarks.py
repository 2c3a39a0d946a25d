"""The benchmark code in benchmarks/: the scale benchmark's corpus generator (same seed same
bytes, readable records, lexicon names in) and Markdown report of measured stages against the
targets, and the synthetic graph the analysis and store benchmarks run on."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import report  # noqa: E402
from synth_corpus import make_corpus  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402

from kg.analyse.corpus import Corpus  # noqa: E402
from kg.analyse.report import run_analyses  # noqa: E402
from kg.extract import load_lexicon  # noqa: E402
from kg.graph import schema_problems  # noqa: E402
from kg.read import read_papers  # noqa: E402

N = 60


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(tmp_path):
    a = make_corpus(N, tmp_path / "a.jsonl", seed=3)
    b = make_corpus(N, tmp_path / "b.jsonl", seed=3)
    c = make_corpus(N, tmp_path / "c.jsonl", seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_records_have_the_four_fields_unique_ids_and_dates_in_range(tmp_path):
    path = make_corpus(N, tmp_path / "corpus.jsonl")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == N
    assert all(list(r) == ["id", "title", "abstract", "date"] for r in records)
    assert len({r["id"] for r in records}) == N
    years = {dt.date.fromisoformat(r["date"]).year for r in records}
    assert years <= set(range(2015, 2027)) and len(years) > 3
    assert all(r["title"].strip() and len(r["abstract"]) > 100 for r in records)
    assert not any("\x00" in r["title"] + r["abstract"] for r in records)


def test_the_reader_takes_every_record_and_lexicon_names_appear(tmp_path):
    path = make_corpus(N, tmp_path / "corpus.jsonl", seed=1)
    issues: list = []
    papers = list(read_papers([path], issues.append))
    assert issues == [] and len(papers) == N
    assert all(p.date and p.year for p in papers)
    names = {form for entry in load_lexicon() for form in entry.forms() if len(form) >= 4}
    with_names = [p for p in papers if any(name in p.abstract for name in names)]
    assert len(with_names) == N


def _stage(seconds: float, papers: int, self_mb: float, child_mb: float = 0.0, **extra) -> dict:
    return {"seconds": seconds, "papers": papers, "self_mb": self_mb, "child_mb": child_mb, **extra}


def test_report_rates_each_stage_and_judges_the_targets():
    result = {
        "n": 1000, "mode": "local", "workers": 2, "corpus_bytes": 2**20, "generate_s": 0.5,
        "notes": ["extractor version abc"],
        "outputs": {"papers.jsonl": 2**21, "extractions.jsonl": 0, "tables": 0, "graph.json": 0, "graph.graphml": 0,
                    "alias_table.json": 0, "cache.sqlite": 0, "store": 0},
        "stages": {
            "read": _stage(0.1, 1000, 90),
            "extract": _stage(4.0, 1000, 150, 900),
            "resolve+link": _stage(2.0, 1000, 400, nodes=10, edges=50_000),
            "store": _stage(1.0, 1000, 300, nodes=10, edges=50_000),
            "networkx graph": _stage(3.0, 100, 900, nodes=20, edges=5_000, sampled=True),
        },
    }
    text = report([result])
    assert "| 1,000 | local w2 | extract | 4.0 | 250 |" in text
    assert "| 1,000 | 1.0 | 2.0 | 0.0 |" in text
    assert "| networkx graph | 3.0 | 33 | 20 nodes, 5,000 edges (sample) |" in text
    assert "| 1,000 | extract >= 500 papers/s | 250 papers/s | GAP |" in text
    assert "| 1,950 MiB | met |" in text
    assert "| 1,000 | store load >= 100,000 edges/s | 50,000 edges/s | GAP |" in text
    assert "700 s per 100k | GAP |" in text
    assert "- 1,000: extractor version abc" in text


def test_synthetic_benchmark_graph_keeps_the_contract_and_runs_every_analysis(tmp_path):
    g = synthetic_graph(600, seed=1)
    assert schema_problems(g) == []
    corpus = Corpus.from_graph(g)
    assert len(corpus.papers) == 600 and len(corpus.paper_entities) == 600
    undated = sum("year" not in d for d in corpus.papers.values())
    assert 20 < undated < 120  # about a tenth, as the seeds' "May 9" dates
    text = run_analyses(g, tmp_path).path.read_text(encoding="utf-8")
    assert f"{600 - undated} papers have a year; {undated} are undated" in text
    assert len(pd.read_csv(tmp_path / "report_files" / "central.csv")) == len(corpus.entities)
