"""Analyses on small hand-built graphs whose right answers are known."""
from __future__ import annotations

import math
import re
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kg.analyse.central import betweenness, betweenness_samples, centrality, pagerank
from kg.analyse.communities import communities
from kg.analyse.corpus import Corpus
from kg.analyse.gaps import GENERIC_SPECIFICITY, pair_matrix, predict_links, specificity
from kg.analyse.paths import describe, entity_paths
from kg.analyse.report import ANALYSES, run_analyses
from kg.analyse.similar import similar_papers
from kg.analyse.trends import split_year, trends
from kg.errors import AnalysisError, ExportError, KGError, ReportWriteError
from kg.graph import schema_problems
from kg.schema import PAIR_REL, mention_rel

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def build(papers: dict[str, tuple[int | None, list[str]]], aliases: dict[str, list[str]] | None = None,
          tied: set[tuple[str, str]] | None = None) -> nx.MultiDiGraph:
    """A contract-format graph from {paper id: (year or None, entity ids like "method:a")}.

    Pairs in `tied` (either order) are named in one sentence by every paper naming both.
    """
    tied = {frozenset(pair) for pair in tied or ()}
    g = nx.MultiDiGraph()
    for pid, (year, entities) in papers.items():
        dated = {"date": f"{year}-01-01", "year": year, "date_text": f"Jan 1, {year}"} if year else {"date_text": "May 9"}
        g.add_node(pid, label="Paper", id=pid, title=f"Paper {pid}", abstract="...", **dated)
        for eid in entities:
            etype, name = eid.split(":")
            if eid not in g:
                g.add_node(eid, label=etype.capitalize(), id=eid, type=etype, name=name.upper(),
                           aliases=(aliases or {}).get(eid, []), n_papers=0, n_proposed=0)
            rel = mention_rel(etype, "used")
            g.add_edge(pid, eid, key=rel, type=rel, role="used", evidence="x", start=0, end=1)
            g.nodes[eid]["n_papers"] += 1
    for pid, (_, entities) in papers.items():
        for a in entities:
            for b in entities:
                rel = PAIR_REL.get((a.split(":")[0], b.split(":")[0]))
                in_sentence = int(frozenset((a, b)) in tied)
                if rel and g.has_edge(a, b, rel):
                    g[a][b][rel]["weight"] += 1
                    g[a][b][rel]["n_sentence"] += in_sentence
                    g[a][b][rel]["papers"].append(pid)
                elif rel:
                    sentence = {"sentence": f"{a} with {b}.", "sentence_paper": pid} if in_sentence else {}
                    g.add_edge(a, b, key=rel, type=rel, weight=1, papers=[pid], n_sentence=in_sentence, **sentence)
    return g


# --- centrality -----------------------------------------------------------------------------------

def star_graph() -> nx.MultiDiGraph:
    """Method HUB appears with every dataset and task; nothing else meets except through it."""
    leaves = ["dataset:d1", "dataset:d2", "dataset:d3", "task:t1", "task:t2", "method:m1"]
    return build({f"p{i}": (2020, ["method:hub", leaf]) for i, leaf in enumerate(leaves)})


def test_hub_is_most_central_on_every_measure():
    frame = centrality(star_graph())
    hub = frame.iloc[0]
    assert hub["entity_id"] == "method:hub"
    assert hub["papers"] == 6
    assert hub["betweenness"] == pytest.approx(1.0)
    assert (frame.iloc[1:]["betweenness"] == 0).all()
    assert (frame.iloc[1:]["pagerank"] < hub["pagerank"]).all()
    assert frame["pagerank"].sum() == pytest.approx(1.0)


def test_pagerank_solves_the_weighted_pagerank_equation():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "a", 2), ("c", "d", 5)])
    nodes = list(g)
    w = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    p = w / w.sum(axis=1, keepdims=True)
    expected = np.linalg.solve(np.eye(4) - 0.85 * p.T, np.full(4, 0.15 / 4))
    rank = pagerank(g)
    assert [rank[n] for n in nodes] == pytest.approx(expected.tolist(), rel=1e-6)


