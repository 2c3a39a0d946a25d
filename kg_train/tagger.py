"""Training the span tagger (kg/extract/learned/tagger.py) from annotated papers.

The annotations name entities without offsets, so each paper's tags come from finding every
name and alias in its tokens (longest first, case-insensitive, spaces, hyphens, underscores and
slashes ignored, in the singular or the plural, as the scorer compares names); optional
entities are tagged too (the guidelines count them as entities), but where one form is
annotated under two types (reinforcement learning, a task, with its method reading optional),
the type the annotators required wins. CRFsuite fits the model with fixed settings: the same
sequences give the same file.

>>> from kg.extract.pipeline import Extractor
>>> nlp = Extractor(decider="rules", tagger="none").nlp
>>> view = DocView.build(nlp.make_doc("We study semantic segmentation on Cityscapes ."))
>>> gold_tags(view, [{"type": "task", "name": "Semantic Segmentation"},
...                  {"type": "dataset", "name": "CityScapes"}])
['O', 'O', 'B-task', 'I-task', 'O', 'B-dataset', 'O']
>>> gold_tags(view, [{"type": "method", "name": "semantic segmentation", "optional": True},
...                  {"type": "task", "name": "Semantic Segmentation"}])[2:4]
['B-task', 'I-task']
>>> view = DocView.build(nlp.make_doc("Text-to-image diffusion models beat GANs ."))
>>> gold_tags(view, [{"type": "method", "name": "text to image diffusion model"},
...                  {"type": "method", "name": "GAN"}])
['B-method', 'I-method', 'I-method', 'O', 'B-method', 'O']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from kg.extract.learned.tagger import OUTSIDE, token_features
from kg.extract.propose import ProposeComponent
from kg.extract.text.docview import DocView
from kg.textnorm import singular

# L1 and L2 strengths and iterations of CRFsuite's L-BFGS, chosen by cross-validation.
SETTINGS = {"c1": 0.1, "c2": 0.05, "max_iterations": 100,
            "feature.possible_transitions": True}
_DROP = re.compile(r"[\s\-_/]+")


@dataclass
class Sequence:
    """One paper's token features and its gold tags."""

    features: list[list[str]]
    tags: list[str]


def gold_tags(view: DocView, entities: list[dict]) -> list[str]:
    """BIO tags of a paper from its annotated names: every occurrence of every name and alias
    (in any of its _spellings), longest first, never overlapping; of one form's types, a
    required one before an optional one."""
    n = len(view.lowers)
    tags = [OUTSIDE] * n
    keys = [_DROP.sub("", low) for low in view.lowers]
    forms = sorted({(-len(spelling), bool(e.get("optional")), spelling, e["type"])
                    for e in entities for f in [e["name"], *(e.get("aliases") or [])]
                    for spelling in _spellings(f)})
    for _, _, target, label in forms:
        for i in range(n):
            end = _match_end(keys, tags, i, target)
            if end:
                tags[i:end] = [f"B-{label}"] + [f"I-{label}"] * (end - i - 1)
    return tags


def _spellings(form: str) -> set[str]:
    """A name's letters as the scorer compares names: lower-case, without spaces, hyphens,
    underscores or slashes, with and without the final plural "s" the scorer's key drops
    (kg.textnorm.singular: "GANs" is "GAN", "RLs" itself).

    >>> sorted(_spellings("Text-to-Image Model")), sorted(_spellings("LLMs")), _spellings("RL")
    (['texttoimagemodel', 'texttoimagemodels'], ['llm', 'llms'], {'rl'})
    """
    key = _DROP.sub("", form.lower())
    if not key:
        return set()
    one = singular(key)
    return {key, one, one + "s"} if singular(one + "s") == one else {key, one}


def _match_end(keys: list[str], tags: list[str], i: int, target: str) -> int:
    """The end of the free tokens from i whose letters spell `target` exactly, or 0."""
    if not keys[i] or not target.startswith(keys[i]):
        return 0
    acc, j = "", i
    while j < len(keys) and len(acc) < len(target) and tags[j] == OUTSIDE:
        acc += keys[j]
        j += 1
        if not target.startswith(acc):
            return 0
    return j if acc == target else 0


def sequence(rules: ProposeComponent, doc: Doc, entities: list[dict]) -> Sequence:
    """The tagger's input for one annotated paper, read by `rules` (with their lexicon)."""
    view, lexicon, kept, _ = rules.rule_candidates(doc, learned=True)
    return Sequence(token_features(view, lexicon, kept), gold_tags(view, entities))


def span_sequence(rules: ProposeComponent, doc: Doc, spans: list[tuple[int, int, str]],
                  source: str) -> Sequence:
    """The tagger's input for a paper of another corpus, annotated by character spans
    (`start`, `end`, type) into the doc's text, to other people's guidelines: every feature is
    doubled by a copy marked with the `source`, so what is peculiar to those guidelines goes
    to the marked copies, which never fire on our own papers."""
    view, lexicon, kept, _ = rules.rule_candidates(doc, learned=True)
    tags = [OUTSIDE] * len(view.texts)
    for start, end, label in spans:
        tokens = [i for i, at in enumerate(view.starts)
                  if at >= start and at + len(view.texts[i]) <= end]
        if tokens and all(tags[i] == OUTSIDE for i in tokens):
            tags[tokens[0]:tokens[-1] + 1] = [f"B-{label}"] + [f"I-{label}"] * (len(tokens) - 1)
    features = [[*f, *(f"{source}|{x}" for x in f)] for f in token_features(view, lexicon, kept)]
    return Sequence(features, tags)


def fit_tagger(sequences: list[Sequence], path: Path) -> Path:
    """Train a CRF on `sequences` and write it to `path`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for seq in sequences:
        if seq.tags:
            trainer.append(seq.features, seq.tags)
    trainer.set_params(SETTINGS)
    trainer.train(str(path))
    return path
