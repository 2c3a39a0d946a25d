"""The networkx graph: papers, entities and repositories linked as schemas/graph_schema.md says."""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

import networkx as nx

from kg.errors import BuildNotFoundError
from kg.model import Entity, Paper
from kg.resolve import ResolvedMention
from kg.schema import HAS_CODE, LABEL_OF_TYPE, PAIR_REL, PAPER, REPOSITORY, load_schema, mention_rel

GRAPH_JSON, GRAPH_ML = "graph.json", "graph.graphml"


def repository_id(url: str) -> tuple[str, str]:
    """A stable id and host for a code or project URL (GitHub repos keep owner/name only)."""
    parsed = urlparse(url if "://" in url else f"https://{url}")
    host = parsed.netloc.lower().removeprefix("www.")
    parts = [p for p in parsed.path.split("/") if p]
    if host in {"github.com", "gitlab.com", "bitbucket.org"}:
        parts = parts[:2]
    path = "/".join(parts).lower().removesuffix(".git")
    return f"repo:{host}/{path}".rstrip("/"), host


def _paper_props(paper: Paper) -> dict:
    """Node properties of a paper, leaving out what the input did not give."""
    props = {
        "label": PAPER, "id": paper.id, "title": paper.title, "abstract": paper.abstract,
        "date": paper.date, "date_text": paper.date_text, "year": paper.year,
        "authors": paper.authors, "n_authors": paper.n_authors, "url": paper.url,
        "categories": paper.categories, "sources": [f"{s.file}:{s.line}" for s in paper.sources],
    }
    return {k: v for k, v in props.items() if v is not None and v != []}


class GraphBuilder:
    """Adds papers and their resolved mentions one at a time, then the entities and derived edges."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._pairs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self._papers_of: dict[str, set[str]] = defaultdict(set)
        self._proposers: dict[str, set[str]] = defaultdict(set)

    def add_paper(self, paper: Paper, mentions: list[ResolvedMention]) -> None:
        """Add a paper node, its mention edges, its repositories and its entity pairs."""
        self.graph.add_node(paper.id, **_paper_props(paper))
        for rm in mentions:
            m = rm.mention
            rel = mention_rel(m.type, m.role)
            self.graph.add_edge(paper.id, rm.entity_id, key=rel, type=rel, role=m.role,
                                evidence=m.evidence, start=m.start, end=m.end)
            self._papers_of[rm.entity_id].add(paper.id)
            if m.role == "proposed":
                self._proposers[rm.entity_id].add(paper.id)
        for link in paper.links:
            rid, host = repository_id(link.url)
            self.graph.add_node(rid, label=REPOSITORY, id=rid, url=link.url, host=host, kind=link.kind)
            self.graph.add_edge(paper.id, rid, key=HAS_CODE, type=HAS_CODE)
        typed = sorted({(rm.mention.type, rm.entity_id) for rm in mentions})
        for (ta, a), (tb, b) in combinations(typed, 2):
            for (t1, e1), (t2, e2) in (((ta, a), (tb, b)), ((tb, b), (ta, a))):
                rel = PAIR_REL.get((t1, t2))
                if rel:
                    self._pairs[(e1, e2, rel)].append(paper.id)

    def finish(self, entities: list[Entity]) -> nx.MultiDiGraph:
        """Add entity nodes with their paper counts and the weighted entity-entity edges."""
        for e in entities:
            if e.id not in self._papers_of:
                continue
            props = {"label": LABEL_OF_TYPE[e.type], "id": e.id, "type": e.type, "name": e.name,
                     "n_papers": len(self._papers_of[e.id]), "n_proposed": len(self._proposers[e.id])}
            if e.aliases:
                props["aliases"] = e.aliases
            self.graph.add_node(e.id, **props)
        for (a, b, rel), papers in sorted(self._pairs.items()):
            unique = sorted(set(papers))
            self.graph.add_edge(a, b, key=rel, type=rel, weight=len(unique), papers=unique)
        return self.graph


# GraphML goes through an in-memory XML tree of a flattened copy: past this many edges it
# costs gigabytes, so large builds write graph.json (streamed) and say that GraphML was skipped.
GRAPHML_MAX_EDGES = 500_000


def write_graph(graph: nx.MultiDiGraph, out_dir: Path) -> list[str]:
    """Write graph.json (node-link, streamed) and graph.graphml; return notes on what was skipped."""
    _write_node_link(graph, out_dir / GRAPH_JSON)
    if graph.number_of_edges() > GRAPHML_MAX_EDGES:
        (out_dir / GRAPH_ML).unlink(missing_ok=True)
        return [f"{GRAPH_ML} skipped: {graph.number_of_edges():,} edges is more than "
                f"{GRAPHML_MAX_EDGES:,}; use {GRAPH_JSON}, the store or `kg export csv`"]
    flat = nx.MultiDiGraph()
    for node, props in graph.nodes(data=True):
        flat.add_node(node, **_flatten(props))
    for a, b, key, props in graph.edges(keys=True, data=True):
        flat.add_edge(a, b, key=key, **_flatten(props))
    nx.write_graphml(flat, out_dir / GRAPH_ML)
    return []


def _write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    """networkx's node-link JSON, written a node and an edge at a time instead of as one string."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"directed": true, "multigraph": true, "graph": {}, "nodes": [')
        for i, (node, props) in enumerate(graph.nodes(data=True)):
            handle.write(("," if i else "") + json.dumps({**props, "id": node}, ensure_ascii=False))
        handle.write('], "edges": [')
        for i, (a, b, key, props) in enumerate(graph.edges(keys=True, data=True)):
            record = {**props, "source": a, "target": b, "key": key}
            handle.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        handle.write("]}")