def test_pagerank_spreads_isolated_nodes_rank_evenly():
    g = nx.Graph()
    g.add_nodes_from(["a", "b"])
    assert pagerank(g) == pytest.approx({"a": 0.5, "b": 0.5})
    assert pagerank(nx.Graph()) == {}


def test_betweenness_is_sampled_only_beyond_the_budget():
    small = nx.path_graph(50)
    big = nx.complete_graph(400)
    assert betweenness_samples(small) is None
    k = betweenness_samples(big)
    assert k is not None and 64 <= k < 400
    lollipop = nx.lollipop_graph(30, 30)
    nx.set_edge_attributes(lollipop, 1, "weight")
    first, again = betweenness(lollipop, samples=10, seed=3), betweenness(lollipop, samples=10, seed=3)
    assert first == again
    assert max(first, key=first.get) in range(29, 45)


# --- gaps -----------------------------------------------------------------------------------------

def gap_graph() -> nx.MultiDiGraph:
    """method:m1 and dataset:d1 share four neighbours but no paper; m2-d2 share only a hub."""
    return build({
        "a1": (2020, ["method:m1", "task:t1", "task:t2"]),
        "a2": (2020, ["method:m1", "task:t3", "method:helper"]),
        "b1": (2021, ["dataset:d1", "task:t1", "task:t2"]),
        "b2": (2021, ["dataset:d1", "task:t3", "method:helper"]),
        "h1": (2022, ["method:m2", "task:hub"]),
        "h2": (2022, ["dataset:d2", "task:hub"]),
        "h3": (2022, ["method:m1", "dataset:d2", "task:hub"]),
        "h4": (2022, ["method:helper", "dataset:d3", "task:hub"]),
    })


def row_of(gaps: pd.DataFrame, source: str, target: str) -> pd.Series | None:
    """The suggestion for one pair, or None."""
    found = gaps[(gaps["source_id"] == source) & (gaps["target_id"] == target)]
    return found.iloc[0] if len(found) else None


def test_shared_neighbours_are_scored_adamic_adar_style():
    gaps = predict_links(gap_graph(), top=100)
    row = row_of(gaps, "method:m1", "dataset:d1")
    assert row["common_neighbours"] == 4 and row["co_mentioned"] == 0
    # t1, t2, t3 each have three neighbours (m1, d1 and one more); helper has five
    assert row["adamic_adar"] == pytest.approx(3 / math.log(3) + 1 / math.log(5))
    assert row["resource_allocation"] == pytest.approx(3 / 3 + 1 / 5)
    assert row["support"] == "co-mention only" and row["sentence_neighbours"] == 0
    assert set(row["papers"].split("; ")) >= {"a1", "b1"}


def tie_graph() -> nx.MultiDiGraph:
    """m1 and d1: named in one sentence (tried). m1 and d2: only co-mentioned in c1, and both
    meet t2 in other papers. m2 and d3: never named together; sentences tie both to t3."""
    return build({
        "s1": (2020, ["method:m1", "dataset:d1", "task:t1"]),
        "c1": (2020, ["method:m1", "dataset:d2", "task:t9"]),
        "o1": (2021, ["method:m1", "task:t2"]),
        "o2": (2021, ["dataset:d2", "task:t2"]),
        "o3": (2021, ["method:m2", "task:t3"]),
        "o4": (2021, ["dataset:d3", "task:t3"]),
        "o5": (2021, ["dataset:d1", "task:t2"]),
    }, tied={("method:m1", "dataset:d1"), ("method:m2", "task:t3"), ("dataset:d3", "task:t3")})


def test_a_pair_some_sentence_ties_is_never_suggested_and_co_mention_is_shown():
    g = tie_graph()
    gaps = predict_links(g, top=100)
    assert not gaps.empty
    for s, t, rel in g.edges(keys=True):
        if g[s][t][rel].get("n_sentence"):
            assert row_of(gaps, s, t) is None
    assert row_of(gaps, "method:m1", "dataset:d1") is None  # tied, though m1 and d1 share t2
    co = row_of(gaps, "method:m1", "dataset:d2")
    assert co["co_mentioned"] == 1 and co["support"] == "co-mention only"
    # t9 is named only in c1, the paper that already co-mentions them: it is not evidence
    assert co["common_neighbours"] == 1 and co["via"] == "T2"
    never = row_of(gaps, "method:m2", "dataset:d3")
    assert never["co_mentioned"] == 0 and never["support"] == "sentence"
    assert "method:m2 with task:t3." in never["evidence"] and "dataset:d3 with task:t3." in never["evidence"]


