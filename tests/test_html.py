"""The HTML view: what it selects, where it places nodes, and how the page behaves in headless Chromium."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from conftest import ROOT, build_small_graph
from support.browser import (click_control, click_node, distinct_colours, external_requests, node_point, open_view,
                             overlapping_labels, search_for, set_min_papers, set_mode)
from support.chromium import Chromium

from kg.errors import ExportError, PageWriteError, ViewError
from kg.model import HtmlPage
from kg.tables import TABLES_DIR, tables_from_graph
from kg.view import write_html
from kg.view.page_communities import page_communities
from kg.view.positions import layout
from kg.view.subgraph import select

PPO = "method:proximal-policy-optimization"
DPO = "method:direct-preference-optimization"
DERIVED = {"EVALUATED_ON", "APPLIED_TO", "BENCHMARK_FOR", "USED_WITH"}
XSS_ABSTRACT = ('We align <img src=x onerror="window.__pwned=1"> models '
                '<script>window.__pwned=2</script> with <b>preferences</b>.')
XSS_TITLE = 'Direct Preference Optimization </script><script>window.__pwned=3</script>'


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for every browser test in this module."""
    with Chromium(width=1200, height=800) as chromium:
        yield chromium


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """The small graph with markup and script in a paper's title, abstract and URL."""
    graph = build_small_graph()
    graph.nodes["p3"].update(title=XSS_TITLE, abstract=XSS_ABSTRACT, url="javascript:window.__pwned=4")
    graph.nodes["p1"]["url"] = "https://arxiv.org/abs/1707.06347"
    return graph


def _clusters(n_hubs: int, papers_per_hub: int) -> nx.MultiDiGraph:
    """Separate components, each a method used by many papers that each propose one method."""
    graph = nx.MultiDiGraph()
    for h in range(n_hubs):
        hub = f"method:hub-{h}"
        graph.add_node(hub, label="Method", type="method", name=f"Hub {h}", n_papers=papers_per_hub)
        for p in range(papers_per_hub):
            paper, own = f"p{h}-{p}", f"method:own-{h}-{p}"
            graph.add_node(paper, label="Paper", title=f"Paper {h}-{p}", abstract="")
            graph.add_node(own, label="Method", type="method", name=f"Own {h}-{p}", n_papers=1)
            graph.add_edge(paper, hub, key="USES", type="USES")
            graph.add_edge(paper, own, key="PROPOSES", type="PROPOSES")
    return graph


def test_focus_matches_an_alias_case_insensitively_and_draws_its_ego_graph(small_graph):
    drawn = select(small_graph, focus="ppo").graph
    assert PPO in drawn and {"p1", "p2", "p3"} <= set(drawn)
    assert "p4" not in drawn and "repo:github.com/acme/dpo" not in drawn


def test_focus_on_a_name_with_depth_two_reaches_papers_of_neighbours(small_graph):
    assert "p4" in select(small_graph, focus="gsm8k", depth=1).graph
    assert "repo:github.com/acme/dpo" in select(small_graph, focus="GSM8K", depth=2).graph


@pytest.mark.parametrize("kwargs", [{"focus": "no such method"}, {"types": ["Author"]}, {"top": 0}])
def test_impossible_requests_raise_view_error(small_graph, kwargs):
    with pytest.raises(ViewError):
        select(small_graph, **kwargs)


def test_top_keeps_the_busiest_entities_with_their_papers_and_code(small_graph):
    assert set(select(small_graph, top=1).graph) == {PPO, "p1", "p2", "p3", "repo:github.com/acme/dpo"}


def test_types_and_min_papers_filter_nodes(small_graph):
    drawn = select(small_graph, types=["method", "Dataset"], min_papers=3).graph
    assert set(drawn) == {PPO}


def test_cap_cuts_to_whole_entity_neighbourhoods_and_says_so(small_graph):
    selection = select(small_graph, max_nodes=5)
    assert selection.cut and selection.graph.number_of_nodes() <= 5
    assert {PPO, "p1", "p2", "p3"} <= set(selection.graph)
    assert "5 of 11" in selection.message
    assert select(small_graph).message is None


