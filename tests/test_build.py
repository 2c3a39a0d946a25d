"""The build pipeline: caching, updates without rebuilding, resuming, and Dask."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cache import ExtractionCache, cache_key
from kg.errors import InternalError
from kg.graph import load_graph
from kg.model import BuildSummary, Extraction, Mention, Paper
from kg.pipeline import BuildOptions, build, paired
from kg.read import read_papers
from kg.serialise import extraction_from_dict, extraction_record

from conftest import SEEDS

FAST = dict(store=False, html=False, workers=1)


def canonical(out: Path) -> tuple[list, list]:
    """The graph's nodes and edges with all properties, in a comparable order."""
    g = load_graph(out)
    nodes = sorted((n, json.dumps(d, sort_keys=True)) for n, d in g.nodes(data=True))
    edges = sorted((a, b, k, json.dumps(d, sort_keys=True)) for a, b, k, d in g.edges(keys=True, data=True))
    return nodes, edges


def _build(inputs: list[Path], out: Path, **kw) -> BuildSummary:
    return build(inputs, out, BuildOptions(**{**FAST, **kw}), lambda issue: None)


@pytest.fixture(scope="module")
def full_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full")
    _build([SEEDS], out)
    return out


def test_update_equals_full_build_and_extracts_only_new_papers(tmp_path, full_build) -> None:
    files = sorted(SEEDS.glob("*.txt"))
    first = _build(files[:3], tmp_path)
    second = _build(files[3:], tmp_path, update=True)
    assert canonical(tmp_path) == canonical(full_build)
    assert second.extracted == second.papers - first.papers
    assert second.records == 325


def test_min_confidence_builds_the_graph_of_the_surer_mentions(tmp_path, full_build) -> None:
    """A build with min_confidence keeps only paper-entity edges at that confidence or above,
    fewer than the full build, from the same cached extractions (nothing extracted again)."""
    (tmp_path / "cache.sqlite").write_bytes((full_build / "cache.sqlite").read_bytes())
    summary = _build([SEEDS], tmp_path, min_confidence=0.9)
    assert summary.extracted == 0

    def mentions(out: Path) -> set:
        g = load_graph(out)
        return {(a, k, d["confidence"]) for a, b, k, d in g.edges(keys=True, data=True)
                if "confidence" in d}

    everything, sure = mentions(full_build), mentions(tmp_path)
    assert all(c >= 0.9 for *_, c in sure) and 0 < len(sure) < len(everything)


def test_update_keeps_the_min_confidence_of_the_build_it_updates(tmp_path) -> None:
    """An update that names no level builds the graph the first build's level would: the
    same as building everything at that level at once."""
    files = sorted(SEEDS.glob("*.txt"))
    _build(files[:3], tmp_path / "parts", min_confidence=0.9)
    _build(files[3:], tmp_path / "parts", update=True)
    _build([SEEDS], tmp_path / "whole", min_confidence=0.9)
    assert canonical(tmp_path / "parts") == canonical(tmp_path / "whole")
    assert json.loads((tmp_path / "parts" / "build.json").read_text())["min_confidence"] == 0.9
    _build(files[3:], tmp_path / "parts", update=True, min_confidence=0.0)  # a level given wins
    assert any(d.get("confidence", 1.0) < 0.9 for *_, d in load_graph(tmp_path / "parts").edges(data=True))


