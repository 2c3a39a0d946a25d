"""A learned span tagger: a linear-chain CRF (CRFsuite) that reads each token's word, shape,
neighbours, lexicon hits and the rules' candidates, and tags method, dataset and task spans
(BIO). It finds names no rule proposes ("semantic segmentation", "hierarchical softmax"); its
spans join the rules' candidates, and its verdict on theirs becomes a feature of the decider.

Trained by scripts/train_decider.py (kg_train.tagger) into kg/data/tagger.crfsuite.

>>> spans_of(["O", "B-task", "I-task", "O", "B-dataset", "I-method"])
[(1, 3, 'task'), (4, 5, 'dataset'), (5, 6, 'method')]
>>> spans_of(["B-method", "I-method", "I-method"], ["Sign", ")", "Lion"])
[(0, 1, 'method'), (2, 3, 'method')]
"""
from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError

from ..lexicon.entries import LexiconEntry
from ..rules.candidate import GUESS, Candidate
from ..text.docview import DocView
from .crf import CrfModel
from .word_clusters import load_word_clusters

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "tagger.crfsuite"
NO_TAGGER = "none"  # the `tagger` setting that turns the tagger off
OUTSIDE = "O"
BREAKS = frozenset("()[]{},;")  # tokens a tagged span never holds
PART = "part"  # the `tagged` mark of a candidate the tagger overlaps but does not match
_CONTEXT = (-2, -1, 1, 2)
_UPPER, _LOWER, _DIGIT = re.compile(r"[A-Z]"), re.compile(r"[a-z]"), re.compile(r"[0-9]")
_REPEAT = re.compile(r"(.)\1+")
_EDGE_WORD = "<>"  # what stands for the words before the first token and after the last
# Words whose input parts a SpanTagger keeps before it starts afresh (memory stays bounded).
MAX_CACHED_WORDS = 200_000
_PAIR_BASE = 1 << 31  # a bigram's code: first word id * _PAIR_BASE + second word id


@lru_cache(maxsize=200_000)
def word_shape(text: str) -> str:
    """Letters and digits as X, x and d, runs cut to two: "ResNet-50" -> "XxXx-dd".

    >>> word_shape("ResNet-50"), word_shape("GPT-4o")
    ('XxxXxx-dd', 'XX-dx')
    """
    shape = _DIGIT.sub("d", _LOWER.sub("x", _UPPER.sub("X", text)))
    return _REPEAT.sub(r"\1\1", shape)


@lru_cache(maxsize=200_000)
def _word_features(text: str) -> tuple[str, ...]:
    """What a token says on its own (cached: most words repeat across papers)."""
    low = text.lower()
    feats = [f"w={low}", f"sh={word_shape(text)}", f"s3={low[-3:]}", f"p3={low[:3]}"]
    feats += [f"c{k}={c}" for k, c in enumerate(load_word_clusters().get(low, ()))]
    if text[:1].isupper():
        feats.append("cap")
    if len(text) > 1 and text.isupper():
        feats.append("upper")
    if any(c.isdigit() for c in text):
        feats.append("digit")
    if "-" in text:
        feats.append("hyphen")
    return tuple(feats)