def test_cap_keeps_the_most_studied_entities_however_many_papers_they_have():
    # one entity named by 60 papers, 20 by 3 each: keeping whole neighbourhoods dropped the big one
    g = nx.MultiDiGraph()
    g.add_node("method:big", label="Method", name="big", type="method", n_papers=60)
    for i in range(60):
        g.add_node(f"p{i:02d}", label="Paper", title=f"paper {i}")
        g.add_edge(f"p{i:02d}", "method:big", key="USES")
    for j in range(20):
        g.add_node(f"task:t{j:02d}", label="Task", name=f"t{j}", type="task", n_papers=3)
        for i in range(3):
            g.add_edge(f"p{(j * 3 + i) % 60:02d}", f"task:t{j:02d}", key="ADDRESSES")
    drawn = select(g, max_nodes=40).graph
    assert drawn.number_of_nodes() == 40
    entities = [n for n, d in drawn.nodes(data=True) if d["label"] != "Paper"]
    assert "method:big" in entities and len(entities) == 4
    papers = [n for n in drawn if n.startswith("p")]
    assert all(drawn.has_edge(p, "method:big") for p in papers)


def test_layout_places_every_node_and_keeps_components_apart():
    graph = _clusters(n_hubs=3, papers_per_hub=250)
    pos = layout(graph)
    assert set(pos) == set(graph)
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(pos)
    boxes = []
    for component in nx.weakly_connected_components(graph):
        xs, ys = zip(*(pos[node] for node in component))
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    assert len(boxes) == 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def test_page_is_self_contained_and_escapes_script_in_data(tmp_path, hostile_graph):
    page = tmp_path / "graph.html"
    info = write_html(hostile_graph, page)
    html = page.read_text(encoding="utf-8")
    assert info == HtmlPage(path=page, nodes=11, edges=22, cut=False, total_nodes=11, total_edges=22, message=None)
    assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, flags=re.I)
    assert not re.findall(r"<link\b|<script\s+src", html, flags=re.I)
    assert "<script>window.__pwned" not in html and "</script><script>window" not in html


def test_unwritable_path_raises_page_write_error(tmp_path, small_graph):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PageWriteError, match="cannot write .*graph.html.*check that the page's folder is writable") as info:
        write_html(small_graph, blocker / "graph.html")
    assert not isinstance(info.value, ExportError)  # a page is not an export