def test_a_pair_only_its_own_papers_connect_is_not_suggested():
    g = build({"p": (2020, ["method:m", "dataset:d", "task:t", "method:other"])})
    assert predict_links(g).empty


def test_sentence_backed_neighbours_outrank_co_mention_alone():
    # a-x and b-y are mirror images, except that sentences tie a and x to their shared task
    g = build({"p1": (2020, ["method:a", "task:ta"]), "p2": (2020, ["dataset:x", "task:ta"]),
               "p3": (2020, ["method:b", "task:tb"]), "p4": (2020, ["dataset:y", "task:tb"])},
              tied={("method:a", "task:ta"), ("dataset:x", "task:ta")})
    gaps = predict_links(g, kinds=(("method", "dataset"),))
    assert gaps[["source_id", "target_id", "support"]].values.tolist()[:2] == [
        ["method:a", "dataset:x", "sentence"], ["method:b", "dataset:y", "co-mention only"]]
    assert gaps.iloc[0]["score"] == pytest.approx(4 * gaps.iloc[1]["score"])


def hub_graph() -> nx.MultiDiGraph:
    """An "LLM" method named with everything, and small specific groups that share a task each."""
    papers = {}
    for k in range(12):
        papers[f"m{k}"] = (2020, [f"method:m{k}", f"task:t{k}", "method:llm"])
        papers[f"d{k}"] = (2020, [f"dataset:d{k}", f"task:t{k}"])
        papers[f"h{k}"] = (2021, ["method:llm", f"task:u{k}", f"dataset:e{k}"])
        papers[f"g{k}"] = (2021, [f"dataset:d{k}", f"task:u{k}"])
    return build(papers)


def test_a_generic_hub_does_not_top_the_list():
    g = hub_graph()
    gaps = predict_links(g, kinds=(("method", "dataset"),), top=200)
    assert gaps.iloc[0]["source_id"] != "method:llm"
    hub = gaps[gaps["source_id"] == "method:llm"]
    assert len(hub) and hub["source_generic"].all() and not gaps.iloc[0]["source_generic"]
    # the hub shares more (and rarer) neighbours than the specific pairs: raw scores alone would put it first
    assert hub["adamic_adar"].max() > gaps.iloc[0]["adamic_adar"]
    # every pair of two specific entities ranks before any pair with a generic end
    generic = (gaps["source_generic"] | gaps["target_generic"]).tolist()
    assert generic == sorted(generic)
    spec = specificity(Corpus.from_graph(g))
    assert spec["method:llm"] < GENERIC_SPECIFICITY <= spec["method:m0"] and spec["method:m0"] < 1


def test_a_method_and_task_of_the_same_name_are_not_a_gap():
    g = build({"a": (2020, ["method:rl", "dataset:d"]), "b": (2020, ["task:rl", "dataset:d"]),
               "c": (2020, ["method:ppo", "dataset:d"])})
    gaps = predict_links(g)
    assert gaps[["source_id", "target_id"]].values.tolist() == [["method:ppo", "task:rl"]]


def test_pair_matrix_counts_papers_linking_each_pair():
    matrix = pair_matrix(gap_graph(), "method", "dataset")
    assert matrix.loc["M1", "D2"] == 1
    assert matrix.loc["M1", "D1"] == 0
    assert matrix.loc["HELPER", "D1"] == 1
    assert list(matrix.index) == ["HELPER", "M1", "M2"]  # most papers first, ties by id
    assert list(matrix.columns) == ["D1", "D2", "D3"]
    assert pair_matrix(gap_graph(), "method", "task", top=1).shape == (1, 1)


def test_pair_matrix_labels_stay_unique_when_names_repeat():
    g = build({"a": (2020, ["method:x", "dataset:d"]), "b": (2020, ["method:y", "dataset:d"])})
    g.nodes["method:y"]["name"] = "X"
    assert list(pair_matrix(g).index) == ["X (method:x)", "X (method:y)"]


