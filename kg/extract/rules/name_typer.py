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
        # each feature's log-likelihood per class (by the class's place in the prior's
        # order), worked out once
        self._types = list(self.prior)
        self._terms = {f: [math.log(counts.get(t, 0) + _SMOOTHING) - self.denom[t]
                           for t in self._types] for f, counts in self.features.items()}

    def _posterior(self, feats: list[str]) -> list[float]:
        """P(type | features) in the prior's order of types; features never seen in training
        are ignored."""
        scores = [self.prior[t] for t in self._types]
        terms = self._terms
        for f in feats:
            got = terms.get(f)
            if got is not None:
                for k, term in enumerate(got):
                    scores[k] += term
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        norm = sum(exp)
        return [v / norm for v in exp]

    def best(self, feats: list[str]) -> tuple[str, float]:
        """The most probable type and its probability."""
        probs = self._posterior(feats)
        k = max(range(len(probs)), key=probs.__getitem__)
        return self._types[k], probs[k]

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        """P(type | features); features never seen in training are ignored."""
        return dict(zip(self._types, self._posterior(feats)))


@lru_cache(maxsize=4)
def load_typer(path: Path = MODEL_PATH) -> NameTyper:
    """The trained typer at `path`, read once per process."""
    try:
        return NameTyper(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as e:
        raise LexiconError(f"{path}: cannot load the name typer: {e}") from e