def test_page_draws_every_node_and_edge_offline_without_errors(browser, tmp_path, small_graph):
    info = write_html(small_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    state = page.evaluate("kgView.state()")
    assert (state["nodes"], state["edges"], state["drawnNodes"]) == (info.nodes, info.edges, 6)
    derived = sum(1 for *_, key in small_graph.edges(keys=True) if key in DERIVED)
    # it opens on the overview: the entities and their pairings
    assert state["mode"] == "overview" and state["visibleKinds"] == ["Dataset", "Method", "Task"]
    assert (state["visibleNodes"], state["visibleEdges"]) == (6, derived)
    state = set_mode(page, "graph")
    assert (state["visibleNodes"], state["visibleEdges"]) == (info.nodes, info.edges - derived)
    assert state["drawnNodes"] == info.nodes
    assert page.errors == []
    assert external_requests(page) == []


def test_search_and_type_filter_change_what_is_shown(browser, tmp_path, small_graph):
    write_html(small_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    set_mode(page, "graph")
    found = search_for(page, "DPO")
    assert set(found["matches"]) == {DPO, "p4", "repo:github.com/acme/dpo"}
    assert found["fadedNodes"] == 11 - 3
    assert search_for(page, "")["fadedNodes"] == 0
    no_papers = click_control(page, "#kg-legend input[data-kind=Paper]")
    derived = sum(1 for *_, key in small_graph.edges(keys=True) if key in DERIVED)
    # without papers the entities keep their links: the pairings papers make
    assert no_papers["visibleNodes"] == 7 and no_papers["visibleEdges"] == derived
    click_control(page, "#kg-legend input[data-kind=Paper]")
    entities = click_control(page, "#kg-entities-only")
    assert entities["visibleNodes"] == 6 and entities["visibleEdges"] == derived
    click_control(page, "#kg-entities-only")
    reset = click_control(page, "#kg-reset")
    assert reset["mode"] == "overview" and reset["visibleNodes"] == 6 and reset["visibleEdges"] == derived
    assert page.errors == []


def test_clicking_a_node_highlights_its_neighbourhood(browser, tmp_path, small_graph):
    write_html(small_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    set_mode(page, "graph")
    state = click_node(page, PPO)
    assert state["fadedNodes"] == 11 - len({PPO, "p1", "p2", "p3"})
    assert state["panel"] == "entity"


def test_hostile_abstract_shows_as_text_and_runs_nothing(browser, tmp_path, hostile_graph):
    write_html(hostile_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    set_mode(page, "graph")
    x, y = node_point(page, "p3")
    page.mouse("mouseMoved", x, y)
    shown = page.wait_for("kgView.state().tooltip", timeout=10)
    assert "<script>window.__pwned=2</script>" in shown and "<img src=x" in shown
    assert page.evaluate("document.querySelectorAll('#kg-tooltip img, #kg-tooltip script, #kg-tooltip b').length") == 0
    assert page.evaluate("document.querySelectorAll('#kg-tooltip a').length") == 0
    assert page.evaluate("window.__pwned === undefined")
    page.mouse("mouseMoved", *node_point(page, "p1"))
    link = page.wait_for("document.querySelector('#kg-tooltip a') && document.querySelector('#kg-tooltip a').href")
    assert link == "https://arxiv.org/abs/1707.06347"
    assert page.errors == []


def test_screenshot_of_the_page_is_not_blank(browser, tmp_path, small_graph):
    write_html(small_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    assert distinct_colours(page.screenshot()) > 200


def test_screenshot_script_renders_a_build_folder(tmp_path, small_graph):
    tables_from_graph(small_graph, tmp_path / TABLES_DIR)
    png = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(tmp_path), "-o", str(png)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert distinct_colours(png.read_bytes()) > 200


def test_screenshot_script_reports_a_missing_build(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(tmp_path / "nothing")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "kg build" in done.stderr and "Traceback" not in done.stderr


def test_cut_page_says_so_on_the_page(browser, tmp_path, small_graph):
    info = write_html(small_graph, tmp_path / "graph.html", max_nodes=5)
    page = open_view(browser, tmp_path / "graph.html")
    assert info.cut and page.evaluate("kgView.state().nodes") == info.nodes
    assert page.evaluate("document.getElementById('kg-note').textContent") == info.message
    assert page.errors == []


def test_communities_group_entities_and_papers_follow_their_entities():
    graph = nx.MultiDiGraph()
    for group in ("a", "b"):
        members = [f"method:{group}{i}" for i in range(4)]
        for eid in members:
            graph.add_node(eid, label="Method", type="method", name=eid, n_papers=3)
        for i in range(6):  # each paper names three of its group's four methods
            pid = f"p{group}{i}"
            graph.add_node(pid, label="Paper", title=pid, abstract="")
            for eid in members[i % 4:] + members[:i % 4]:
                if eid != members[(i + 1) % 4]:
                    graph.add_edge(pid, eid, key="USES", type="USES")
    graph.add_node("repo:x", label="Repository", url="https://github.com/x/y")
    graph.add_edge("pa0", "repo:x", key="HAS_CODE", type="HAS_CODE")
    groups = page_communities(graph)
    a, b = groups.of["method:a0"], groups.of["method:b0"]
    assert a != b
    assert {groups.of[f"method:a{i}"] for i in range(4)} == {a} and {groups.of[f"method:b{i}"] for i in range(4)} == {b}
    assert groups.of["pa3"] == a and groups.of["pb5"] == b and groups.of["repo:x"] == a
    assert [c["entities"] for c in groups.listed] == [4, 4] and len({c["colour"] for c in groups.listed}) == 2
    assert page_communities(graph).of == groups.of  # fixed seed: the same grouping every time


def empty_corner(page) -> tuple[float, float]:
    """A point of the graph's canvas near its bottom-left corner, where nothing is drawn."""
    return tuple(page.evaluate("(() => { const r = document.getElementById('mynetwork').getBoundingClientRect();"
                               " return [r.left + 6, r.bottom - 6]; })()"))


def test_hovering_a_link_shows_its_relation_papers_and_sentence(browser, tmp_path, small_graph):
    write_html(small_graph, tmp_path / "graph.html")
    page = open_view(browser, tmp_path / "graph.html")
    edge = f"{PPO}|EVALUATED_ON|dataset:mujoco"
    page.mouse("mouseMoved", *page.evaluate(f"kgView.edgePoint({edge!r})".replace("'", '"')))
    shown = page.wait_for("kgView.state().tooltip", timeout=10)
    assert "EVALUATED_ON" in shown and "Proximal Policy Optimization → MuJoCo" in shown
    assert "2 papers · 1 with one sentence naming both" in shown and "PPO on MuJoCo" in shown
    page.mouse("mouseMoved", *empty_corner(page))
    page.wait_for("kgView.state().tooltip === null", timeout=10)
    # a co-mention only pairing says so: two methods one abstract names together
    page.mouse("mouseMoved", *page.evaluate(f'kgView.edgePoint("{DPO}|USED_WITH|{PPO}")'))
    shown = page.wait_for("kgView.state().tooltip", timeout=10)
    assert "USED_WITH" in shown and "1 paper · co-mentioned only" in shown
    # in the whole graph, a paper's link to an entity shows the sentence naming it
    set_mode(page, "graph")
    page.mouse("mouseMoved", *empty_corner(page))
    page.mouse("mouseMoved", *page.evaluate('kgView.edgePoint("p4|USES|method:direct-preference-optimization")'))
    shown = page.wait_for("kgView.state().tooltip && kgView.state().tooltip.includes('USES') && kgView.state().tooltip",
                          timeout=10)
    assert "DPO for math → Direct Preference Optimization" in shown and "DPO for math links" in shown
    assert page.errors == []


@pytest.mark.parametrize("args", [["--top", "8"], ["--focus", "reinforcement learning"]])
def test_partial_pages_are_the_same_bytes_whatever_the_hash_seed(seed_build, tmp_path, args):
    """A focused or top-N page draws a subset of the graph; its nodes, edges, layout and
    communities must not follow Python's per-run string hashing (PYTHONHASHSEED)."""
    pages = []
    for seed in ("1", "2"):
        page = tmp_path / f"page{seed}.html"
        result = subprocess.run([sys.executable, "-m", "kg", "html", str(seed_build), *args, "-o", str(page)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        pages.append(page.read_bytes())
    assert len(pages[0]) > 10_000 and pages[0] == pages[1]


def test_equal_overview_labels_are_told_apart():
    from kg.view.overview import overview_entities, overview_labels
    g = nx.MultiDiGraph()
    g.add_node("method:rl", label="Method", name="reinforcement learning from scratch", aliases=["RL"],
               type="method", n_papers=5)
    g.add_node("task:rl", label="Task", name="representation learning for robots", aliases=["RL"],
               type="task", n_papers=4)
    g.add_node("task:rl2", label="Task", name="RL", type="task", n_papers=3)
    g.add_node("dataset:d", label="Dataset", name="D", type="dataset", n_papers=1)
    chosen = overview_entities(g, size=3)
    assert set(chosen) == {"method:rl", "task:rl", "dataset:d"}  # one of each type before a second task
    labels = overview_labels(g, list(g))
    assert len(set(labels.values())) == 4
    assert labels["task:rl2"] == "RL"


def test_community_colours_are_never_type_colours():
    from kg.view.page_communities import OTHER_COLOUR, PALETTE
    from kg.view.style import COLOURS
    assert len(set(PALETTE)) == len(PALETTE)
    assert not set(PALETTE) & {*COLOURS.values(), OTHER_COLOUR}


def test_top_opens_on_the_overview_of_its_entities(browser, tmp_path, small_graph):
    write_html(small_graph, tmp_path / "graph.html", top=2)
    page = open_view(browser, tmp_path / "graph.html")
    state = page.evaluate("kgView.state()")
    assert state["mode"] == "overview" and state["visibleNodes"] == 2
    assert page.errors == []
