"""The page's opening view: the most-studied entities, placed so that no two labels overlap.

The entities are laid out on the graph of their pairings (method-dataset, method-task,
dataset-task), then pushed apart until the boxes of node and label (estimated from the label's
length and font size, as the page draws them) no longer overlap.
"""
from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import numpy as np

from kg.view.style import DERIVED_RELS, shorten
from kg.schema import ENTITY_LABELS
from kg.view.subgraph import is_entity

OVERVIEW_SIZE = 30  # entities in the opening view
LABEL_CHARS = 20
CHAR_WIDTH = 0.6  # average glyph width of the page's sans-serif font, in font sizes (a little generous)
LINE_HEIGHT = 1.3
MARGIN = 10.0  # empty pixels kept around each box
GROUP_PULL = 1.5  # spring weight tying an overview entity to its community's centre
CENTRE_PULL = 0.3  # spring weight tying the community centres together


def overview_entities(graph: nx.MultiDiGraph, size: int = OVERVIEW_SIZE, first: str | None = None) -> list[str]:
    """The `size` most-studied entities, a third of them of each type when the graph has enough
    (datasets, fewer papers each, would otherwise be crowded out by methods and tasks), by papers,
    then links, then id; `first` (a focus) always among them."""
    entities = [n for n, d in graph.nodes(data=True) if is_entity(d)]
    ranked = sorted(entities, key=lambda n: (n != first, -graph.nodes[n].get("n_papers", 0), -graph.degree(n), n))
    per_type = size // len(ENTITY_LABELS)
    chosen: list[str] = []
    for label in ENTITY_LABELS:
        chosen += [n for n in ranked if graph.nodes[n].get("label") == label][:per_type]
    taken = set(chosen)
    chosen += [n for n in ranked if n not in taken][: size - len(chosen)]
    return sorted(chosen, key=ranked.index)


def overview_labels(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    """Each node's overview label, with equal labels told apart: by the entities' names cut at a
    word, then by their types, then numbered."""
    labels = {node: overview_label(graph.nodes[node], node) for node in nodes}
    for tell in (lambda n: shorten(graph.nodes[n].get("name") or n, LABEL_CHARS),
                 lambda n: f"{labels[n]} ({graph.nodes[n].get('type', '')})"):
        counts = Counter(labels.values())
        for node in nodes:
            if counts[labels[node]] > 1:
                labels[node] = tell(node)
    seen: Counter = Counter()
    counts = Counter(labels.values())
    for node in nodes:
        if counts[labels[node]] > 1:
            seen[labels[node]] += 1
            labels[node] = f"{labels[node]} {seen[labels[node]]}"
    return labels


def overview_style(n_papers: int) -> tuple[float, int]:
    """Dot radius and label font size of an entity in the opening view."""
    return round(min(7 + 2.2 * math.sqrt(n_papers), 24), 1), int(min(14 + math.sqrt(n_papers), 20))


def overview_label(data: dict, node: str) -> str:
    """An entity's name, or for a long name its acronym ("RLHF"), else the name cut at a word."""
    name = data.get("name") or node
    if len(name) <= LABEL_CHARS:
        return name
    short = [a for a in data.get("aliases") or [] if len(a) <= 10 and any(c.isupper() for c in a)]
    return min(short, key=len) if short else shorten(name, LABEL_CHARS)


def _boxes(graph: nx.MultiDiGraph, nodes: list[str], labels: dict[str, str] | None = None) -> np.ndarray:
    """Per node: half width, space above the centre, space below it (dot, then its label under it:
    `labels` as the page draws them, by default the overview's own)."""
    rows = []
    labels = labels or overview_labels(graph, nodes)
    for node in nodes:
        data = graph.nodes[node]
        radius, font = overview_style(data.get("n_papers", 0))
        label = labels[node]
        half_width = max(radius, len(label) * font * CHAR_WIDTH / 2) + MARGIN / 2
        rows.append((half_width, radius + MARGIN / 2, radius + 4 + font * LINE_HEIGHT + MARGIN / 2))
    return np.array(rows, dtype=float)


def _separate(coords: np.ndarray, boxes: np.ndarray, rounds: int = 400) -> np.ndarray:
    """Move boxes apart along the axis where they overlap least until none overlaps."""
    n = len(coords)
    for _ in range(rounds):
        moved = False
        for i in range(n):
            for j in range(i + 1, n):
                dx = coords[j, 0] - coords[i, 0]
                dy = coords[j, 1] - coords[i, 1]
                over_x = boxes[i, 0] + boxes[j, 0] - abs(dx)
                below, above = (boxes[i, 2] + boxes[j, 1], boxes[i, 1] + boxes[j, 2])
                over_y = (below - dy) if dy >= 0 else (above + dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                if over_x < over_y:
                    shift = (over_x / 2 + 0.5) * (1 if dx >= 0 else -1)
                    coords[i, 0] -= shift
                    coords[j, 0] += shift
                else:
                    shift = (over_y / 2 + 0.5) * (1 if dy >= 0 else -1)
                    coords[i, 1] -= shift
                    coords[j, 1] += shift
        if not moved:
            break
    return coords


def _pairs_graph(graph: nx.MultiDiGraph, nodes: list[str], groups: dict[str, int] | None) -> nx.Graph:
    """The overview entities linked by their pairings; with `groups`, each also tied to a hidden
    centre of its community (and the centres loosely to one another), so communities sit together
    and nothing drifts off on its own."""
    pairs = nx.Graph()
    pairs.add_nodes_from(nodes)
    kept = set(nodes)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key in DERIVED_RELS and u in kept and v in kept and u != v:
            pairs.add_edge(u, v, weight=math.log2(1 + data.get("weight", 1)))
    if groups:
        for node in nodes:
            pairs.add_edge(node, ("community", groups.get(node, -1)), weight=GROUP_PULL)
        for centre in [n for n in pairs if isinstance(n, tuple)]:
            pairs.add_edge(centre, ("all",), weight=CENTRE_PULL)
    return pairs


def overview_layout(graph: nx.MultiDiGraph, nodes: list[str], seed: int = 0,
                    groups: dict[str, int] | None = None,
                    labels: dict[str, str] | None = None) -> dict[str, tuple[float, float]]:
    """Pixel positions for the overview entities whose node-and-label boxes do not overlap,
    grouped by community when `groups` (node -> community number) is given; `labels` are the
    labels the page draws (a marked focus's is longer), by default the overview's own."""
    if not nodes:
        return {}
    boxes = _boxes(graph, nodes, labels)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    spring = nx.spring_layout(_pairs_graph(graph, nodes, groups), seed=seed, iterations=100, weight="weight")
    coords = np.array([spring[n] for n in nodes], dtype=float)
    coords -= coords.mean(axis=0)
    spread = np.abs(coords).max(axis=0)
    spread[spread == 0] = 1.0
    # start about as spread as the boxes' total area asks, filling a 3:2 frame, then separate
    area = float((boxes[:, 0] * 2 * (boxes[:, 1] + boxes[:, 2])).sum())
    height = math.sqrt(area / 1.5) * 1.1
    coords = coords / spread * np.array([height * 0.75, height / 2])
    coords = _separate(coords, boxes)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, coords)}