def _flatten(props: dict) -> dict:
    """GraphML holds no lists: join them with '; '."""
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in props.items()}


def load_graph(out_dir: Path) -> nx.MultiDiGraph:
    """Read the graph a build wrote to out_dir."""
    path = Path(out_dir) / GRAPH_JSON
    if not path.exists():
        raise BuildNotFoundError(f"{out_dir}: no {GRAPH_JSON} here")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BuildNotFoundError(f"{path}: not a readable graph ({err})") from err
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    # node-link stores each node's key under "id", which swallows the `id` property.
    for node, props in graph.nodes(data=True):
        props["id"] = node
    return graph


_PY_TYPES = {"STRING": str, "INTEGER": int, "LIST<STRING>": list}


def schema_problems(graph: nx.MultiDiGraph) -> list[str]:
    """Every way the graph breaks schemas/graph_schema.json (empty when it conforms)."""
    schema = load_schema()
    problems = []
    for node, props in graph.nodes(data=True):
        spec = schema["nodes"].get(props.get("label"))
        if spec is None:
            problems.append(f"node {node}: unknown label {props.get('label')!r}")
            continue
        problems += [f"node {node}: missing {k}" for k in spec["required"] if k not in props]
        problems += _type_problems(f"node {node}", props, spec["properties"], {"label"})
    for a, b, key, props in graph.edges(keys=True, data=True):
        spec = schema["relationships"].get(key)
        if spec is None or props.get("type") != key:
            problems.append(f"edge {a}->{b}: unknown type {key!r}")
            continue
        ends = (graph.nodes[a].get("label"), graph.nodes[b].get("label"))
        if ends[0] not in spec["from"] or ends[1] not in spec["to"]:
            problems.append(f"edge {a}-[{key}]->{b}: {ends[0]}->{ends[1]} not allowed")
        problems += _type_problems(f"edge {a}-[{key}]->{b}", props, spec["properties"], {"type"})
    return problems


def _type_problems(where: str, props: dict, spec: dict, extra: set) -> list[str]:
    """Properties the schema does not name, or whose value has the wrong type."""
    out = []
    for k, v in props.items():
        if k in extra:
            continue
        if k not in spec:
            out.append(f"{where}: property {k} not in schema")
        elif not isinstance(v, _PY_TYPES[spec[k]]) or isinstance(v, bool):
            out.append(f"{where}: {k}={v!r} is not {spec[k]}")
    return out
