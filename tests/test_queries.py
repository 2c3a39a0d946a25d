"""The example queries in kg/schemas/queries/ run on the embedded store and give the right answers."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from kg.errors import MissingParameterError, QueryError
from kg.graph import load_graph
from kg.export.cypher_files import QUERIES_DIR
from kg.store import load_store, run_query
from conftest import build_small_graph

PARAM = re.compile(r"\$(\w+)")

# query file -> (parameters, expected rows) on the small graph of conftest.py
EXPECTED = {
    "top_methods.cypher": ({"limit": 5}, [["Proximal Policy Optimization", 3],
                                          ["Direct Preference Optimization", 2]]),
    "datasets_for_method.cypher": ({"method": "PPO"}, [["MuJoCo", 2, 1, "sentence", "PPO on MuJoCo"],
                                                       ["GSM8K", 1, 0, "co-mention only", None]]),
    "papers_proposing_for_task.cypher": ({"task": "language model alignment"},
                                         [["p3", "Direct Preference Optimization: aligning LMs", 2023,
                                           "Direct Preference Optimization"]]),
    # DPO and GSM8K share two abstracts but no sentence: still untried, with the co-mention shown
    "untried_datasets.cypher": ({"limit": 5}, [["Direct Preference Optimization", "MuJoCo", 0, 1, 0],
                                               ["Proximal Policy Optimization", "GSM8K", 0, 1, 1],
                                               ["Direct Preference Optimization", "GSM8K", 0, 1, 2]]),
    "rising_entities.cypher": ({"since": 2023, "limit": 5}, [
        ["method", "Direct Preference Optimization", 0, 2, 2],
        ["dataset", "GSM8K", 0, 2, 2],
        ["task", "language model alignment", 0, 1, 1]]),
    "papers_by_year.cypher": ({"name": "PPO"}, [[2019, 1], [2021, 1], [2023, 1]]),
    "code_for_method.cypher": ({"method": "DPO"}, [["https://github.com/acme/dpo", "p3",
                                                    "Direct Preference Optimization: aligning LMs"]]),
    "evidence_for_entity.cypher": ({"name": "dataset:mujoco"}, [
        ["p1", 2019, "used", 0.75, "PPO on MuJoCo links MuJoCo."],
        ["p2", 2021, "used", 0.75, "A new offline RL method links MuJoCo."]]),
    "benchmarks_for_task.cypher": ({"task": "offline RL"}, [["MuJoCo", 2, 0, "co-mention only", None]]),
    # USED_WITH is one edge a pair (DPO -> PPO by id); the query finds it from either end
    "related_methods.cypher": ({"method": "PPO", "limit": 5},
                               [["Direct Preference Optimization", 1, 0, "co-mention only", None]]),
    # PPO shares papers with MuJoCo, offline RL, DPO, alignment and GSM8K
    "analyse_central.cypher": ({"top": 2}, [["method:proximal-policy-optimization", "Proximal Policy Optimization",
                                             "method", 3, 5], ["dataset:gsm8k", "GSM8K", "dataset", 2, 3]]),
    "analyse_pairs.cypher": ({}, [["Proximal Policy Optimization", "APPLIED_TO", "offline reinforcement learning", 2],
                                  ["Direct Preference Optimization", "APPLIED_TO", "language model alignment", 1],
                                  ["Proximal Policy Optimization", "APPLIED_TO", "language model alignment", 1],
                                  ["Direct Preference Optimization", "EVALUATED_ON", "GSM8K", 2],
                                  ["Proximal Policy Optimization", "EVALUATED_ON", "MuJoCo", 2],
                                  ["Proximal Policy Optimization", "EVALUATED_ON", "GSM8K", 1]]),
    "analyse_trends.cypher": ({}, [
        ["dataset:gsm8k", "GSM8K", "dataset", "2023", 1], ["dataset:gsm8k", "GSM8K", "dataset", "2024", 1],
        ["dataset:mujoco", "MuJoCo", "dataset", "2019", 1], ["dataset:mujoco", "MuJoCo", "dataset", "2021", 1],
        ["method:direct-preference-optimization", "Direct Preference Optimization", "method", "2023", 1],
        ["method:direct-preference-optimization", "Direct Preference Optimization", "method", "2024", 1],
        ["method:proximal-policy-optimization", "Proximal Policy Optimization", "method", "2019", 1],
        ["method:proximal-policy-optimization", "Proximal Policy Optimization", "method", "2021", 1],
        ["method:proximal-policy-optimization", "Proximal Policy Optimization", "method", "2023", 1],
        ["task:language-model-alignment", "language model alignment", "task", "2023", 1],
        ["task:offline-reinforcement-learning", "offline reinforcement learning", "task", "2019", 1],
        ["task:offline-reinforcement-learning", "offline reinforcement learning", "task", "2021", 1]]),
    # Neo4j's log is natural (the embedded store's is base 10: the translation writes ln):
    # MuJoCo and offline RL link 2 of 4 papers, PPO 3; shared entities rarest first, then by name
    "analyse_similar.cypher": ({"paper": "p1", "top": 3}, [
        ["p2", "A new offline RL method", 2 * math.log(2) + math.log(4 / 3), 3,
         ["MuJoCo", "offline reinforcement learning", "Proximal Policy Optimization"]],
        ["p3", "Direct Preference Optimization: aligning LMs", math.log(4 / 3), 1, ["Proximal Policy Optimization"]]]),
}


def _embedded_queries() -> list[Path]:
    """Query files whose header says they run on the embedded store."""
    return [p for p in sorted(QUERIES_DIR.glob("*.cypher"))
            if re.search(r"^// Engines:.*\bladybug\b", p.read_text(encoding="utf-8"), re.M)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small graph in a store, shared by this module's read-only queries."""
    path = tmp_path_factory.mktemp("queries") / "store"
    load_store(build_small_graph(), path)
    return path


