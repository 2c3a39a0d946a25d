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

from kg.errors import ModelError

from ..lexicon.entries import LexiconEntry
from ..rules.candidate import GUESS, Candidate
from ..text.docview import DocView
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
_NONE: dict[str, bytes] = {}  # no known bigram


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


def model_attributes(path: Path) -> frozenset[str]:
    """The attributes a CRFsuite model has weights for, read from the attribute dictionary of
    its file (a CQDB chunk). CRFsuite writes only the attributes of features with a non-zero
    weight and its tagger skips attributes its dictionary lacks, so passing it only these
    changes no score (pycrfsuite's own `info()` cannot read every model)."""
    data = Path(path).read_bytes()
    if data[:4] != b"lCRF":
        raise ValueError("not a CRFsuite model")
    off = struct.unpack_from("<I", data, 36)[0]  # the header's offset of the attribute CQDB
    magic, _, _, _, count, backward = struct.unpack_from("<4sIIIII", data, off)
    if magic != b"CQDB":
        raise ValueError("no attribute dictionary")
    out = []
    for k in range(count):
        record = off + struct.unpack_from("<I", data, off + backward + 4 * k)[0]
        size = struct.unpack_from("<I", data, record + 4)[0]  # the key's bytes, with its NUL
        out.append(data[record + 8:record + 7 + size].decode("utf-8"))
    return frozenset(out)


class TokenReader:
    """token_features for one model, faster: the same features in the same order, less those
    the model has no weight for (which change no score), built from parts cached per word, as
    UTF-8 bytes (which pycrfsuite passes on as they are; it encodes every str anew)."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self._words: dict[str, tuple] = {}
        self._pairs: dict[str, dict[str, dict[str, bytes]]] = {"b-": {}, "b+": {}}
        for attr in known:
            kind, _, pair = attr.partition("=")
            if kind in self._pairs:  # every split of "a|b|c": a word may hold a "|"
                for k in (k for k, c in enumerate(pair) if c == "|"):
                    self._pairs[kind].setdefault(pair[:k], {})[pair[k + 1:]] = attr.encode()

    def word(self, text: str) -> tuple:
        """What one word gives the tokens around it, each part filtered: its own features, its
        features as the token two before, one before, one after and two after another, its
        shape as the previous and as the next token's, and the known bigrams it starts as the
        previous token (b-) and as the token itself (b+), keyed by the word after it."""
        got = self._words.get(text)
        if got is None:
            if len(self._words) >= MAX_CACHED_WORDS:
                self._words.clear()
            low, known = text.lower(), self.known
            shape = word_shape(text)
            as_other = [(f.encode(),) if f in known else () for f in (
                *_as_neighbour(low), f"sh-1={shape}", f"sh+1={shape}")]
            got = (tuple([f.encode() for f in _word_features(text) if f in known]), *as_other,
                   self._pairs["b-"].get(low, _NONE), self._pairs["b+"].get(low, _NONE))
            self._words[text] = got
        return got

    def features(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
                 candidates: list[Candidate]) -> list[list[bytes]]:
        """token_features(view, lexicon, candidates), less the attributes the model lacks."""
        lowers, texts, known = view.lowers, view.texts, self.known
        n = len(texts)
        word = self.word
        edge = word(_EDGE_WORD)
        parts = [edge, edge, *(word(t) for t in texts), edge, edge]
        nexts = [*lowers[1:], _EDGE_WORD]
        marks = self._marks(view, lexicon, candidates)
        out = []
        for i in range(n):
            me, prev, nxt = parts[i + 2], parts[i + 1], parts[i + 3]
            feats = [*me[0], *parts[i][1], *prev[2], *nxt[3], *parts[i + 4][4]]
            low = lowers[i]
            pair = prev[7].get(low)
            if pair is not None:
                feats.append(pair)
            pair = me[8].get(nexts[i])
            if pair is not None:
                feats.append(pair)
            feats += prev[5]
            feats += nxt[6]
            if marks[i]:
                feats += marks[i]
            out.append(feats)
        return out

    def _marks(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
               candidates: list[Candidate]) -> list[tuple[bytes, ...]]:
        """Each token's title, lexicon and rule features that the model knows."""
        known, n = self.known, len(view.texts)
        lex = _bio(n, [(s, e, entry.type) for s, e, entry in lexicon])
        rule = _bio(n, [(c.start, c.end, f"{c.type or 'none'}|{c.source}") for c in candidates])
        title: tuple[bytes, ...] = (b"title",) if "title" in known else ()
        heading = min(view.title_end, n)
        out = [title] * heading + [()] * (n - heading)
        for i, (by_lexicon, by_rules) in enumerate(zip(lex, rule)):
            if by_lexicon or by_rules:
                feats = [f for f in (by_lexicon and f"lex={by_lexicon}",
                                     by_rules and f"rule={by_rules}") if f and f in known]
                out[i] = (*out[i], *(f.encode() for f in feats))
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
    """A trained CRF model read from a CRFsuite file."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.path = Path(path)
        self._tagger = pycrfsuite.Tagger()
        try:
            if not self.path.is_file():
                raise OSError("no such file")
            self._tagger.open(str(self.path))
            self._reader = TokenReader(model_attributes(self.path))
        except (OSError, ValueError, struct.error) as e:
            raise ModelError(f"{path}: cannot load the span tagger: {e}") from e
        labels = set(self._tagger.labels())
        self._types = sorted(t[2:] for t in labels if t.startswith("B-") and f"I-{t[2:]}" in labels)
        # each type's B- and I- label as bytes (pycrfsuite would encode a str at every call)
        self._labels = {t: (f"B-{t}".encode(), f"I-{t}".encode()) for t in self._types}

    def spans(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
              candidates: list[Candidate]) -> list[tuple[int, int, str]]:
        """The typed spans of one doc."""
        if not view.texts:
            return []
        return spans_of(self._tagger.tag(self._reader.features(view, lexicon, candidates)),
                        view.texts)

    def tag(self, view: DocView, lexicon: list[tuple[int, int, LexiconEntry]],
            kept: list[Candidate]) -> list[Candidate]:
        """Tag one doc: mark the rules' candidates with the tagger's reading (merge_tagged)
        and its belief in each one's exact span, and return the tagged spans the rules did
        not propose."""
        found = merge_tagged(view, kept, self.spans(view, lexicon, kept))
        for cand in (*kept, *found):  # (none in an empty doc, which was not tagged)
            cand.belief = self._span_belief(cand.start, cand.end, len(view.texts))
        return found

    def _span_belief(self, start: int, end: int, n: int) -> float:
        """How sure the tagger is that tokens start..end-1 are exactly one entity (the last doc
        tagged): for each type, the least of its marginals for B- at the start, I- inside, and
        anything but I- after the end; the most of these over the types. A type stops being
        read once its least falls to the best so far (each marginal costs a call)."""
        marginal = self._tagger.marginal
        best = -1.0  # (marginals are probabilities)
        for begin, inside in self._labels.values():
            belief = marginal(begin, start)
            k = start + 1
            while belief > best and k < end:
                belief = min(belief, marginal(inside, k))
                k += 1
            if belief > best and end < n:
                belief = min(belief, 1.0 - marginal(inside, end))
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
