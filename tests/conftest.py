"""Shared fixtures: paths to the shared material and a small hand-built graph."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.tables.ties import tied_pairs

ROOT = Path(__file__).resolve().parents[1]
# The shared data beside the repository, or where KG_SHARED says (a work tree elsewhere).
SHARED = Path(os.environ.get("KG_SHARED") or ROOT.parent / "shared")
SEEDS = ROOT / "seeds"


def _paper(g: nx.MultiDiGraph, pid: str, title: str, year: int) -> None:
    g.add_node(pid, label="Paper", id=pid, title=title, abstract=f"Abstract of {title}.",
               date=f"{year}-05-01", date_text=f"May 1, {year}", year=year,
               authors=["A. Author"], n_authors=1, sources=[f"seeds/x.txt:{year}"])


def _entity(g: nx.MultiDiGraph, etype: str, name: str, aliases: list[str]) -> str:
    eid = f"{etype}:{name.lower().replace(' ', '-')}"
    g.add_node(eid, label=etype.capitalize(), id=eid, type=etype, name=name, aliases=aliases,
               n_papers=0, n_proposed=0)
    return eid


def _link(g: nx.MultiDiGraph, pid: str, eid: str, rel: str) -> None:
    role = "proposed" if rel == "PROPOSES" else "used"
    evidence = f"{g.nodes[pid]['title']} links {g.nodes[eid]['name']}."
    g.add_edge(pid, eid, key=rel, type=rel, role=role, evidence=evidence, start=0, end=len(evidence),
               confidence=1.0 if role == "proposed" else 0.75)
    g.nodes[eid]["n_papers"] += 1
    g.nodes[eid]["n_proposed"] += role == "proposed"


def _pairs(g: nx.MultiDiGraph) -> None:
    """Derived entity-entity edges, as the graph stage adds them."""
    rel_of = {("method", "dataset"): "EVALUATED_ON", ("method", "task"): "APPLIED_TO",
              ("dataset", "task"): "BENCHMARK_FOR", ("method", "method"): "USED_WITH"}
    support: dict[tuple[str, str, str], list[str]] = {}
    tied: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for pid, data in g.nodes(data=True):
        if data["label"] != "Paper":
            continue
        ents = sorted({v for _, v in g.out_edges(pid) if g.nodes[v]["label"] != "Repository"})
        ties = tied_pairs(f"{data['title']}\n\n{data['abstract']}",
                          {e: [g.nodes[e]["name"], *g.nodes[e]["aliases"]] for e in ents})
        for a in ents:
            for b in ents:
                rel = rel_of.get((g.nodes[a]["type"], g.nodes[b]["type"]))
                if rel and (rel != "USED_WITH" or a < b):  # one method-method edge a pair
                    support.setdefault((a, b, rel), []).append(pid)
                    if frozenset((a, b)) in ties:
                        tied.setdefault((a, b, rel), []).append((pid, ties[frozenset((a, b))]))
    for (a, b, rel), papers in support.items():
        ties = sorted(tied.get((a, b, rel), []))
        extra = {"sentence_paper": ties[0][0], "sentence": ties[0][1]} if ties else {}
        g.add_edge(a, b, key=rel, type=rel, weight=len(papers), papers=sorted(papers), n_sentence=len(ties), **extra)


def build_small_graph() -> nx.MultiDiGraph:
    """Four papers, a hub method (PPO), two datasets and two tasks, one repository."""
    g = nx.MultiDiGraph()
    ppo = _entity(g, "method", "Proximal Policy Optimization", ["PPO"])
    dpo = _entity(g, "method", "Direct Preference Optimization", ["DPO"])
    mujoco = _entity(g, "dataset", "MuJoCo", [])
    gsm = _entity(g, "dataset", "GSM8K", [])
    orl = _entity(g, "task", "offline reinforcement learning", ["offline RL"])
    align = _entity(g, "task", "language model alignment", [])
    for pid, title, year, links in [
        ("p1", "PPO on MuJoCo", 2019, [(ppo, "USES"), (mujoco, "EVALUATES_ON"), (orl, "ADDRESSES")]),
        ("p2", "A new offline RL method", 2021, [(ppo, "USES"), (orl, "ADDRESSES"), (mujoco, "EVALUATES_ON")]),
        ("p3", "Direct Preference Optimization: aligning LMs", 2023,
         [(dpo, "PROPOSES"), (ppo, "USES"), (align, "ADDRESSES"), (gsm, "EVALUATES_ON")]),
        ("p4", "DPO for math", 2024, [(dpo, "USES"), (gsm, "EVALUATES_ON")]),
    ]:
        _paper(g, pid, title, year)
        for eid, rel in links:
            _link(g, pid, eid, rel)
    g.add_node("repo:github.com/acme/dpo", label="Repository", id="repo:github.com/acme/dpo",
               url="https://github.com/acme/dpo", host="github.com", kind="repository")
    g.add_edge("p3", "repo:github.com/acme/dpo", key="HAS_CODE", type="HAS_CODE")
    _pairs(g)
    return g


@pytest.fixture
def small_graph() -> nx.MultiDiGraph:
    """A fresh copy of the hand-built four-paper graph."""
    return build_small_graph()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the seed pages (`kg build seeds/`), shared by every test that reads it."""
    out = tmp_path_factory.mktemp("seed_build")
    result = subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (out / "stdout.txt").write_text(result.stdout)
    return out


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Remember skipped tests: in CI a skip hides a missing dependency."""
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def _in_ci() -> bool:
    import os
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI (CI=true, as .ci/run is run), any skipped test fails the run."""
    if _SKIPPED and _in_ci():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    """Say why a run with skips failed under CI."""
    if _SKIPPED and _in_ci():
        terminalreporter.write_line(f"CI counts skipped tests as failures: {len(_SKIPPED)} "
                                    f"skipped ({', '.join(_SKIPPED[:5])})", red=True)


@pytest.fixture(scope="module")
def kg_nlp():
    """A blank English pipeline with the extractor's own tokenizer (kg/extract/config.cfg) and no
    components: what the rule modules' unit tests parse their short docs with."""
    from support.extract import blank_nlp
    return blank_nlp()