def test_every_embedded_query_has_an_expected_answer():
    assert {p.name for p in _embedded_queries()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_answers_on_small_graph(store, name):
    params, rows = EXPECTED[name]
    answered = run_query(store, (QUERIES_DIR / name).read_text(encoding="utf-8"), params)[1]
    if name == "analyse_similar.cypher":  # Ladybug's collect() keeps no order (Neo4j's keeps the WITH's)
        answered = [row[:-1] + [sorted(row[-1], key=rows[i][-1].index)] for i, row in enumerate(answered)]
    assert answered == rows


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_header_says_what_it_answers_and_lists_its_parameters(name):
    text = (QUERIES_DIR / name).read_text(encoding="utf-8")
    header = [ln for ln in text.splitlines() if ln.startswith("//")]
    assert len(header) >= 3 and not header[0].startswith("// Parameters")
    listed = next(ln for ln in header if ln.startswith("// Parameters:"))
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("//"))
    assert set(PARAM.findall(listed)) == set(PARAM.findall(body)) == set(EXPECTED[name][0])


@pytest.mark.parametrize("name, param, spelling", [
    ("datasets_for_method.cypher", "method", "ppo"),
    ("datasets_for_method.cypher", "method", "proximal policy OPTIMIZATION"),
    ("benchmarks_for_task.cypher", "task", "Offline rl"),
    ("papers_by_year.cypher", "name", "METHOD:Proximal-Policy-Optimization"),
    ("code_for_method.cypher", "method", "dpo"),
])
def test_templates_match_names_aliases_and_ids_in_any_case(store, name, param, spelling):
    params, rows = EXPECTED[name]
    assert run_query(store, (QUERIES_DIR / name).read_text(encoding="utf-8"), {param: spelling})[1] == rows


