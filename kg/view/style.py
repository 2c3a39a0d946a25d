"""How each node and edge looks in the HTML view, and the data its tooltip shows."""
from __future__ import annotations

import math

from kg.schema import ENTITY_LABELS, ENTITY_TYPE_SPECS, PAIR_REL, PAPER, PROPOSES, REPOSITORY

COLOURS = {
    PAPER: "#9aa7b5",
    **{t.label: t.colour for t in ENTITY_TYPE_SPECS},
    REPOSITORY: "#f28e2b",
}
DERIVED_RELS = frozenset(PAIR_REL.values())
LABEL_CHARS = {PAPER: 28, REPOSITORY: 24}
ENTITY_LABEL_CHARS = 32
SNIPPET_CHARS = 320


def shorten(text: str, limit: int) -> str:
    """Text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:.-") + "…"


def node_size(data: dict, degree: int) -> float:
    """Entities grow with the papers linking them, other nodes with their degree."""
    if data.get("label") in ENTITY_LABELS:
        return round(min(6 + 4 * math.sqrt(data.get("n_papers", 0)), 48), 1)
    return round(min(5 + math.sqrt(degree), 12), 1)


def _label_text(node: str, data: dict) -> str:
    label = data.get("label")
    if label == PAPER:
        return shorten(data.get("title") or node, LABEL_CHARS[PAPER])
    if label == REPOSITORY:
        return shorten(node.removeprefix("repo:").split("/", 1)[-1], LABEL_CHARS[REPOSITORY])
    return shorten(data.get("name") or node, ENTITY_LABEL_CHARS)


def _info(node: str, data: dict) -> dict:
    """The fields the tooltip shows; the page builds DOM text nodes from them, never HTML."""
    label = data.get("label")
    if label == PAPER:
        authors = data.get("authors") or []
        return {"title": data.get("title", node), "date": data.get("date") or data.get("date_text") or "",
                "year": data.get("year"),
                "authors": ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else ""),
                "snippet": shorten(data.get("abstract", ""), SNIPPET_CHARS), "url": data.get("url", "")}
    if label == REPOSITORY:
        return {"title": node.removeprefix("repo:"), "url": data.get("url", ""), "kind": data.get("kind", "")}
    n_papers, n_proposed = data.get("n_papers", 0), data.get("n_proposed", 0)
    return {"title": data.get("name", node), "type": data.get("type", ""), "aliases": data.get("aliases", []),
            "n_papers": n_papers, "n_proposed": n_proposed, "n_used": n_papers - n_proposed}


def _search_text(node: str, data: dict) -> str:
    parts = [node, data.get("name", ""), data.get("title", ""), *data.get("aliases", [])]
    return "\n".join(p for p in parts if p).casefold()


def node_options(node: str, data: dict, degree: int) -> dict:
    """Keyword options for pyvis add_node; `kind`, `info` and `search` are read by the page's script."""
    label = data.get("label", PAPER)
    colour = COLOURS.get(label, COLOURS[PAPER])
    is_entity = label in ENTITY_LABELS
    size = node_size(data, degree)
    font_size = round(min(14 + 3 * math.sqrt(data.get("n_papers", 0)), 40)) if is_entity else 10
    return {
        "label": _label_text(node, data),
        "color": {"background": colour, "border": "#ffffff", "highlight": {"background": colour, "border": "#222222"},
                  "hover": {"background": colour, "border": "#222222"}},
        "size": size,
        "font": {"size": font_size, "color": "#1f2933" if is_entity else "#52606d",
                 "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1.5 if is_entity else 1,
        "kind": label,
        "info": _info(node, data),
        "search": _search_text(node, data),
    }


def edge_options(source: str, target: str, key: str, data: dict) -> dict:
    """Keyword options for pyvis add_edge; derived entity-entity edges start hidden (entity view shows them)."""
    rel = data.get("type", key)
    options = {"id": f"{source}|{key}|{target}", "rel": rel, "derived": rel in DERIVED_RELS,
               "color": {"color": "#c3cad3", "highlight": "#3e4c59", "hover": "#3e4c59", "opacity": 0.8},
               "width": 0.8}
    if rel in DERIVED_RELS:
        weight = data.get("weight", 1)
        options.update(hidden=True, weight=weight, width=round(1 + 1.5 * math.log2(weight), 2),
                       n_sentence=data.get("n_sentence", 0), sentence=data.get("sentence") or "",
                       color={"color": "#8795a1", "highlight": "#1f2933", "hover": "#1f2933", "opacity": 0.7})
    else:
        if rel == PROPOSES:
            options["width"] = 1.6
        if data.get("evidence"):  # the side panel lists each paper's role, sentence and confidence
            options.update(role=data.get("role", ""), evidence=data["evidence"])
            if data.get("confidence") is not None:
                options["confidence"] = data["confidence"]
    return options
