"""Fixed node positions computed in Python, so the browser draws at once with physics off.

Each connected component is laid out on its own and the components are packed in rows,
biggest first. Inside a component a force layout runs on the best-connected nodes only (its
cost grows with the square of the node count); every other node is placed in rings around
the nodes it links to, one pass over the edges, so tens of thousands of nodes take seconds.
"""
from __future__ import annotations

import math
import zlib
from collections import defaultdict

import networkx as nx
import numpy as np

from kg.schema import PAPER
from kg.view.style import DERIVED_RELS

SKELETON = 480  # below networkx's 500-node switch to its scipy-only solver
MIN_GAP = 90.0  # least distance between two skeleton nodes
RING = 40.0  # distance of a node's first satellite from it
STEP = 16.0  # growth of a satellite disc per square root of satellites
GAP = 60.0  # space between packed components
LABEL_ASPECT = 1.8  # how much wider than tall the room around a labelled node is
HUB_ROOM = 5.0  # extra room per square root of a node's links, for big nodes and their long labels
GOLDEN = math.pi * (3 - math.sqrt(5))

Position = tuple[float, float]


def layout(graph: nx.MultiDiGraph, seed: int = 0) -> dict[str, Position]:
    """Pixel positions for every node of the graph."""
    simple = layout_graph(graph)
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    placed = [_component(induced(simple, c), seed) for c in components]
    return _pack(placed)


def layout_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected links that shape the layout; entity-entity links only count when no papers are drawn."""
    has_papers = any(data.get("label") == PAPER for _, data in graph.nodes(data=True))
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from((u, v) for u, v, key in graph.edges(keys=True)
                          if u != v and not (has_papers and key in DERIVED_RELS))
    return simple


def induced(simple: nx.Graph, nodes) -> nx.Graph:
    """The subgraph on `nodes` as a new graph with nodes in sorted order.

    A networkx subgraph view iterates a small node set in set order, which follows Python's
    string hashing (PYTHONHASHSEED): the layout would change from run to run.
    """
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from((u, v) for u in sub for v in sorted(simple[u]) if v in keep)
    return sub


def _component(simple: nx.Graph, seed: int) -> dict[str, Position]:
    """Positions of one connected component, in its own coordinates."""
    inner = [n for n in simple if simple.degree(n) > 1] or list(simple)
    skeleton = sorted(inner, key=lambda n: (-simple.degree(n), n))[:SKELETON]
    if len(skeleton) == 1:
        pos = {skeleton[0]: (0.0, 0.0)}
    else:
        core = nx.spring_layout(induced(simple, skeleton), seed=seed, iterations=50)
        nodes = list(core)
        gap = _gap(simple, skeleton)
        room = np.array([gap / 2 + HUB_ROOM * math.sqrt(simple.degree(n)) for n in nodes])
        coords = _declump(np.array([core[n] for n in nodes]) * gap * math.sqrt(len(nodes)) / 2, room, seed)
        pos = {node: (float(x), float(y)) for node, (x, y) in zip(nodes, coords)}
    _grow(simple, pos)
    return pos


def _gap(simple: nx.Graph, skeleton: list[str]) -> float:
    """Distance wanted between neighbouring skeleton nodes: room for the satellite discs around them."""
    inside = set(skeleton)
    outside = sorted(sum(1 for m in simple[n] if m not in inside) for n in skeleton)
    typical = outside[len(outside) // 2]
    return max(MIN_GAP, RING + STEP * math.sqrt(typical) + 30)


def _declump(coords: np.ndarray, room: np.ndarray, seed: int, rounds: int = 80) -> np.ndarray:
    """Push apart points closer than the sum of their rooms, keeping the force layout's overall shape."""
    wanted = room[:, None] + room[None, :]
    coords = coords + np.random.default_rng(seed).normal(scale=float(room.mean()) / 25, size=coords.shape)
    stretch = np.array([1 / LABEL_ASPECT, 1.0])  # labels run sideways, so horizontal neighbours need more room
    for _ in range(rounds):
        diff = (coords[:, None, :] - coords[None, :, :]) * stretch
        dist = np.sqrt((diff**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(wanted - dist, 0.0, None)
        if not overlap.any():
            break
        coords = coords + (diff / dist[..., None] * overlap[..., None]).sum(axis=1) / stretch * 0.25
    return coords


def _grow(simple: nx.Graph, pos: dict[str, Position]) -> None:
    """Place the unplaced nodes of a connected graph layer by layer around their placed neighbours."""
    recent = set(pos)
    while recent:
        layer = sorted({n for p in recent for n in simple[p] if n not in pos})
        groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for node in layer:
            groups[tuple(sorted(m for m in simple[node] if m in pos))].append(node)
        for anchors, members in groups.items():
            _satellites(pos, anchors, members)
        recent = set(layer)


def _satellites(pos: dict[str, Position], anchors: tuple[str, ...], members: list[str]) -> None:
    """Spread members on a sunflower disc around the centre of their anchors."""
    cx = sum(pos[a][0] for a in anchors) / len(anchors)
    cy = sum(pos[a][1] for a in anchors) / len(anchors)
    start = RING if len(anchors) == 1 else RING / 3
    phase = zlib.crc32("|".join(anchors).encode()) / 2**32 * 2 * math.pi
    for i, node in enumerate(members):
        angle, radius = phase + i * GOLDEN, start + STEP * math.sqrt(i)
        pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))


def _pack(placed: list[dict[str, Position]]) -> dict[str, Position]:
    """Shelf-pack the components' bounding boxes into rows about as wide as a screen's aspect asks."""
    if not placed:
        return {}
    boxes = [_bounds(pos) for pos in placed]
    area = sum((x1 - x0 + GAP) * (y1 - y0 + GAP) for x0, y0, x1, y1 in boxes)
    width = max(math.sqrt(area * 1.6), max(x1 - x0 for x0, _, x1, _ in boxes))
    out: dict[str, Position] = {}
    x = y = row_height = 0.0
    for pos, (x0, y0, x1, y1) in zip(placed, boxes):
        if x > 0 and x + (x1 - x0) > width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        for node, (px, py) in pos.items():
            out[node] = (px - x0 + x, py - y0 + y)
        x += x1 - x0 + GAP
        row_height = max(row_height, y1 - y0)
    return out


def _bounds(pos: dict[str, Position]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)
