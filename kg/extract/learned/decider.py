"""The learned decisions: for each proposal of the rules, is it an entity and of which type, and
does the paper introduce it. Two linear models over string features (multinomial logistic
regression), trained by scripts/train_decider.py into kg/data/decider.json.

>>> model = LinearModel(["none", "method"], [0.0, -1.0], {"head=loss": [0.0, 3.0]})
>>> model.predict(["head=loss", "unseen"])
'method'
>>> model.predict(["unseen"])
'none'
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from kg.errors import ModelError

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "decider.json"
# The decider of the fast pipeline (no span tagger): trained on the rules' candidates alone.
FAST_MODEL_PATH = MODEL_PATH.with_name("decider_fast.json")
NOT_AN_ENTITY = "none"


@dataclass
class LinearModel:
    """Class scores are a bias plus the weights of the features present."""

    classes: list[str]
    bias: list[float]
    weights: dict[str, list[float]]

    def scores(self, feats: list[str]) -> list[float]:
        """One score per class: its bias plus the weights of the features present, added in
        the features' order."""
        return self.scores_many([feats])[0]

    @cached_property
    def _table(self) -> tuple[dict[str, int], np.ndarray]:
        """Each feature's row in a matrix whose row 0 is the bias (built on first use)."""
        index = {f: k for k, f in enumerate(self.weights, 1)}
        return index, np.array([self.bias, *self.weights.values()], dtype=float).reshape(
            len(index) + 1, len(self.classes))

    def scores_many(self, feature_lists: list[list[str]]) -> list[list[float]]:
        """scores() of each feature list, the sums of all of them taken in one array
        operation (the same sums in the same order: the bias, then each feature's weight)."""
        if not feature_lists:
            return []
        index, matrix = self._table
        rows: list[int] = []
        starts = []
        for feats in feature_lists:
            starts.append(len(rows))
            rows.append(0)
            rows += filter(None, map(index.get, feats))  # (no feature has row 0)
        return np.add.reduceat(matrix[rows], starts, axis=0).tolist()

    def probabilities_many(self, feature_lists: list[list[str]]) -> list[dict[str, float]]:
        """probabilities() of each feature list."""
        return [_softmax(self.classes, scores) for scores in self.scores_many(feature_lists)]

    def predict_many(self, feature_lists: list[list[str]]) -> list[str]:
        """predict() of each feature list."""
        return [self.classes[max(range(len(scores)), key=scores.__getitem__)]
                for scores in self.scores_many(feature_lists)]

    def predict(self, feats: list[str]) -> str:
        """The best-scoring class."""
        scores = self.scores(feats)
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        """Softmax of the scores."""
        return _softmax(self.classes, self.scores(feats))

    def explain(self, feats: list[str], cls: str, n: int = 4) -> list[tuple[str, float]]:
        """The `n` features that pushed hardest towards `cls` against the other classes."""
        k = self.classes.index(cls)
        pushes = []
        for f in set(feats):
            w = self.weights.get(f)
            if w is not None:
                rest = max(v for j, v in enumerate(w) if j != k) if len(w) > 1 else 0.0
                pushes.append((f, round(w[k] - rest, 2)))
        return sorted(pushes, key=lambda p: (-p[1], p[0]))[:n]

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"classes": self.classes, "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_dict(cls, data: dict) -> "LinearModel":
        """The model that to_dict() wrote."""
        return cls(list(data["classes"]), list(data["bias"]), dict(data["weights"]))


def _softmax(classes: list[str], scores: list[float]) -> dict[str, float]:
    """Each class's probability given its score."""
    top = max(scores)
    exp = [math.exp(s - top) for s in scores]
    total = sum(exp)
    return {c: e / total for c, e in zip(classes, exp)}


@dataclass
class Decider:
    """The entity/type model and the role model."""

    entity: LinearModel
    role: LinearModel

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"entity": self.entity.to_dict(), "role": self.role.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "Decider":
        """The decider that to_dict() wrote."""
        return cls(LinearModel.from_dict(data["entity"]), LinearModel.from_dict(data["role"]))


@lru_cache(maxsize=4)
def load_decider(path: Path = MODEL_PATH) -> Decider:
    """The trained decider at `path`, read once per process."""
    try:
        return Decider.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as e:
        raise ModelError(f"{path}: cannot load the extraction model: {e}") from e