def _bio(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    marks = [""] * n
    for start, end, label in spans:
        for k in range(start, end):
            marks[k] = ("B-" if k == start else "I-") + label
    return marks


@lru_cache(maxsize=200_000)
def _as_neighbour(low: str) -> tuple[str, ...]:
    """A word's features as each neighbour of a token (cached like _word_features)."""
    return tuple(f"w{d}={low}" for d in _CONTEXT)


_EDGE = _as_neighbour("<>")


def token_features(view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                   candidates: list[Candidate]) -> list[list[str]]:
    """One feature list per token: the word, its neighbours, the lexicon's and the rules'
    reading of it."""
    lowers, texts = view.lowers, view.texts
    n = len(texts)
    lex = _bio(n, [(s, e, entry.type) for s, e, entry in lexicon])
    rule = _bio(n, [(c.start, c.end, f"{c.type or 'none'}|{c.source}") for c in candidates])
    near = [_EDGE, _EDGE, *(_as_neighbour(w) for w in lowers), _EDGE, _EDGE]
    shapes = ["<>", *(word_shape(t) for t in texts), "<>"]
    padded = ["<>", *lowers, "<>"]
    out = []
    for i in range(n):
        feats = [*_word_features(texts[i]), near[i][0], near[i + 1][1], near[i + 3][2],
                 near[i + 4][3], f"b-={padded[i]}|{lowers[i]}",
                 f"b+={lowers[i]}|{padded[i + 2]}", f"sh-1={shapes[i]}",
                 f"sh+1={shapes[i + 2]}"]
        if i < view.title_end:
            feats.append("title")
        if lex[i]:
            feats.append(f"lex={lex[i]}")
        if rule[i]:
            feats.append(f"rule={rule[i]}")
        out.append(feats)
    return out


class EmissionReader:
    """token_features for one model, read straight into emission scores: what a word gives
    the tokens around it (its own features, its features as the token two before, one before,
    one after and two after another, its shape as the previous and as the next token's) is
    summed once per word into a row of a table, so a doc's scores are a few array sums; the
    bigrams, title, lexicon and rule features are added token by token."""

    _PARTS = 7  # own, as -2, as -1, as +1, as +2, shape as previous, shape as next

    def __init__(self, model: CrfModel) -> None:
        self.model = model
        # the known bigrams as codes of two word ids (every split of "a|b|c": a word may hold
        # a "|") times two, plus one for b+ (as the token itself) rather than b- (as the token
        # before), sorted, with their attribute rows
        self._pair_words: dict[str, int] = {}
        found: dict[int, int] = {}
        for attr, row in model.attributes.items():
            if attr[:3] in ("b-=", "b+="):
                pair = attr[3:]
                for k in (k for k, c in enumerate(pair) if c == "|"):
                    first = self._pair_words.setdefault(pair[:k], len(self._pair_words))
                    second = self._pair_words.setdefault(pair[k + 1:], len(self._pair_words))
                    found[(first * _PAIR_BASE + second) * 2 + (attr[1] == "+")] = row
        self._codes = np.array(sorted(found), dtype=np.int64)
        self._code_rows = np.array([found[c] for c in self._codes.tolist()], dtype=np.int64)
        self._rows: dict[str, int] = {}
        self._table = np.zeros((1024, self._PARTS, len(model.labels)))
        self._word_ids = np.full(1024, -1, dtype=np.int64)  # each row's word id in bigrams

    def _rows_of(self, texts: list[str]) -> list[int]:
        """The table rows of these words (new ones summed in one go)."""
        ids = list(map(self._rows.get, texts))
        if None in ids:
            self._add_words(list(dict.fromkeys(t for t, k in zip(texts, ids) if k is None)))
            ids = list(map(self._rows.get, texts))
        return ids

    def _add_words(self, words: list[str]) -> None:
        """Sum the rows of words not in the table yet."""
        if len(self._rows) + len(words) > MAX_CACHED_WORDS:
            self._rows.clear()
        start = len(self._rows)
        while start + len(words) > len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            self._word_ids = np.concatenate([self._word_ids, np.full_like(self._word_ids, -1)])
        index = self.model.attributes
        at: list[tuple[int, int]] = []
        attrs: list[int] = []
        for row, text in enumerate(words, start):
            low, shape = text.lower(), word_shape(text)
            parts = [_word_features(text), *((f,) for f in _as_neighbour(low)),
                     (f"sh-1={shape}",), (f"sh+1={shape}",)]
            for part, feats in enumerate(parts):
                for feat in feats:
                    attr = index.get(feat)
                    if attr is not None:
                        at.append((row, part))
                        attrs.append(attr)
            self._rows[text] = row
            self._word_ids[row] = self._pair_words.get(low, -1)
        end = start + len(words)
        self._table[start:end] = 0.0
        if attrs:
            rows, parts = zip(*at)
            np.add.at(self._table, (list(rows), list(parts)), self.model.state[attrs])

    def emissions(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                  candidates: list[Candidate]) -> np.ndarray:
        """(tokens, labels): the summed weights of token_features(view, lexicon, candidates)."""
        n = len(view.texts)
        rows = np.array(self._rows_of([_EDGE_WORD, _EDGE_WORD, *view.texts, _EDGE_WORD,
                                       _EDGE_WORD]))
        parts = self._table[rows]
        out = (parts[2:-2, 0] + parts[:-4, 1] + parts[1:-3, 2] + parts[3:-1, 3] + parts[4:, 4]
               + parts[1:-3, 5] + parts[3:-1, 6])
        state = self.model.state
        for at, found in self._token_rows(view, lexicon, candidates):
            if found:  # (a token has each kind of feature once at most)
                out[at] += state[found]
        if len(self._codes):  # pair k of the padded tokens: tokens k-1 and k
            words = self._word_ids[rows[1:-1]]
            codes = (words[:-1] * _PAIR_BASE + words[1:]) * 2
            valid = (words[:-1] >= 0) & (words[1:] >= 0)
            # b- of token k is pair k, b+ pair k + 1
            mine = np.concatenate([codes[:n], codes[1:] + 1])
            ok = np.concatenate([valid[:n], valid[1:]])
            place = np.minimum(np.searchsorted(self._codes, mine), len(self._codes) - 1)
            hit = np.flatnonzero(ok & (self._codes[place] == mine))
            weights = state[self._code_rows[place[hit]]]
            first = hit < n  # (each token has one b- and one b+ at most)
            out[hit[first]] += weights[first]
            out[hit[~first] - n] += weights[~first]
        return out

    def _token_rows(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                    candidates: list[Candidate]) -> list[tuple[list[int], list[int]]]:
        """The known title, lexicon and rule features, as (tokens, rows) per kind. Where
        spans overlap, the later one marks a token, as in token_features."""
        index, n = self.model.attributes, len(view.texts)
        out = []
        title = index.get("title")
        if title is not None:
            heading = min(view.title_end, n)
            out.append((list(range(heading)), [title] * heading))
        for marks in (_marks("lex", [(s, e, entry.type) for s, e, entry in lexicon]),
                      _marks("rule", [(c.start, c.end, f"{c.type or 'none'}|{c.source}")
                                      for c in candidates])):
            found = [(i, index.get(feat)) for i, feat in marks.items()]
            out.append(([i for i, row in found if row is not None],
                        [row for _, row in found if row is not None]))
        return out


def _marks(kind: str, spans: list[tuple[int, int, str]]) -> dict[int, str]:
    """The BIO feature ("lex=B-method") of each token a span covers; a later span overwrites
    an earlier one's (as _bio does).

    >>> _marks("lex", [(0, 2, "task"), (1, 2, "method")])
    {0: 'lex=B-task', 1: 'lex=B-method'}
    """
    out: dict[int, str] = {}
    for start, end, label in spans:
        for k in range(start, end):
            out[k] = f"{kind}={'B-' if k == start else 'I-'}{label}"
    return out


def spans_of(tags: list[str], texts: list[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, type) of each tagged span; an I- without its B- starts a span. Given the
    tokens' `texts`, a span never holds a bracket, comma or semicolon: it is cut there."""
    out = []
    i, n = 0, len(tags)
    while i < n:
        if tags[i] == OUTSIDE or (texts and texts[i] in BREAKS):
            i += 1
            continue
        label = tags[i][2:]
        j = i + 1
        while j < n and tags[j] == f"I-{label}" and not (texts and texts[j] in BREAKS):
            j += 1
        out.append((i, j, label))
        i = j
    return out


class SpanTagger:
    """A trained CRF model read from a CRFsuite file, decoding many docs at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            if not self.path.is_file():
                raise OSError("no such file")
            self.model = CrfModel.load(self.path)
        except (OSError, ValueError, struct.error) as e:
            raise ModelError(f"{path}: cannot load the span tagger: {e}") from e
        self._reader = EmissionReader(self.model)
        labels = self.model.labels
        self._types = sorted(t[2:] for t in labels if t.startswith("B-") and f"I-{t[2:]}" in labels)
        # each type's B- and I- label as a column of the marginals
        self._columns = [(labels.index(f"B-{t}"), labels.index(f"I-{t}")) for t in self._types]

    def spans(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
              candidates: list[Candidate]) -> list[tuple[int, int, str]]:
        """The typed spans of one doc."""
        return self._read([(view, lexicon, candidates)])[0][0]

    def tag(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
            kept: list[Candidate]) -> list[Candidate]:
        """Tag one doc (tag_many of one)."""
        return self.tag_many([(view, lexicon, kept)])[0]

    def tag_many(self, docs: list[tuple[DocView, list[tuple[int, int, LexiconEntry]],
                                        list[Candidate]]]) -> list[list[Candidate]]:
        """Tag docs given as (view, lexicon matches, the rules' candidates): mark each doc's
        candidates with the tagger's reading (merge_tagged) and its belief in each one's exact
        span, and return per doc the tagged spans the rules did not propose."""
        out = []
        for (view, _, kept), (spans, marginals) in zip(docs, self._read(docs)):
            found = merge_tagged(view, kept, spans)
            rows = marginals.tolist()
            for cand in (*kept, *found):  # (none in an empty doc, which was not tagged)
                cand.belief = self._span_belief(rows, cand.start, cand.end)
            out.append(found)
        return out

    def _read(self, docs: list[tuple[DocView, list[tuple[int, int, LexiconEntry]],
                                     list[Candidate]]]
              ) -> list[tuple[list[tuple[int, int, str]], np.ndarray]]:
        """Each doc's tagged spans and its tokens' label marginals."""
        decoded = self.model.decode([self._reader.emissions(*doc) for doc in docs])
        labels = self.model.labels
        return [(spans_of([labels[k] for k in path], view.texts), marginals)
                for (view, _, _), (path, marginals) in zip(docs, decoded)]

    def _span_belief(self, rows: list[list[float]], start: int, end: int) -> float:
        """How sure the tagger is that tokens start..end-1 are exactly one entity: for each
        type, the least of its marginals for B- at the start, I- inside, and anything but I-
        after the end; the most of these over the types."""
        best = 0.0
        for begin, inside in self._columns:
            belief = rows[start][begin]
            for k in range(start + 1, end):
                belief = min(belief, rows[k][inside])
            if end < len(rows):
                belief = min(belief, 1.0 - rows[end][inside])
            best = max(best, belief)
        return best


def merge_tagged(view: DocView, kept: list[Candidate], spans: list[tuple[int, int, str]]
                 ) -> list[Candidate]:
    """Mark each rule candidate with the tagger's type for exactly its span (or PART where a
    tagged span only overlaps it), and return the tagged spans no candidate matches exactly,
    as weak candidates of their own (the decider chooses between overlapping readings)."""
    exact = {(s, e): t for s, e, t in spans}
    covered: dict[int, Candidate] = {i: c for c in kept for i in range(c.start, c.end)}
    for cand in kept:
        cand.tagged = exact.get((cand.start, cand.end), "")
    out = []
    for start, end, label in spans:
        touched = {id(covered[i]): covered[i] for i in range(start, end) if i in covered}
        for cand in touched.values():
            cand.tagged = cand.tagged or PART
        if (start, end) in {(c.start, c.end) for c in touched.values()}:
            continue
        if view.sent_of[start] != view.sent_of[end - 1]:
            continue
        name = view.text_of(start, end)
        out.append(Candidate(start, end, name, label, GUESS, "tagged", aliases=[name],
                             head=view.lowers[end - 1], sent=view.sent_of[start], weak=True,
                             tagged=label))
    return out
