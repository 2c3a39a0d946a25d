#!/usr/bin/env python3
"""Write a deterministic synthetic corpus of N abstracts as JSON lines, for scale benchmarks.

    .venv/bin/python benchmarks/synth_corpus.py N OUT.jsonl [--seed 0]

Abstracts recombine sentences of the seed papers, with every lexicon name found in a sentence
swapped for another name of the same type, plus a few "We evaluate X on Y." style sentences and,
in some papers, a newly proposed method. Which names are popular drifts with the year, so trend
analyses have something to find; dates spread over 2015-2026 with more papers in later years.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import LexiconEntry, load_lexicon  # noqa: E402
from kg.read import read_papers  # noqa: E402

SEEDS = ROOT / "seeds"
YEARS = range(2015, 2027)
TYPES = ("method", "dataset", "task")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A slot is a type name between NUL bytes: no seed sentence contains one.
_SLOT = re.compile("\x00(method|dataset|task|novel)\x00")

_ADDED = (
    "We evaluate \x00method\x00 on \x00dataset\x00 and \x00dataset\x00.",
    "Experiments on \x00dataset\x00 show that our approach outperforms \x00method\x00 on \x00task\x00.",
    "We apply \x00method\x00 to \x00task\x00 and compare it with \x00method\x00.",
    "Compared with \x00method\x00, our model improves \x00task\x00 results on \x00dataset\x00.",
    "Results on \x00dataset\x00 for \x00task\x00 confirm the benefit of \x00method\x00.",
)
_PROPOSALS = (
    "In this paper, we propose \x00novel\x00 for \x00task\x00.",
    "We introduce \x00novel\x00, which builds on \x00method\x00.",
)
_TITLES = (
    "\x00novel\x00 for \x00task\x00",
    "Improving \x00task\x00 with \x00method\x00",
    "Revisiting \x00method\x00 on \x00dataset\x00",
)
_NOVEL_WORDS = (
    ("Adaptive", "Sparse", "Contrastive", "Hierarchical", "Recurrent", "Latent", "Causal",
     "Graph", "Spectral", "Residual", "Federated", "Bayesian", "Dynamic", "Robust", "Modular"),
    ("Attention", "Diffusion", "Memory", "Routing", "Fusion", "Prompt", "Token", "Kernel",
     "Policy", "Retrieval", "Mixture", "Flow", "Quantile", "Gradient", "Alignment"),
    ("Network", "Transformer", "Model", "Learner", "Encoder", "Optimizer", "Estimator",
     "Distillation", "Tuning", "Sampler"),
)


@dataclass
class Popularity:
    """Per type and year, names with cumulative weights for weighted sampling."""

    names: dict[str, list[str]]
    cum_weights: dict[tuple[str, int], list[float]]

    def pick(self, rng: random.Random, etype: str, year: int) -> str:
        """A name of this type, drawn by its popularity in that year."""
        cum = self.cum_weights[(etype, year)]
        return self.names[etype][bisect(cum, rng.random() * cum[-1])]


def popularity(entries: list[LexiconEntry], rng: random.Random) -> Popularity:
    """Zipf-like popularity per name, rising and falling around a random peak year."""
    names: dict[str, list[str]] = {t: [] for t in TYPES}
    for entry in entries:
        # Aliases are listed as separate names so the resolver sees papers use either form.
        names[entry.type].extend(entry.forms())
    cum_weights = {}
    for etype, forms in names.items():
        ranks = rng.sample(range(len(forms)), len(forms))
        peaks = [(rng.uniform(2012, 2029), rng.uniform(2, 5)) for _ in forms]
        for year in YEARS:
            weights = [(0.15 + math.exp(-((year - p) / w) ** 2)) / (r + 1) ** 0.9
                       for r, (p, w) in zip(ranks, peaks)]
            cum_weights[(etype, year)] = list(accumulate(weights))
    return Popularity(names, cum_weights)


def name_pattern(entries: list[LexiconEntry]) -> tuple[re.Pattern, dict[str, str]]:
    """A regex matching any lexicon form as a whole word, longest first, and each form's type."""
    type_of: dict[str, str] = {}
    for entry in entries:
        for form in entry.forms():
            if len(form) >= 3:
                type_of.setdefault(form, entry.type)
    forms = sorted(type_of, key=lambda f: (-len(f), f))
    alternation = "|".join(map(re.escape, forms))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])"), type_of


