"""What the whole corpus says of each name, gathered in one pass while extractions are written.

Per key (kg.resolve.fold.key): the types its mentions were given and the surface forms
papers write; per acronym: the long forms papers define it with (and the type each
definition was given), and how often it stands bare. Memory grows with the distinct names,
not with the papers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable

from kg.model import Extraction, Mention
from kg.resolve.fold import key

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Za-z0-9][A-Za-z0-9\-&]{1,11}$")
_SHORT_FORM = re.compile(r"^[A-Z][A-Za-z0-9\-]{1,7}$")


def is_acronym(form: str) -> bool:
    """True for short forms such as DPO, GPT-4, f-DVL, H&E (two or more capitals, no spaces).

    >>> is_acronym("GPT-4"), is_acronym("H&E"), is_acronym("Transformer")
    (True, True, False)
    """
    return bool(_ACRONYM.match(form))


def is_short_form_of(alias: str, name: str) -> bool:
    """Whether a paper's alias of `name` is a short form of it (read on an extracted alias;
    kg.extract.rules.acronyms.is_short_form finds short forms in text): an acronym, or one short
    word starting with the name's first letter whose letters the name holds in order and which
    is not itself a word of the name ("Vision Mamba (Vim)", "eavesdropper (Eve)"), as
    Schwartz-Hearst reads a definition. A short form has meanings that compete across the
    corpus; any other alias names the same thing.

    >>> is_short_form_of("Vim", "Vision Mamba"), is_short_form_of("H&E", "hematoxylin and eosin")
    (True, True)
    >>> is_short_form_of("Adam", "Adam optimizer"), is_short_form_of("Mamba", "Vision Mamba")
    (False, False)
    """
    if is_acronym(alias):
        return True
    if not _SHORT_FORM.match(alias) or 2 * len(alias) > len(name):
        return False
    letters, text = [c for c in alias.lower() if c.isalnum()], name.lower()
    if text[:1] != letters[0] or alias.lower() in re.findall(r"[a-z0-9]+", text):
        return False
    at = 0
    for c in letters:
        at = text.find(c, at) + 1
        if not at:
            return False
    return True


def split_broader(mention: Mention) -> list[Mention]:
    """The mention, and one mention of each broader name its paper folded into it ("reflection
    removal" of "single image reflection removal") or a name the paper defines builds on
    (`_built_on`): the corpus keeps the two things apart, and links the paper to both.

    >>> m = Mention("task", "single image reflection removal", ["SIRR", "reflection removal"],
    ...             "proposed", "", 0, 0, broader=["reflection removal"])
    >>> [(x.name, x.aliases, x.role) for x in split_broader(m)]
    [('single image reflection removal', ['SIRR'], 'proposed'), ('reflection removal', [], 'used')]
    """
    broader = [*mention.broader, *_built_on(mention)]
    if not broader:
        return [mention]
    own = [a for a in mention.aliases if a not in broader]
    return [replace(mention, aliases=own, broader=[]),
            *(replace(mention, name=name, aliases=[], role="used", broader=[])
              for name in broader)]


def _built_on(mention: Mention) -> list[str]:
    """The known names a paper's own defined name holds at its end, with their acronym: in
    "Sparse Mixture of Experts (SMoE)", also called "mixture of experts" and "MoE" in the
    paper, SMoE is the paper's thing and mixture of experts what it builds on. A name without
    an acronym of its own ("versus traditional convolutional neural networks") is no new thing.

    >>> m = Mention("method", "Sparse Mixture of Experts", ["SMoE", "mixture of experts", "MoE"],
    ...             "proposed", "", 0, 0)
    >>> _built_on(m)
    ['mixture of experts', 'MoE']
    >>> _built_on(Mention("method", "versus traditional CNNs", ["CNNs"], "used", "", 0, 0))
    []
    >>> _built_on(Mention("method", "latest large language models", ["LLMs", "large language models"],
    ...                   "used", "", 0, 0))  # LLMs is the known name's acronym, not one of its own
    []
    """
    words = re.findall(r"[a-z0-9]+", mention.name.lower())
    if len(words) < 3:
        return []
    tails = []
    for alias in mention.aliases:
        tail = re.findall(r"[a-z0-9]+", alias.lower())
        if alias not in mention.broader and 2 <= len(tail) < len(words) and words[-len(tail):] == tail:
            tails.append(alias)
    firsts = {re.findall(r"[a-z0-9]+", t.lower())[0][0] for t in tails}
    acronyms = [a for a in mention.aliases if is_acronym(a) and a not in mention.broader]
    if not tails or not any(a[0].lower() == words[0][0] not in firsts for a in acronyms):
        return []
    return tails + [a for a in acronyms if a[0].lower() in firsts]


@dataclass
class CorpusVotes:
    """Counts over every mention of the corpus (each paper names an entity once)."""

    types: dict[str, Counter] = field(default_factory=dict)  # key of a long form -> type counts
    forms: dict[str, Counter] = field(default_factory=dict)  # key -> surface form counts
    definitions: dict[str, Counter] = field(default_factory=dict)  # acronym key -> (long key, type) counts
    bare: dict[str, Counter] = field(default_factory=dict)  # acronym key -> type counts of bare uses
    same: Counter = field(default_factory=Counter)  # (key, key) of a name and another alias in one mention -> papers

    def add(self, mention: Mention) -> None:
        """Count one mention: its type, its forms, the acronym it defines or stands bare as (a
        broader name folded into it counts as a mention of its own)."""
        parts = split_broader(mention)
        if len(parts) > 1:
            for part in parts:
                self.add(part)
            return
        name_key = key(mention.name)
        if not name_key:
            return
        self.forms.setdefault(name_key, Counter())[mention.name] += 1
        if is_acronym(mention.name):
            self.bare.setdefault(name_key, Counter())[mention.type] += 1
            return
        self.types.setdefault(name_key, Counter())[mention.type] += 1
        for alias in mention.aliases:
            alias_key = key(alias)
            if not alias_key or alias_key == name_key:
                continue
            self.forms.setdefault(alias_key, Counter())[alias] += 1
            if is_short_form_of(alias, mention.name):
                self.definitions.setdefault(alias_key, Counter())[(name_key, mention.type)] += 1
            else:
                self.same[(name_key, alias_key)] += 1

    def named(self, k: str) -> int:
        """How many mentions give the key as their own name (not as an alias)."""
        return sum(self.types.get(k, {}).values()) + sum(self.bare.get(k, {}).values())

    def written(self, keys: Iterable[str]) -> int:
        """How many times the corpus writes any of these keys (as a name or an alias)."""
        return sum(sum(self.forms.get(k, {}).values()) for k in keys)

    def add_extraction(self, extraction: Extraction) -> None:
        """Count every mention of one paper."""
        for mention in extraction.mentions:
            self.add(mention)

    @classmethod
    def of(cls, extractions: Iterable[Extraction]) -> "CorpusVotes":
        """The votes of every mention of `extractions`."""
        votes = cls()
        for extraction in extractions:
            votes.add_extraction(extraction)
        return votes