# --- communities ----------------------------------------------------------------------------------

def test_two_clearly_separated_groups_are_two_communities():
    left = ["method:l1", "dataset:l2", "task:l3", "method:l4"]
    right = ["method:r1", "dataset:r2", "task:r3", "dataset:r4"]
    papers = {f"l{i}": (2020, left) for i in range(3)} | {f"r{i}": (2020, right) for i in range(4)}
    papers["bridge"] = (2020, ["method:l1", "method:r1"])
    found = communities(build(papers))
    groups = [set(found.members[found.members["community"] == c]["entity_id"]) for c in found.summary["community"]]
    assert sorted(groups, key=sorted) == sorted([set(left), set(right)], key=sorted)
    assert found.summary["size"].tolist() == [4, 4]
    right_row = found.summary[found.summary["name"].str.startswith("R1")].iloc[0]
    assert right_row["papers"] == 5 and right_row["datasets"] == 2


# --- trends ---------------------------------------------------------------------------------------

def trend_graph() -> nx.MultiDiGraph:
    """method:rise only in late years, method:fall only early, task:steady every year, two undated."""
    papers = {}
    for year in range(2016, 2024):
        for i in range(2):
            papers[f"p{year}{i}"] = (year, ["task:steady", "method:rise" if year >= 2020 else "method:fall"])
    papers["u1"] = (None, ["method:rise", "task:steady"])
    papers["u2"] = (None, ["task:steady"])
    return build(papers)


def test_rising_and_falling_entities():
    found = trends(trend_graph())
    assert found.split_year == 2020
    assert found.rising(5)["entity_id"].tolist() == ["method:rise"]
    assert found.falling(5)["entity_id"].tolist() == ["method:fall"]
    steady = found.summary.set_index("entity_id").loc["task:steady"]
    assert steady["change"] == 0 and steady["slope"] == pytest.approx(0)
    rise = found.summary.set_index("entity_id").loc["method:rise"]
    assert (rise["early_share"], rise["late_share"], rise["change"]) == (0, 1, 1)
    assert rise["slope"] > 0


def test_undated_papers_are_counted_apart_and_never_given_a_year():
    found = trends(trend_graph())
    assert found.undated == 2
    assert found.years.iloc[-1].tolist() == ["undated", 2]
    assert found.years["papers"].sum() == 18
    steady = found.per_year[found.per_year["entity_id"] == "task:steady"]
    assert steady["papers"].sum() == 16  # the two undated papers are in no year
    assert found.summary.set_index("entity_id").loc["method:rise", "undated_papers"] == 1


def test_split_year_balances_papers_and_needs_two_years():
    assert split_year(Counter({2018: 5, 2019: 1, 2020: 1, 2021: 3})) == 2019
    assert split_year(Counter({2020: 4})) is None
    assert trends(build({"a": (2020, ["method:x"]), "b": (None, ["method:x"])})).summary.empty


# --- similar papers -------------------------------------------------------------------------------

def test_similar_papers_weight_rare_shared_entities_more():
    g = build({
        "q": (2020, ["method:rare", "method:common", "dataset:mid"]),
        "rare": (2020, ["method:rare"]),
        "common": (2020, ["method:common"]),
        "both": (2020, ["method:common", "dataset:mid"]),
        "x1": (2020, ["method:common", "dataset:mid"]),
        "x2": (2020, ["method:common"]),
        "none": (2020, ["task:other"]),
    })
    found = similar_papers(g, "q")
    assert found["paper_id"].tolist()[:2] == ["rare", "both"]
    assert "none" not in found["paper_id"].tolist()
    n = 7
    scores = found.set_index("paper_id")["score"]
    assert scores["rare"] == pytest.approx(math.log(n / 2))
    assert scores["both"] == pytest.approx(math.log(n / 5) + math.log(n / 3))
    assert scores["common"] == scores["x2"] == pytest.approx(math.log(n / 5))
    assert found["paper_id"].tolist()[-2:] == ["common", "x2"]  # ties by id
    assert similar_papers(g, "PAPER Q", top=1)["paper_id"].tolist() == ["rare"]


