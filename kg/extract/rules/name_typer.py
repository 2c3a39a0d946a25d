"""A naive-Bayes typer for names no rule types: name shape, suffix and neighbouring words,
with counts learned from the train splits of SciERC, SciREX and TDMSci
(scripts/train_name_typer.py writes kg/data/name_typer.json)."""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from kg.errors import LexiconError
from kg.model import ENTITY_TYPES

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "name_typer.json"
_SMOOTHING = 0.5


_UPPER, _LOWER, _DIGITS = re.compile(r"[A-Z]+"), re.compile(r"[a-z]+"), re.compile(r"[0-9]+")


@lru_cache(maxsize=65536)
def shape(name: str) -> str:
    """Collapsed character classes: "GSM8K" -> "XdX", "ResNet" -> "XxXx"."""
    return _DIGITS.sub("d", _LOWER.sub("x", _UPPER.sub("X", name)))


def is_typed_name(name: str) -> bool:
    """Tokens the typer knows about: a capital after the first letter, or a digit."""
    return any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name)


def features(name: str, before: list[str], after: list[str]) -> list[str]:
    """Shape, three-letter suffix and prefix, and up to two lower-case words either side."""
    feats = [f"shape:{shape(name)}", f"suf:{name[-3:].lower()}", f"pre:{name[:3].lower()}"]
    feats += [f"b{k}:{w}" for k, w in enumerate(reversed(before), 1)]
    feats += [f"a{k}:{w}" for k, w in enumerate(after, 1)]
    return feats


class NameTyper:
    """Posterior type probabilities from class and feature counts."""

    def __init__(self, table: dict) -> None:
        self.classes: dict[str, int] = table["classes"]
        self.features: dict[str, dict[str, int]] = table["features"]
        total = sum(self.classes.values())
        self.prior = {t: math.log(n / total) for t, n in self.classes.items()}
        # smoothed over one pseudo-count a type (the schema's three types: 3 * _SMOOTHING)
        self.denom = {t: math.log(n + _SMOOTHING * len(ENTITY_TYPES)) for t, n in self.classes.items()}
        # each feature's log-likelihood per class, worked out once (the same numbers)
        self._terms = {f: [(t, math.log(counts.get(t, 0) + _SMOOTHING) - self.denom[t])
                           for t in self.prior] for f, counts in self.features.items()}
        # the same, types by their place in the prior's order
        self._types = list(self.prior)
        self._prior_scores = [self.prior[t] for t in self._types]
        self._class_terms = {f: [(self._types.index(t), term) for t, term in terms]
                             for f, terms in self._terms.items()}

    def best(self, feats: list[str]) -> tuple[str, float]:
        """The most probable type and its probability (probabilities(), read for one type:
        the same sums in the same order)."""
        types = self._types
        scores = list(self._prior_scores)
        terms = self._class_terms
        for f in feats:
            got = terms.get(f)
            if got is not None:
                for k, term in got:
                    scores[k] += term
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        norm = sum(exp)
        probs = [v / norm for v in exp]
        k = max(range(len(probs)), key=probs.__getitem__)
        return types[k], probs[k]

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        """P(type | features); features never seen in training are ignored."""
        scores = dict(self.prior)
        terms = self._terms
        for f in feats:
            for t, term in terms.get(f, ()):
                scores[t] += term
        top = max(scores.values())
        exp = {t: math.exp(s - top) for t, s in scores.items()}
        norm = sum(exp.values())
        return {t: v / norm for t, v in exp.items()}


@lru_cache(maxsize=4)
def load_typer(path: Path = MODEL_PATH) -> NameTyper:
    """The trained typer at `path`, read once per process."""
    try:
        return NameTyper(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as e:
        raise LexiconError(f"{path}: cannot load the name typer: {e}") from e
