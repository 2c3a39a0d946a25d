"""Entity resolution: one entity per real method, dataset or task across all papers.

Mentions are resolved through an alias table (normalised surface form -> entity id) that
grows as extractions stream in and can be saved and reloaded, so an update of a build
resolves new papers against the entities it already has.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from kg.extract.normal import norm as normalise
from kg.model import Entity, Extraction, Mention

_ACRONYM = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Za-z0-9\-]{2,12}$")


def match_key(text: str) -> str:
    """The alias-table key: the normalised form without spaces, so CIFAR100 meets CIFAR-100."""
    return normalise(text).replace(" ", "")


def slug(text: str) -> str:
    """A readable id fragment: normalised, with non-alphanumerics as single dashes."""
    return re.sub(r"[^a-z0-9+#.]+", "-", normalise(text)).strip("-") or "x"


def is_acronym(form: str) -> bool:
    """True for short forms such as DPO, GPT-4, f-DVL (two or more capitals, no spaces)."""
    return bool(_ACRONYM.match(form))


def _title_cased(form: str) -> bool:
    """'Federated Learning': a title's capitals, which a lower-case task name should win over."""
    words = form.split()
    return len(words) > 1 and all(w[:1].isupper() and w[1:].islower() for w in words)


@dataclass
class CorpusVotes:
    """What the whole corpus says of each name, gathered in a first pass over the extractions:
    the types its mentions were given (so one name gets one type everywhere, by majority), and
    for each acronym the long forms papers define it with (so a bare acronym that stands for
    several things stays its own entity instead of joining one of them at random)."""

    types: dict[str, Counter] = field(default_factory=dict)
    expansions: dict[str, set] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        """Count one mention."""
        self.types.setdefault(match_key(mention.name), Counter())[mention.type] += 1
        if not is_acronym(mention.name):
            for alias in mention.aliases:
                if is_acronym(alias):
                    self.expansions.setdefault(match_key(alias), set()).add(
                        normalise(mention.name))

    def type_of(self, mention: Mention) -> str:
        """The corpus's type for the mention's name; the mention's own type on a tie."""
        votes = self.types.get(match_key(mention.name))
        if not votes:
            return mention.type
        top = max(votes.values())
        return mention.type if votes[mention.type] == top else min(
            t for t, n in votes.items() if n == top)

    def ambiguous(self, acronym: str) -> bool:
        """Whether papers define this acronym with more than one long form."""
        return len(self.expansions.get(match_key(acronym), ())) > 1

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


@dataclass
class _Record:
    """What the table knows of one entity: its type and every surface form with its count."""

    type: str
    forms: Counter = field(default_factory=Counter)
    long_forms: set = field(default_factory=set)


class AliasTable:
    """Maps (type, normalised form) to a stable entity id and builds the merged entities."""

    def __init__(self, votes: CorpusVotes | None = None) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._records: dict[str, _Record] = {}
        self.votes = votes or CorpusVotes()

    def __len__(self) -> int:
        return len(self._records)

    def typed(self, mention: Mention) -> Mention:
        """The mention with the type the corpus votes for its name."""
        etype = self.votes.type_of(mention)
        return mention if etype == mention.type else replace(mention, type=etype)

    def resolve(self, mention: Mention) -> str:
        """Return the entity id for a mention (typed by the corpus vote: call typed() first),
        creating the entity or adding its forms."""
        forms = [f for f in [mention.name, *mention.aliases] if normalise(f)]
        eid = self._find(mention.type, forms, mention.name)
        record = self._records.setdefault(eid, _Record(mention.type))
        record.forms.update(forms)
        if not is_acronym(mention.name):
            record.long_forms.add(normalise(mention.name))
        for form in forms:
            self._ids.setdefault((mention.type, match_key(form)), eid)
        return eid

    def _find(self, etype: str, forms: list[str], name: str) -> str:
        """An existing entity sharing a form (an acronym only if long forms agree), else a new id."""
        long_form = None if is_acronym(name) else normalise(name)
        for form in forms:
            eid = self._ids.get((etype, match_key(form)))
            if eid is None:
                continue
            known = self._records[eid].long_forms
            if long_form is None and known and is_acronym(form) and self.votes.ambiguous(form):
                continue  # a bare acronym defined several ways: which one is not known
            if not is_acronym(form) or long_form is None or not known or long_form in known:
                return eid
        return self._new_id(etype, forms, name)

    def _new_id(self, etype: str, forms: list[str], name: str) -> str:
        """An id from the acronym when there is one (the form papers share most), else the name."""
        acronyms = sorted(f for f in forms if is_acronym(f))
        base = f"{etype}:{slug(acronyms[0] if acronyms else name)}"
        eid = base
        if eid in self._records:
            eid = f"{base}--{slug(name)}"
        n = 2
        while eid in self._records:
            eid, n = f"{base}-{n}", n + 1
        return eid

    def entity(self, eid: str) -> Entity:
        """The merged entity: the most used long form as name, every other form as alias."""
        record = self._records[eid]
        by_norm: dict[str, str] = {}
        lower_first = record.type == "task"  # task names are common nouns; method names are proper
        for form, _ in sorted(record.forms.items(),
                              key=lambda kv: (lower_first and _title_cased(kv[0]), -kv[1], kv[0])):
            by_norm.setdefault(normalise(form), form)
        surfaces = sorted(by_norm.values(), key=lambda f: (-record.forms[f], f))
        longs = [f for f in surfaces if not is_acronym(f)]
        name = longs[0] if longs else surfaces[0]
        return Entity(id=eid, type=record.type, name=name, aliases=[f for f in surfaces if f != name])

    def entities(self) -> list[Entity]:
        """Every entity in the table, sorted by id."""
        return [self.entity(eid) for eid in sorted(self._records)]

    def save(self, path: Path) -> None:
        """Write the table as JSON so a later update resolves against it."""
        data = {eid: {"type": r.type, "forms": dict(r.forms), "long_forms": sorted(r.long_forms)}
                for eid, r in sorted(self._records.items())}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "AliasTable":
        """Read a table written by save()."""
        table = cls()
        for eid, r in json.loads(path.read_text(encoding="utf-8")).items():
            table._records[eid] = _Record(r["type"], Counter(r["forms"]), set(r["long_forms"]))
            for form in r["forms"]:
                table._ids.setdefault((r["type"], match_key(form)), eid)
        return table


@dataclass
class ResolvedMention:
    """A mention with the id of the entity it resolved to."""

    entity_id: str
    mention: Mention


def resolve_extraction(table: AliasTable, extraction: Extraction) -> list[ResolvedMention]:
    """Resolve one paper's mentions; two mentions of one entity merge, `proposed` winning, with
    the higher confidence of the two."""
    merged: dict[str, ResolvedMention] = {}
    for mention in map(table.typed, extraction.mentions):
        eid = table.resolve(mention)
        seen = merged.get(eid)
        if seen is None:
            merged[eid] = ResolvedMention(eid, mention)
            continue
        kept = mention if mention.role == "proposed" and seen.mention.role != "proposed" else seen.mention
        confidence = max(seen.mention.confidence, mention.confidence)
        if kept.confidence != confidence:
            kept = replace(kept, confidence=confidence)
        merged[eid] = ResolvedMention(eid, kept)
    return list(merged.values())
