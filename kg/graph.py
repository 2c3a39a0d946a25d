"""The networkx graph: read from the graph tables, written as node-link JSON and GraphML, checked against the schema."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kg.limits import DEFAULT_MAX_EDGES
from kg.schema import load_schema
from kg.buildfolder import GRAPH_JSON, GRAPH_ML, TABLES_DIR
from kg.tables import GraphTables



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
        flat.add_node(xml_text(node), **_flatten(props))
    for a, b, key, props in graph.edges(keys=True, data=True):
        flat.add_edge(xml_text(a), xml_text(b), key=xml_text(key), **_flatten(props))
    nx.write_graphml(flat, out_dir / GRAPH_ML)
    return []


def skip_graph_files(out_dir: Path, n_edges: int) -> str:
    """Remove graph.json and GraphML an earlier build left, and say why this one wrote neither."""
    for name in (GRAPH_JSON, GRAPH_ML):
        (out_dir / name).unlink(missing_ok=True)
    return (f"{GRAPH_JSON} and {GRAPH_ML} skipped: {n_edges:,} edges do not fit in memory as one "
            f"networkx graph; the whole graph is in {TABLES_DIR}/*.parquet and the store")


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


# Characters XML 1.0 does not allow in a document (C0 controls but tab, newline and return; lone
# surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> object:
    """A string with the characters XML cannot hold removed; other values as they are."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _flatten(props: dict) -> dict:
    """GraphML holds no lists (joined with '; ') nor XML-invalid characters (dropped)."""
    return {k: xml_text("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in props.items()}


def load_graph(out_dir: Path, max_edges: int | None = DEFAULT_MAX_EDGES,
               on_note: Callable[[str], None] | None = None) -> nx.MultiDiGraph:
    """The graph a build wrote to out_dir: whole, or a sample of its papers past max_edges (on_note says so)."""
    return GraphTables(Path(out_dir) / TABLES_DIR).to_networkx(max_edges, on_note)


_PY_TYPES = {"STRING": str, "INTEGER": int, "FLOAT": float, "LIST<STRING>": list}


def schema_problems(graph: nx.MultiDiGraph) -> list[str]:
    """Every way the graph breaks kg/schemas/graph_schema.json (empty when it conforms)."""
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