def seed_templates(seed_dir: Path, entries: list[LexiconEntry]) -> tuple[list[str], list[str]]:
    """Seed sentences and titles with every lexicon name replaced by a slot of its type."""
    pattern, type_of = name_pattern(entries)

    def slotted(text: str) -> str:
        return pattern.sub(lambda m: f"\x00{type_of[m.group(0)]}\x00", text)

    sentences: list[str] = []
    titles: list[str] = []
    for paper in read_papers([seed_dir], lambda issue: None):
        titles.append(slotted(paper.title))
        sentences += [slotted(s) for s in _SENTENCE_END.split(paper.abstract) if 30 <= len(s) <= 400]
    return sentences, titles


def novel_method(rng: random.Random) -> str:
    """A made-up method name with its acronym, e.g. "Sparse Routing Transformer (SRT)"."""
    words = [rng.choice(group) for group in _NOVEL_WORDS]
    return f"{' '.join(words)} ({''.join(w[0] for w in words)})"


class Writer:
    """Makes one synthetic paper at a time from the templates and a seeded generator."""

    def __init__(self, rng: random.Random, sentences: list[str], titles: list[str],
                 names: Popularity) -> None:
        self.rng, self.sentences, self.titles, self.names = rng, sentences, titles, names
        self._year_cum = list(accumulate(1.25 ** (y - YEARS[0]) for y in YEARS))

    def fill(self, template: str, year: int, novel: str) -> str:
        """The template with each slot replaced by a drawn name (or the paper's novel method)."""
        return _SLOT.sub(lambda m: novel if m.group(1) == "novel"
                         else self.names.pick(self.rng, m.group(1), year), template)

    def date(self) -> dt.date:
        """A day in 2015-2026, later years more likely."""
        year = YEARS[bisect(self._year_cum, self.rng.random() * self._year_cum[-1])]
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def paper(self, number: int, seed: int) -> dict:
        """The record of paper `number`."""
        rng = self.rng
        day = self.date()
        novel = novel_method(rng) if rng.random() < 0.3 else ""
        parts = rng.sample(self.sentences, rng.randint(3, 7))
        for template in rng.sample(_ADDED, rng.randint(1, 2)):
            parts.insert(rng.randrange(len(parts) + 1), template)
        if novel:
            parts.insert(rng.randrange(2), rng.choice(_PROPOSALS))
        title_pool = self.titles if rng.random() < 0.5 else _TITLES[0 if novel else 1:]
        title = self.fill(rng.choice(title_pool), day.year, novel)
        abstract = " ".join(self.fill(s, day.year, novel) for s in parts)
        return {"id": f"syn{seed}-{number:07d}", "title": title, "abstract": abstract,
                "date": day.isoformat()}


def make_corpus(n: int, path: Path, seed: int = 0, seed_dir: Path = SEEDS) -> Path:
    """Write n synthetic papers to path as JSON lines, streaming; same n and seed, same bytes."""
    rng = random.Random(seed)
    entries = load_lexicon()
    sentences, titles = seed_templates(seed_dir, entries)
    writer = Writer(rng, sentences, titles, popularity(entries, rng))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", encoding="utf-8") as handle:
        for number in range(n):
            handle.write(json.dumps(writer.paper(number, seed), ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def main() -> int:
    """Command line: write the corpus and say where."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of papers")
    ap.add_argument("out", type=Path, help="JSON-lines file to write")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(make_corpus(a.n, a.out, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
