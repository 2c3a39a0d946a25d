"""Task frames: the title's "for X" / "Towards X" / "X via Y" and the abstract's "we study X",
"the problem of X", "X is a fundamental task" put X in a task slot (kg/extract/taskframes.py)."""
from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.extract.candidate import CONTEXT, Candidate
from kg.extract.docview import DocView
from kg.extract.taskframes import frame_candidates, frame_slots, frames, mark_framed
from kg.model import Paper


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def view_of(extractor: Extractor, title: str, abstract: str) -> DocView:
    return DocView.build(extractor.nlp.make_doc(Paper("p", title, abstract).text))


def slot_texts(view: DocView) -> dict[str, bool]:
    """Each slot's text, and whether a title frame opened it."""
    return {view.text_of(s.start, s.end): s.title for s in frame_slots(view)}


def test_frames_are_read_from_the_data_file():
    keys = frames()
    assert ("problem", "of") in keys and ("aims", "to") in keys and ("for",) in keys
    assert any(f.title for f in keys[("for",)])


@pytest.mark.parametrize("title, slot", [
    ("Towards Robust Wug Frame Interpolation", "Wug Frame Interpolation"),
    ("A Diffusion Prior for Zorp Shape Completion", "Zorp Shape Completion"),
    ("Blorp Segmentation via Contrastive Pretraining", "Blorp Segmentation"),
    ("Improving Glorp Retrieval with Sparse Codes", "Glorp Retrieval"),
    ("QuuxNet: Fast Sparse Wug Parsing for Mobile Robots", "Mobile Robots"),
])
def test_title_frames_give_the_task_slot(extractor, title, slot):
    found = slot_texts(view_of(extractor, title, "We run experiments."))
    assert found.get(slot) is True


@pytest.mark.parametrize("abstract, slot", [
    ("In this paper, we study the problem of zorp shape completion from scans.",
     "zorp shape completion"),
    ("We tackle open-vocabulary blorp detection in cluttered scenes.",
     "open-vocabulary blorp detection"),
    ("Wug question answering (WQA) is a challenging task in vision.", "Wug question answering"),
    ("Glorp retrieval aims to find the nearest glorps.", "Glorp retrieval"),
    ("This paper focuses on sparse wug parsing.", "sparse wug parsing"),
])
def test_abstract_frames_give_the_task_slot(extractor, abstract, slot):
    found = slot_texts(view_of(extractor, "A title", abstract))
    assert found.get(slot) is False


def test_frames_leave_generic_and_document_slots_out(extractor):
    view = view_of(extractor, "Deep Learning for Deep Learning",
                   "This paper aims to help. We study deep learning. Our method aims to win.")
    assert slot_texts(view) == {}


def test_title_frames_are_not_read_in_the_abstract(extractor):
    view = view_of(extractor, "A title", "We train a model for zorp shape completion.")
    assert "zorp shape completion" not in slot_texts(view)


def test_slots_become_weak_task_candidates_and_mark_candidates(extractor):
    view = view_of(extractor, "Towards Wug Frame Interpolation", "We study the problem of "
                   "glorp retrieval.")
    slots = frame_slots(view)
    cands = frame_candidates(view, slots)
    assert {c.name for c in cands} == {"Wug Frame Interpolation", "glorp retrieval"}
    assert all(c.type == "task" and c.weak and c.source == "frame" for c in cands)
    inner = Candidate(2, 4, "Frame Interpolation", "task", CONTEXT, "phrase")
    exact = Candidate(cands[1].start, cands[1].end, "glorp retrieval", "task", CONTEXT, "phrase")
    outside = Candidate(0, 1, "Towards", None, CONTEXT, "name")
    mark_framed([inner, exact, outside], slots)
    assert (inner.framed, exact.framed, outside.framed) == ("title_head", "text_exact", "")


def test_the_decider_keeps_framed_tasks_no_other_rule_names(extractor):
    """Made-up task names: only the frames (and what the models learned of them) find them."""
    mentions = extractor.extract(Paper(
        "p", "Towards Robust Wug Frame Interpolation",
        "Wug frame interpolation is a fundamental task in video editing. In this paper, we "
        "tackle wug frame interpolation with a flow model.")).mentions
    found = {m.name.lower(): m.type for m in mentions}
    assert found.get("wug frame interpolation") == "task"
