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
from itertools import chain
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
# Words whose summed weights a SpanTagger keeps before it starts afresh: memory stays bounded
# (each word takes 7 parts x 7 labels x 8 bytes, so about 40 MB at most).
MAX_CACHED_WORDS = 100_000
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
def _as_neighbour(low: str) -> tuple[tuple[str, ...], ...]:
    """A word's features as each neighbour of a token, one tuple per offset: the word and its
    coarse and fine clusters (cached like _word_features)."""
    clusters = load_word_clusters().get(low)
    if not clusters:
        return tuple((f"w{d}={low}",) for d in _CONTEXT)
    coarse, fine = clusters
    return tuple((f"w{d}={low}", f"n{d}c={coarse}", f"n{d}f={fine}") for d in _CONTEXT)


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
        feats = [*_word_features(texts[i]), *near[i][0], *near[i + 1][1], *near[i + 3][2],
                 *near[i + 4][3], f"b-={padded[i]}|{lowers[i]}",
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

    def __init__(self, model: CrfModel, max_words: int = MAX_CACHED_WORDS) -> None:
        self.model = model
        self.max_words = max_words
        # the known bigrams as codes of two word ids (every split of "a|b|c": a word may hold
        # a "|"), sorted, with the attribute rows of the pair as the token before and the
        # token (b-, weighing on the second word's token) and as the token and the one after
        # (b+, weighing on the first word's token), -1 where the model has none
        self._pair_words: dict[str, int] = {}
        found: dict[int, list[int]] = {}
        for attr, row in model.attributes.items():
            if attr[:3] in ("b-=", "b+="):
                pair = attr[3:]
                for k in (k for k, c in enumerate(pair) if c == "|"):
                    first = self._pair_words.setdefault(pair[:k], len(self._pair_words))
                    second = self._pair_words.setdefault(pair[k + 1:], len(self._pair_words))
                    found.setdefault(first * _PAIR_BASE + second, [-1, -1])[attr[1] == "+"] = row
        self._codes = np.array(sorted(found), dtype=np.int64)
        self._code_rows = np.array([found[c] for c in self._codes.tolist()],
                                   dtype=np.int64).reshape(-1, 2)
        self._marked: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        self._rows: dict[str, int] = {}
        # one table per part of what a word gives: (part, word row, label)
        self._table = np.zeros((self._PARTS, 1024, len(model.labels)))
        self._word_ids = np.full(1024, -1, dtype=np.int64)  # each row's word id in bigrams

    def _rows_of(self, texts: list[str]) -> list[int]:
        """The table rows of these words (new ones summed in one go; when the table is full,
        it starts afresh with these words)."""
        ids = list(map(self._rows.get, texts))
        if None in ids:
            missing = list(dict.fromkeys(t for t, k in zip(texts, ids) if k is None))
            if len(self._rows) + len(missing) > self.max_words:
                self._rows.clear()
                missing = list(dict.fromkeys(texts))
            self._add_words(missing)
            ids = list(map(self._rows.get, texts))
        return ids

    def _add_words(self, words: list[str]) -> None:
        """Sum the rows of words not in the table yet."""
        start = len(self._rows)
        size = self._table.shape[1]
        if start + len(words) > size:  # twice the size, up to max_words (or what is needed)
            size = max(start + len(words), min(2 * size, self.max_words))
            table = np.zeros((self._PARTS, size, len(self.model.labels)))
            table[:, :start] = self._table[:, :start]
            word_ids = np.full(size, -1, dtype=np.int64)
            word_ids[:start] = self._word_ids[:start]
            self._table, self._word_ids = table, word_ids
        index = self.model.attributes
        at: list[tuple[int, int]] = []
        attrs: list[int] = []
        for row, text in enumerate(words, start):
            low, shape = text.lower(), word_shape(text)
            parts = [_word_features(text), *_as_neighbour(low),
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
        self._table[:, start:end] = 0.0
        if attrs:
            rows, parts = zip(*at)
            np.add.at(self._table, (list(parts), list(rows)), self.model.state[attrs])

    def emissions(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                  candidates: list[Candidate]) -> np.ndarray:
        """(tokens, labels): the summed weights of token_features(view, lexicon, candidates)."""
        return self.emissions_many([(view, lexicon, candidates)])[0]

    def emissions_many(self, docs: list[tuple[DocView, list[tuple[int, int, LexiconEntry]],
                                              list[Candidate]]]) -> list[np.ndarray]:
        """emissions() of each doc, worked out for all of them in one stream of tokens (each
        doc's tokens after two edge words, two more at the end: every token sees the same
        neighbours as alone), so each step is one array operation for the lot."""
        stream = [_EDGE_WORD, _EDGE_WORD]
        starts = []
        for view, _, _ in docs:
            starts.append(len(stream))
            stream += view.texts
            stream += (_EDGE_WORD, _EDGE_WORD)
        rows = np.array(self._rows_of(stream))
        out = np.zeros((len(stream), len(self.model.labels)))
        inner = out[2:-2]  # own part, then as -2, -1, +1, +2, shape as previous and as next
        inner += np.take(self._table[0], rows[2:-2], axis=0)
        for part, (a, b) in enumerate(((0, -4), (1, -3), (3, -1), (4, None), (1, -3), (3, -1)),
                                      1):
            inner += np.take(self._table[part], rows[a:b], axis=0)
        state = self.model.state
        kinds: list[tuple[list[int], list[int]]] = [([], []), ([], []), ([], [])]
        for start, doc in zip(starts, docs):
            for (at, found), (doc_at, doc_found) in zip(kinds, self._token_rows(*doc)):
                at.extend(start + i for i in doc_at)
                found.extend(doc_found)
        for at, found in kinds:
            if found:  # (a token has each kind of feature once at most)
                out[at] += state[found]
        if len(self._codes):  # pair q: stream positions q and q + 1
            words = self._word_ids[rows]
            codes = words[:-1] * _PAIR_BASE + words[1:]
            place = np.minimum(np.searchsorted(self._codes, codes), len(self._codes) - 1)
            known = np.flatnonzero((words[:-1] >= 0) & (words[1:] >= 0)
                                   & (self._codes[place] == codes))
            pair_rows = self._code_rows[place[known]]
            for side, token in ((0, known + 1), (1, known)):  # b-: the second; b+: the first
                has = pair_rows[:, side] >= 0  # (each position has one b- and one b+ at most)
                out[token[has]] += state[pair_rows[has, side]]
        return [out[start:start + len(view.texts)] for start, (view, _, _) in zip(starts, docs)]

    def _token_rows(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                    candidates: list[Candidate]) -> list[tuple[list[int], list[int]]]:
        """The known title, lexicon and rule features, as (tokens, rows) for each of the three
        kinds. Where spans overlap, the later one marks a token, as in token_features."""
        title = self.model.attributes.get("title")
        heading = min(view.title_end, len(view.texts)) if title is not None else 0
        out = [(list(range(heading)), [title] * heading)]
        for kind, spans in (("lex", [(s, e, entry.type) for s, e, entry in lexicon]),
                            ("rule", [(c.start, c.end, f"{c.type or 'none'}|{c.source}")
                                      for c in candidates])):
            marks: dict[int, int | None] = {}
            for start, end, label in spans:
                begin, inside = self._mark_rows(kind, label)
                marks[start] = begin
                for k in range(start + 1, end):
                    marks[k] = inside
            at = [i for i, row in marks.items() if row is not None]
            out.append((at, [marks[i] for i in at]))
        return out

    def _mark_rows(self, kind: str, label: str) -> tuple[int | None, int | None]:
        """The rows of "kind=B-label" and "kind=I-label" (None where the model has none)."""
        got = self._marked.get((kind, label))
        if got is None:
            index = self.model.attributes
            got = self._marked[(kind, label)] = (index.get(f"{kind}=B-{label}"),
                                                 index.get(f"{kind}=I-{label}"))
        return got


def spans_of(tags: list[str], texts: list[str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, type) of each tagged span; an I- without its B- starts a span. Given the
    tokens' `texts`, a span never holds a bracket, comma or semicolon: it is cut there."""
    labels = list(dict.fromkeys(tags))
    index = {t: k for k, t in enumerate(labels)}
    return _spans_of_ids([index[t] for t in tags], texts or [""] * len(tags),
                         _label_table(labels))


def _label_table(labels: list[str] | tuple[str, ...]
                 ) -> tuple[int, list[int], list[str]]:
    """The O label's id (-1 if none), and per label id the id of its type's I- label (-1 if
    none) and its type."""
    return (labels.index(OUTSIDE) if OUTSIDE in labels else -1,
            [labels.index(f"I-{t[2:]}") if f"I-{t[2:]}" in labels else -1 for t in labels],
            [t[2:] for t in labels])


def _spans_of_ids(path: list[int], texts: list[str], table: tuple[int, list[int], list[str]]
                  ) -> list[tuple[int, int, str]]:
    """spans_of, the labels given as ids into the label table."""
    outside, inside, kind = table
    out = []
    end = 0
    for i in [i for i, k in enumerate(path) if k != outside]:
        if i < end or texts[i] in BREAKS:
            continue
        more = inside[path[i]]
        end = i + 1
        while end < len(path) and path[end] == more and texts[end] not in BREAKS:
            end += 1
        out.append((i, end, kind[path[i]]))
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
        # each type's B- and I- label as a column of the marginals
        self._columns = [(labels.index(t), labels.index(f"I-{t[2:]}")) for t in sorted(labels)
                         if t.startswith("B-") and f"I-{t[2:]}" in labels]
        self._label_table = _label_table(labels)

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
        read = self._read(docs)
        out = [merge_tagged(view, kept, spans) for (view, _, kept), (spans, _) in zip(docs, read)]
        cands = [[*kept, *found] for (_, _, kept), found in zip(docs, out)]
        beliefs = self._span_beliefs([m for _, m in read], [[(c.start, c.end) for c in doc]
                                                            for doc in cands])
        for doc, values in zip(cands, beliefs):
            for cand, value in zip(doc, values):
                cand.belief = value
        return out

    def _read(self, docs: list[tuple[DocView, list[tuple[int, int, LexiconEntry]],
                                     list[Candidate]]]
              ) -> list[tuple[list[tuple[int, int, str]], np.ndarray]]:
        """Each doc's tagged spans and its tokens' label marginals."""
        decoded = self.model.decode(self._reader.emissions_many(docs))
        return [(_spans_of_ids(path, view.texts, self._label_table), marginals)
                for (view, _, _), (path, marginals) in zip(docs, decoded)]

    def _span_beliefs(self, marginals: list[np.ndarray], spans: list[list[tuple[int, int]]]
                      ) -> list[list[float]]:
        """How sure the tagger is that each span (start, end) of each doc is exactly one
        entity: for each type, the least of its marginals for B- at the start, I- inside, and
        anything but I- after the end (when a token follows); the most of these over the
        types (all docs' spans at once)."""
        sizes = [len(s) for s in spans]
        if not sum(sizes):
            return [[] for _ in spans]
        table = np.concatenate([m for m in marginals if len(m)])
        lengths = [len(m) for m in marginals]
        ends = np.cumsum(lengths)
        offsets = ends - lengths
        total = sum(sizes)
        pairs = np.fromiter(chain.from_iterable(chain.from_iterable(spans)), dtype=np.int64,
                            count=2 * total).reshape(-1, 2)
        shift = np.repeat(offsets, sizes)
        start, end, doc_end = pairs[:, 0] + shift, pairs[:, 1] + shift, np.repeat(ends, sizes)
        last = len(table) - 1
        best = np.zeros(total)
        for begin, inside in self._columns:
            belief = table[start, begin]
            for step in range(1, int((end - start).max())):
                k = start + step
                belief = np.where(k < end, np.minimum(belief, table[np.minimum(k, last), inside]),
                                  belief)
            after = 1.0 - table[np.minimum(end, last), inside]
            belief = np.where(end < doc_end, np.minimum(belief, after), belief)
            best = np.maximum(best, belief)
        values = best.tolist()
        out, at = [], 0
        for size in sizes:
            out.append(values[at:at + size])
            at += size
        return out


def merge_tagged(view: DocView, kept: list[Candidate], spans: list[tuple[int, int, str]]
                 ) -> list[Candidate]:
    """Mark each rule candidate with the tagger's type for exactly its span, or for a span
    that starts with it and runs on ("SAC" in a tagged "SAC agents": the name and what follows
    it), or PART where a tagged span only overlaps it; return the tagged spans no candidate
    matches exactly, as weak candidates of their own (the decider chooses between overlapping
    readings)."""
    exact = {(s, e): t for s, e, t in spans}
    covered: dict[int, Candidate] = {i: c for c in kept for i in range(c.start, c.end)}
    for cand in kept:
        cand.tagged = exact.get((cand.start, cand.end), "")
    out = []
    for start, end, label in spans:
        touched = {id(covered[i]): covered[i] for i in range(start, end) if i in covered}
        for cand in touched.values():
            runs_on = cand.start == start and cand.end < end
            cand.tagged = cand.tagged or (label if runs_on else PART)
        if (start, end) in {(c.start, c.end) for c in touched.values()}:
            continue
        if view.sent_of[start] != view.sent_of[end - 1]:
            continue
        name = view.text_of(start, end)
        out.append(Candidate(start, end, name, label, GUESS, "tagged", aliases=[name],
                             head=view.lowers[end - 1], sent=view.sent_of[start], weak=True,
                             tagged=label))
    return out