# --- paths ----------------------------------------------------------------------------------------

def test_shortest_path_goes_through_the_expected_papers(small_graph):
    paths = entity_paths(small_graph, "dpo", "mujoco")
    assert paths == [
        ["method:direct-preference-optimization", "p3", "method:proximal-policy-optimization", "p1", "dataset:mujoco"],
        ["method:direct-preference-optimization", "p3", "method:proximal-policy-optimization", "p2", "dataset:mujoco"],
    ]
    corpus = Corpus.from_graph(small_graph)
    assert describe(corpus, paths[0]).startswith("Direct Preference Optimization → [Direct Preference")
    assert entity_paths(small_graph, "Direct preference optimization", "GSM8K") == [
        ["method:direct-preference-optimization", "p3", "dataset:gsm8k"],
        ["method:direct-preference-optimization", "p4", "dataset:gsm8k"]]
    assert len(entity_paths(small_graph, "dpo", "gsm8k", max_paths=1)) == 1


def test_entities_in_separate_components_have_no_path():
    g = build({"a": (2020, ["method:x", "dataset:y"]), "b": (2020, ["method:z"])})
    assert entity_paths(g, "X", "method:z") == []


def test_unknown_or_ambiguous_names_raise_analysis_errors(small_graph):
    with pytest.raises(AnalysisError, match="no entity 'DPX'.*did you mean 'DPO'"):
        entity_paths(small_graph, "DPX", "MuJoCo")
    g = build({"a": (2020, ["method:x", "method:y"])}, aliases={"method:x": ["XY"], "method:y": ["xy"]})
    with pytest.raises(AnalysisError, match="ambiguous: method:x, method:y"):
        entity_paths(g, "xy", "method:x")
    with pytest.raises(AnalysisError, match="no paper"):
        similar_papers(small_graph, "p99")
    assert issubclass(AnalysisError, KGError)

def test_a_shared_alias_means_the_entity_more_papers_study():
    g = build({"a": (2020, ["method:dpo", "dataset:d"]), "b": (2020, ["method:dpo"]),
               "c": (2020, ["method:direction", "dataset:d"])},
              aliases={"method:dpo": ["DPO"], "method:direction": ["DPO"]})
    corpus = Corpus.from_graph(g)
    assert corpus.find_entity("dpo") == "method:dpo"
    assert corpus.find_entity("method:DIRECTION") == "method:direction"
    assert corpus.find_entity("Direction") == "method:direction"  # a name beats another's alias

# --- report and loading ---------------------------------------------------------------------------

def test_run_analyses_writes_report_csvs_and_charts(small_graph, tmp_path):
    result = run_analyses(small_graph, tmp_path / "an")
    report = result.path
    assert result.files == report.parent / "report_files" and result.analyses == list(ANALYSES)
    text = report.read_text(encoding="utf-8")
    for heading in ["## Most central", "## Gaps", "## Communities", "## Trends", "## Similar papers", "## Paths"]:
        assert heading in text
    files = report.parent / "report_files"
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.md", "report_files"]
    for png in ["central.png", "trends.png"]:
        assert f"](report_files/{png})" in text
        assert (files / png).read_bytes()[:8] == PNG_MAGIC
    central = pd.read_csv(files / "central.csv")
    assert central.iloc[0]["entity_id"] == "method:proximal-policy-optimization"
    gaps = pd.read_csv(files / "gaps.csv")
    assert gaps.iloc[0][["source", "target"]].tolist() == ["Direct Preference Optimization", "MuJoCo"]
    assert "| Direct Preference Optimization | MuJoCo |" in text
    matrix = pd.read_csv(files / "matrix_method_dataset.csv", index_col=0)
    assert matrix.loc["Direct Preference Optimization", "GSM8K"] == 2
    assert len(pd.read_csv(files / "communities.csv")) == 2
    # p1 and p2 share three entities: the strongest match, so p1 is the example
    assert "Papers sharing the most with **PPO on MuJoCo** (`p1`" in text
    assert pd.read_csv(files / "similar.csv")["paper_id"].tolist() == ["p2", "p3"]
    # PPO is linked to everything, so the example pair is the best-ranked pair no paper links
    assert "How **GSM8K** relates to **offline reinforcement learning**" in text
    steps = pd.read_csv(files / "paths.csv")
    assert steps[steps["path"] == 0]["node_id"].tolist() == [
        "dataset:gsm8k", "p3", "method:proximal-policy-optimization", "p1", "task:offline-reinforcement-learning"]