def _records(path: Path, *abstracts: str) -> Path:
    lines = [json.dumps({"id": f"x{i}", "title": f"Paper {i}", "abstract": a}) for i, a in enumerate(abstracts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


SHORT = "We study control. Results are strong."
LONGER = "We study control. We train policies with Proximal Policy Optimization (PPO) on MuJoCo."


def test_records_of_one_paper_merge_before_extraction(tmp_path) -> None:
    a = _records(tmp_path / "a.jsonl", SHORT, "Another paper on nothing in particular.")
    b = _records(tmp_path / "b.jsonl", LONGER)
    summary = _build([a, b], tmp_path / "out")
    assert (summary.records, summary.papers) == (3, 2)
    g = load_graph(tmp_path / "out")
    assert g.nodes["x0"]["abstract"] == LONGER
    edge = g.edges["x0", "method:ppo", "USES"]
    text = f"Paper 0\n\n{LONGER}"  # offsets count in the title, a blank line, then the abstract
    assert text[edge["start"]:edge["end"]] == edge["evidence"]


def test_update_extracts_again_a_paper_whose_text_changed(tmp_path) -> None:
    a = _records(tmp_path / "a.jsonl", SHORT, "Another paper on nothing in particular.")
    b = _records(tmp_path / "b.jsonl", LONGER)
    _build([a], tmp_path / "old")
    second = _build([b], tmp_path / "old", update=True)
    assert (second.papers, second.extracted) == (2, 1)
    _build([a, b], tmp_path / "full")
    assert canonical(tmp_path / "old") == canonical(tmp_path / "full")
    assert load_graph(tmp_path / "old").has_edge("x0", "dataset:mujoco")


def test_update_with_a_corrected_title_keeps_the_correction(tmp_path) -> None:
    a = _records(tmp_path / "a.jsonl", LONGER)
    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text(json.dumps({"id": "x0", "title": "Paper 0, corrected", "abstract": LONGER}) + "\n")
    _build([a], tmp_path / "out")
    second = _build([fixed], tmp_path / "out", update=True)
    assert (second.papers, second.extracted) == (1, 1)
    assert load_graph(tmp_path / "out").nodes["x0"]["title"] == "Paper 0, corrected"


def test_rebuild_takes_every_extraction_from_the_cache(full_build) -> None:
    again = _build([SEEDS], full_build)
    assert again.papers == 312 and again.extracted == 0


def test_cache_keys_change_with_text_and_version(tmp_path) -> None:
    p = Paper("p1", "T", "A.")
    assert cache_key(p, "v1") != cache_key(p, "v2")
    assert cache_key(p, "v1") != cache_key(Paper("p1", "T", "B."), "v1")
    cache = ExtractionCache(tmp_path / "c.sqlite")
    ex = Extraction("p1", "T", [Mention("method", "PPO", [], "used", "A.", 3, 5)], "v1")
    cache.put_many([(cache_key(p, "v1"), extraction_record(ex))])
    found = cache.get_many([cache_key(p, "v1"), cache_key(p, "v2")])
    assert list(found) == [cache_key(p, "v1")]
    assert extraction_from_dict(json.loads(found[cache_key(p, "v1")])) == ex


def _big_input(path: Path, copies: int) -> Path:
    """The seed abstracts repeated under new ids, as JSON lines."""
    papers = list(read_papers([SEEDS], lambda issue: None))
    with open(path, "w", encoding="utf-8") as f:
        for i in range(copies):
            for p in papers:
                f.write(json.dumps({"id": f"{p.id}-{i}", "title": p.title, "abstract": p.abstract}) + "\n")
    return path


def _cached_rows(cache: Path) -> int:
    """Extractions committed to a build's cache so far (0 before the table exists)."""
    if not cache.exists():
        return 0
    with sqlite3.connect(cache) as db:
        try:
            return db.execute("SELECT count(*) FROM extraction").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def test_killed_build_resumes_without_losing_or_repeating(tmp_path) -> None:
    data = _big_input(tmp_path / "big.jsonl", 8)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "kg", "build", str(data), "-o", str(out), "--no-store", "--no-html",
           "--workers", "1", "--batch-size", "16", "--min-confidence", "0.9"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _cached_rows(out / "cache.sqlite") == 0 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    cached = _cached_rows(out / "cache.sqlite")
    assert 0 < cached < 8 * 312, "the build was not caught mid-way"
    assert not (out / "extractions.jsonl").exists()
    resumed = subprocess.run([sys.executable, "-m", "kg", "build", "--resume", "-o", str(out),
                              "--no-store", "--no-html", "--workers", "1"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"papers: {8 * 312}" in resumed.stdout
    assert f"{8 * 312 - cached} extracted" in resumed.stdout
    rows = [json.loads(line) for line in open(out / "extractions.jsonl")]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == 8 * 312
    # the resumed build kept the level the killed one was given
    assert json.loads((out / "build.json").read_text())["min_confidence"] == 0.9
    assert all(e["confidence"] >= 0.9 for row in rows for e in row["entities"])


def test_dask_local_cluster_gives_the_single_process_build(tmp_path, full_build) -> None:
    pytest.importorskip("distributed")
    _build([SEEDS], tmp_path, dask="local", workers=2)
    assert canonical(tmp_path) == canonical(full_build)


def test_papers_and_extractions_are_paired_by_id_not_only_by_position():
    papers = [Paper(id=i, title=i, abstract="a") for i in ("p1", "p2")]
    extraction = {i: Extraction(paper_id=i, title=i, mentions=[]) for i in ("p1", "p2", "p3")}
    assert [p.id for p, _ in paired(papers, [extraction["p1"], extraction["p2"]])] == ["p1", "p2"]
    for wrong in ([extraction["p1"], extraction["p3"]], [extraction["p1"]],
                  [extraction["p1"], extraction["p2"], extraction["p3"]]):
        with pytest.raises(InternalError, match="disagree"):
            list(paired(papers, wrong))



_OPENED: list[str] | None = None


def _count_opens(event: str, args: tuple) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], (str, Path)):
        _OPENED.append(Path(args[0]).name)


def test_each_file_is_read_once_per_stage(tmp_path):
    """papers.jsonl is written, read back once to extract and once to link; extractions.jsonl
    is written once and read once (the corpus votes are gathered while it is written), seen
    by Python's own audit events for every file opened."""
    global _OPENED
    sys.addaudithook(_count_opens)  # (hooks cannot be removed: it only counts while _OPENED is set)
    _OPENED = []
    try:
        summary = _build([SEEDS], tmp_path / "out")
    finally:
        opened, _OPENED = _OPENED, None
    assert summary.records > summary.papers  # the seeds hold records of one paper on two days
    assert opened.count("papers.jsonl.part") == 2  # written, read to extract
    assert opened.count("papers.jsonl") == 1  # read to link
    assert opened.count("extractions.jsonl.part") == 1  # written
    assert opened.count("extractions.jsonl") == 1  # read to link
