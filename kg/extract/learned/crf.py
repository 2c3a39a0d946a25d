"""A linear-chain CRF model read from a CRFsuite file, decoded with numpy many sequences at a
time: the best labels (Viterbi) and each token's label marginals (forward-backward), as
CRFsuite's own tagger computes them, without its per-call cost of turning every attribute
string into a C++ object. Training stays with CRFsuite (kg_train/tagger.py).

A CRFsuite model file ("lCRF") holds a header of offsets, a chunk of features (each a type,
a source, a destination and a float64 weight: type 0 is an attribute's weight for a label,
type 1 a transition between two labels) and two CQDB dictionaries, of labels and attributes,
whose backward arrays list their keys in id order.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_STATE, _TRANSITION = 0, 1
_FEATURE = struct.Struct("<IIId")  # type, source, destination, weight (CRFsuite's layout)


@dataclass(frozen=True)
class CrfModel:
    """Labels, attributes and weights of a trained linear-chain CRF."""

    labels: tuple[str, ...]
    attributes: dict[str, int]  # attribute -> row of `state`
    state: np.ndarray  # (attributes, labels): each attribute's weight for each label
    transition: np.ndarray  # (labels, labels): the weight of label i followed by label j

    @classmethod
    def load(cls, path: Path) -> "CrfModel":
        """Read a CRFsuite model file (ValueError or struct.error if it is not one)."""
        data = Path(path).read_bytes()
        if data[:4] != b"lCRF":
            raise ValueError("not a CRFsuite model")
        # (the header's count of features, before the labels', is left 0 by CRFsuite)
        n_labels, n_attrs, off_features, off_labels, off_attrs = \
            struct.unpack_from("<5I", data, 20)
        labels = _cqdb_keys(data, off_labels)
        attributes = _cqdb_keys(data, off_attrs)
        if len(labels) != n_labels or len(attributes) != n_attrs:
            raise ValueError("the dictionaries do not match the header")
        chunk, _, count = struct.unpack_from("<4sII", data, off_features)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        rows = np.frombuffer(data, dtype=np.dtype([("type", "<u4"), ("src", "<u4"),
                                                   ("dst", "<u4"), ("weight", "<f8")]),
                             count=count, offset=off_features + 12)
        state = np.zeros((n_attrs, n_labels))
        transition = np.zeros((n_labels, n_labels))
        is_state = rows["type"] == _STATE
        np.add.at(state, (rows["src"][is_state], rows["dst"][is_state]), rows["weight"][is_state])
        moves = rows["type"] == _TRANSITION
        np.add.at(transition, (rows["src"][moves], rows["dst"][moves]), rows["weight"][moves])
        return cls(tuple(labels), {a: k for k, a in enumerate(attributes)}, state, transition)

    def emissions(self, features: list[list[str]]) -> np.ndarray:
        """(tokens, labels): the summed weights of each token's attributes (unknown ones add
        nothing, as in CRFsuite)."""
        out = np.zeros((len(features), len(self.labels)))
        index = self.attributes
        for i, feats in enumerate(features):
            rows = [index[f] for f in feats if f in index]
            if rows:
                out[i] = self.state[rows].sum(axis=0)
        return out

    def decode(self, emissions: list[np.ndarray]) -> list[tuple[list[int], np.ndarray]]:
        """Each sequence's best label ids and its (tokens, labels) marginals, given its
        emission scores; sequences of similar length are decoded together."""
        out: list[tuple[list[int], np.ndarray]] = [([], np.zeros((0, len(self.labels))))] \
            * len(emissions)
        order = sorted((k for k, e in enumerate(emissions) if len(e)),
                       key=lambda k: len(emissions[k]))
        for start in range(0, len(order), _GROUP):
            group = order[start:start + _GROUP]
            paths, marginals = self._decode_group([emissions[k] for k in group])
            for k, path, marginal in zip(group, paths, marginals):
                out[k] = (path, marginal)
        return out

    def _decode_group(self, emissions: list[np.ndarray]
                      ) -> tuple[list[list[int]], list[np.ndarray]]:
        """Viterbi and forward-backward over sequences sorted by length, laid out as (steps,
        labels, sequences) so that every step is a few array operations over the sequences
        still running at that step (the last ones: the longest)."""
        lengths = [len(e) for e in emissions]
        steps, labels, count = max(lengths), len(self.labels), len(emissions)
        scores = np.zeros((steps, labels, count))
        for k, e in enumerate(emissions):
            scores[:len(e), :, k] = e
        # at step t, sequences first[t]: are still running
        first = np.searchsorted(lengths, np.arange(steps), side="right").tolist()
        paths = self._viterbi(scores, first, lengths)
        marginals = np.ascontiguousarray(self._marginals(scores, first).transpose(2, 0, 1))
        return paths, [marginals[k, :n] for k, n in enumerate(lengths)]

    def _viterbi(self, scores: np.ndarray, first: list[int], lengths: list[int]
                 ) -> list[list[int]]:
        """Best label ids; ties go to the lowest label id, as in CRFsuite. The forward pass
        keeps each step's best scores; the way back finds each step's best predecessor."""
        steps, labels, count = scores.shape
        moves = self.transition[:, :, None]  # (from, to, 1)
        best = np.zeros(scores.shape)
        best[0] = scores[0]
        for t in range(1, steps):
            lo = first[t]
            move = best[t - 1, :, lo:][:, None, :] + moves
            best[t, :, lo:] = move.max(axis=0) + scores[t, :, lo:]
        ends = np.array(lengths) - 1
        label = best[ends, :, np.arange(count)].argmax(axis=1)  # each sequence's last label
        path = np.zeros((steps, count), dtype=np.intp)
        into = self.transition.T  # (to, from)
        for t in range(steps - 1, 0, -1):
            lo = first[t]
            path[t, lo:] = label[lo:]
            label[lo:] = (best[t - 1, :, lo:] + into[label[lo:]].T).argmax(axis=0)
        path[0] = label
        return [col[:n] for col, n in zip(path.T.tolist(), lengths)]

    def _marginals(self, scores: np.ndarray, first: list[int]) -> np.ndarray:
        """P(label at token) by scaled forward-backward (each step normalised to sum 1),
        as (steps, labels, sequences); past a sequence's end, anything."""
        steps = len(scores)
        odds = np.exp(scores - scores.max(axis=1, keepdims=True))
        moves = np.exp(self.transition)
        into = moves.T.copy()
        alpha = np.ones(scores.shape)
        alpha[0] = odds[0] / odds[0].sum(axis=0)
        for t in range(1, steps):
            lo = first[t]
            step = (into @ alpha[t - 1, :, lo:]) * odds[t, :, lo:]
            alpha[t, :, lo:] = step / step.sum(axis=0)
        beta = np.ones(scores.shape)  # a sequence's last step: 1 (nothing follows)
        for t in range(steps - 2, -1, -1):
            lo = first[t + 1]
            step = moves @ (odds[t + 1, :, lo:] * beta[t + 1, :, lo:])
            beta[t, :, lo:] = step / step.sum(axis=0)
        marginal = alpha * beta
        return marginal / marginal.sum(axis=1, keepdims=True)


_GROUP = 256  # sequences decoded together (sorted by length: the short ones stop early)


def _cqdb_keys(data: bytes, off: int) -> list[str]:
    """The keys of the CQDB dictionary at `off`, in id order (its backward array)."""
    magic, _, _, _, count, backward = struct.unpack_from("<4sIIIII", data, off)
    if magic != b"CQDB":
        raise ValueError("no CQDB dictionary")
    out = []
    for k in range(count):
        record = off + struct.unpack_from("<I", data, off + backward + 4 * k)[0]
        size = struct.unpack_from("<I", data, record + 4)[0]  # the key's bytes, with its NUL
        out.append(data[record + 8:record + 7 + size].decode("utf-8"))
    return out