def test_report_states_undated_papers(tmp_path):
    report = run_analyses(trend_graph(), tmp_path, only=["trends"]).path
    text = report.read_text(encoding="utf-8")
    assert "16 papers have a year; 2 are undated" in text
    assert "| RISE | method | 8 | 0 | 1 | 1 |" in text
    assert pd.read_csv(tmp_path / "report_files" / "papers_per_year.csv")["year"].tolist()[-1] == "undated"
    assert sorted(p.name for p in (tmp_path / "report_files").iterdir()) == [
        "papers_per_year.csv", "trends.csv", "trends.png", "trends_per_year.csv", "trends_top.png"]
    assert "The 5 most-studied entities of each type, by year" in text


def test_periods_are_months_when_the_dates_give_them_and_never_guessed():
    from kg.analyse.corpus import Corpus
    from kg.analyse.trends import paper_periods, year_month
    assert year_month({"date_text": "2025-03"}) == (2025, 3)
    assert year_month({"year": 2024, "date": "2024-11-02"}) == (2024, 11)
    assert year_month({"year": 2024, "month": 5}) == (2024, 5)
    assert year_month({"date_text": "May 9"}) == (None, None)
    g = nx.MultiDiGraph()
    for i, text in enumerate(["2025-01", "2025-03", "2025-03", "May 9"]):
        g.add_node(f"p{i}", label="Paper", title="t", abstract="a", date_text=text)
    assert paper_periods(Corpus.from_graph(g)) == ({"p0": "2025-01", "p1": "2025-03", "p2": "2025-03"}, "month")


def test_only_rejects_unknown_analyses(small_graph, tmp_path):
    with pytest.raises(AnalysisError, match="unknown analysis pagerank"):
        run_analyses(small_graph, tmp_path, only=["central", "pagerank"])
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_is_a_report_write_error(small_graph, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ReportWriteError, match="cannot write the analysis.*give another path with --report") as info:
        run_analyses(small_graph, blocker / "analysis", only=["central"])
    assert not isinstance(info.value, ExportError)  # an analysis is not an export


