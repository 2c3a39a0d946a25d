"""Extractions as the JSON rows that the scorer and other tools read."""
from __future__ import annotations

from kg.model import Extraction


def extraction_to_json(e: Extraction) -> dict:
    """{"id", "title", "entities": [{"type", "name", "aliases", "role", "evidence", "start", "end"}]}."""
    return {
        "id": e.paper_id,
        "title": e.title,
        "entities": [
            {"type": m.type, "name": m.name, "aliases": list(m.aliases), "role": m.role,
             "evidence": m.evidence, "start": m.start, "end": m.end}
            for m in e.mentions
        ],
    }
