"""JSON-lines records between stages round-trip exactly."""
from __future__ import annotations

import json

from kg.model import Extraction, Link, Mention, Paper, Source
from kg.serialise import extraction_from_dict, extraction_to_dict, paper_from_dict, paper_to_dict


def test_paper_round_trips_through_json() -> None:
    paper = Paper("p1", "T: a \"title\"", "Abstract\nwith ünïcode.", date="2024-05-09", date_text="May 9, 2024",
                  authors=["A", "B"], n_authors=2, url="https://x", categories=["cs.LG"],
                  links=[Link("https://github.com/a/b", "repository")], sources=[Source("f.txt", 3)])
    assert paper_from_dict(json.loads(json.dumps(paper_to_dict(paper)))) == paper


def test_extraction_round_trips_and_has_the_scorer_fields() -> None:
    ex = Extraction("p1", "T", [Mention("method", "Direct Preference Optimization", ["DPO"], "proposed",
                                        "We propose DPO.", 3, 18)], "v1")
    data = json.loads(json.dumps(extraction_to_dict(ex)))
    assert set(data) == {"id", "title", "extractor", "entities"}
    assert {"type", "name", "aliases", "role", "evidence"} <= set(data["entities"][0])
    assert extraction_from_dict(data) == ex