def test_graph_without_entities_still_gets_a_report(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("p1", label="Paper", id="p1", title="Lonely", abstract="...", date_text="May 9")
    text = run_analyses(g, tmp_path, only=list(ANALYSES)).path.read_text(encoding="utf-8")
    assert "1 papers (0 linking at least one entity), 0 entities" in text
    assert "0 papers have a year; 1 are undated" in text
    assert "No two papers share an entity." in text
    assert "![" not in text and not list((tmp_path / "report_files").glob("*.png"))  # no empty charts


def test_trends_without_years_draws_no_empty_chart(small_graph, tmp_path):
    for node in ("p1", "p2", "p3", "p4"):
        for key in ("year", "date"):
            small_graph.nodes[node].pop(key)
    text = run_analyses(small_graph, tmp_path, only=["trends", "central"]).path.read_text(encoding="utf-8")
    assert "0 papers have a year; 4 are undated" in text
    assert "trends.png" not in text and not (tmp_path / "report_files" / "trends.png").exists()
    assert "](report_files/central.png)" in text


def test_names_are_escaped_for_markdown(small_graph, tmp_path):
    small_graph.nodes["method:proximal-policy-optimization"]["name"] = "<script>alert(1)</script> *PPO* | x"
    small_graph.nodes["p1"]["title"] = "<img src=x onerror=alert(2)> [link](javascript:x)"
    text = run_analyses(small_graph, tmp_path).path.read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(javascript", text) and r"\[link\](javascript:x)" in text
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \*PPO\* \| x" in text


def test_paths_join_the_two_entities_asked_for(small_graph, tmp_path):
    text = run_analyses(small_graph, tmp_path, only=["paths"], pair=("dpo", "MuJoCo")).path.read_text(encoding="utf-8")
    assert "How **Direct Preference Optimization** relates to **MuJoCo**:" in text
    steps = pd.read_csv(tmp_path / "report_files" / "paths.csv")
    assert steps[steps["path"] == 0]["node_id"].tolist()[0] == "method:direct-preference-optimization"
    with pytest.raises(AnalysisError, match="nowhere"):
        run_analyses(small_graph, tmp_path / "x", only=["paths"], pair=("dpo", "nowhere"))


def test_cli_lists_every_analysis() -> None:
    from kg.analyse.report import ANALYSES
    from kg.cli import ANALYSIS_NAMES
    assert sorted(ANALYSIS_NAMES) == sorted(ANALYSES)


def test_betweenness_runs_on_the_most_studied_entities_and_leaves_the_rest_blank(small_graph):
    from kg.analyse.central import core
    from kg.analyse.corpus import Corpus
    corpus = Corpus.from_graph(small_graph)
    kept = core(corpus, size=2)
    assert set(kept) == {"method:proximal-policy-optimization", "dataset:gsm8k"}  # most papers, then id
    frame = centrality(corpus)
    assert frame["betweenness"].notna().all()  # the whole graph fits the core


def test_large_graphs_run_louvain_on_shared_entities_and_place_the_rest_by_their_papers(small_graph):
    from kg.analyse.communities import communities as find_communities
    from kg.analyse.corpus import Corpus
    g = small_graph.copy()
    g.add_node("method:lonely", label="Method", name="lonely", type="method", n_papers=1, n_proposed=0)
    g.add_edge("p4", "method:lonely", key="USES", type="USES", role="used", evidence="x", start=0, end=1,
               confidence=1.0)
    found = find_communities(Corpus.from_graph(g), louvain_all=1)  # as if the small graph were large
    members = dict(zip(found.members["entity_id"], found.members["community"]))
    # the one-paper entity joins the community of the entities its paper names (DPO, GSM8K)
    assert members["method:lonely"] == members["method:direct-preference-optimization"]
    assert set(members) == {e for e, d in g.nodes(data=True) if d["label"] in ("Method", "Dataset", "Task")}


def test_a_stray_old_paper_does_not_turn_a_monthly_corpus_yearly():
    from kg.analyse.corpus import Corpus
    from kg.analyse.trends import paper_periods
    g = nx.MultiDiGraph()
    for i in range(40):
        g.add_node(f"p{i:02d}", label="Paper", title="t", abstract="a", date_text=f"2025-0{1 + i % 3}")
    g.add_node("old", label="Paper", title="t", abstract="a", year=2018)
    periods, kind = paper_periods(Corpus.from_graph(g))
    assert kind == "month" and periods["p00"] == "2025-01" and "old" not in periods


# --- families ---------------------------------------------------------------------------------------

def test_a_family_counts_the_papers_of_its_variants_at_any_depth_once():
    from kg.analyse.families import families
    g = build({"p1": (2024, ["task:seg"]), "p2": (2024, ["task:medseg"]), "p3": (2024, ["task:semimedseg", "task:medseg"]),
               "p4": (2024, ["task:semimedseg"]), "p5": (2024, ["dataset:coco"]), "p6": (2024, ["dataset:coco17"])})
    for narrow, wide in [("task:medseg", "task:seg"), ("task:semimedseg", "task:medseg"), ("dataset:coco17", "dataset:coco")]:
        g.add_edge(narrow, wide, key="VARIANT_OF", type="VARIANT_OF", rule="x")
    rows = {r["entity_id"]: r for r in families(g).to_dict("records")}
    assert set(rows) == {"task:seg", "task:medseg", "dataset:coco"}
    assert (rows["task:seg"]["papers"], rows["task:seg"]["with_variants"], rows["task:seg"]["variants"]) == (1, 4, 2)
    assert (rows["task:medseg"]["papers"], rows["task:medseg"]["with_variants"]) == (2, 3)
    assert rows["task:seg"]["largest_variants"] == "MEDSEG (2); SEMIMEDSEG (2)"
    assert list(families(g)["entity_id"])[0] == "task:seg"  # most papers with variants first