def test_a_missing_parameter_is_named_with_the_fix(store):
    with pytest.raises(MissingParameterError, match=r"needs \$limit: add -p limit=VALUE"):
        run_query(store, (QUERIES_DIR / "top_methods.cypher").read_text(encoding="utf-8"), {})
    with pytest.raises(MissingParameterError, match=r"needs \$method"):
        run_query(store, (QUERIES_DIR / "datasets_for_method.cypher").read_text(encoding="utf-8"))
    # a dollar sign inside a string or a comment is not a parameter
    assert run_query(store, "// costs $5\nRETURN 'a $b' AS x")[1] == [["a $b"]]


@pytest.mark.parametrize("cypher, rows", [
    ("MATCH (:Paper)-[r]->(:Repository) RETURN type(r) LIMIT 1", [["HAS_CODE"]]),
    ("MATCH (d:Dataset) RETURN substring(d.name, 0, 3) AS s ORDER BY s", [["GSM"], ["MuJ"]]),
])
def test_neo4j_habits_are_read_as_neo4j_means_them(store, cypher, rows):
    assert run_query(store, cypher)[1] == rows


def test_the_suggested_rewrites_run_on_the_store(store):
    assert run_query(store, "MATCH (:Paper)-[r]->(:Repository) RETURN label(r)")[1] == [["HAS_CODE"]]
    assert run_query(store, "MATCH (m:Method {name: 'MuJoCo'}) RETURN m")[1] == []
    assert run_query(store, "MATCH (d:Dataset) RETURN left(d.name, 3) AS s ORDER BY s")[1] == [["GSM"], ["MuJ"]]


def test_with_order_by_without_limit_runs_in_that_order(store):
    """Neo4j's WITH ... ORDER BY needs no LIMIT; the embedded store's does, so kg query adds SKIP 0."""
    rows = run_query(store, "MATCH (m:Method) WITH m ORDER BY m.name DESC RETURN m.name")[1]
    assert rows == [["Proximal Policy Optimization"], ["Direct Preference Optimization"]]



def test_on_the_seeds_untried_pairs_are_never_ones_a_sentence_ties(seed_build):
    graph = load_graph(seed_build)
    ids: dict[str, set[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("name"):
            ids.setdefault(data["name"], set()).add(node)
    tied = {(a, b) for a, b, key, data in graph.edges(keys=True, data=True)
            if key == "EVALUATED_ON" and data.get("n_sentence", 0) > 0}
    query = (QUERIES_DIR / "untried_datasets.cypher").read_text(encoding="utf-8")
    columns, rows = run_query(seed_build / "store", query, {"limit": 300})
    assert columns == ["method", "dataset", "sentence_peers", "peers", "co_mentioned"] and len(rows) == 300
    for method, dataset, sentence_peers, peers, _ in rows:
        assert 0 <= sentence_peers <= peers
        assert not any((m, d) in tied for m in ids[method] for d in ids[dataset])
    assert rows[0][2] > 0  # the seeds have peers that sentences back all the way
    assert any(row[4] > 0 for row in rows) and any(row[4] == 0 for row in rows)


def test_pairings_say_whether_a_sentence_backs_them(seed_build):
    graph = load_graph(seed_build)
    kinds: dict[str, set[bool]] = {}
    for a, _, key, data in graph.edges(keys=True, data=True):
        if key == "EVALUATED_ON":
            kinds.setdefault(a, set()).add(data.get("n_sentence", 0) > 0)
    both = sorted(m for m, k in kinds.items() if k == {True, False})
    assert both, "some seed method is evaluated on datasets both with and without a sentence"
    query = (QUERIES_DIR / "datasets_for_method.cypher").read_text(encoding="utf-8")
    _, rows = run_query(seed_build / "store", query, {"method": graph.nodes[both[0]]["name"]})
    assert {row[3] for row in rows} == {"sentence", "co-mention only"}
    for _, _, in_one_sentence, support, sentence in rows:
        assert (support == "sentence") == (in_one_sentence > 0) == (sentence is not None)
    backed = [row[3] == "sentence" for row in rows]
    assert backed == sorted(backed, reverse=True)  # sentence-backed pairings first
