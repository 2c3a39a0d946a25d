"""The alias table: each mention of a paper resolved to one entity of the corpus's resolution.

The resolution (kg.resolve.plan) is made once from the corpus's votes; the table then maps
each mention, as papers stream past, to its concept's id, and keeps the entities met for the
graph's entity rows and alias_table.json (every form, and why it was joined).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kg.model import Entity, Extraction, Mention
from kg.resolve.fold import key
from kg.resolve.plan import Concept, Resolution, slug
from kg.resolve.variants import variant_edges
from kg.resolve.votes import CorpusVotes, is_acronym, split_broader


class AliasTable:
    """Maps mentions to entity ids through the corpus's resolution; builds the entities met."""

    def __init__(self, votes: CorpusVotes | None = None, lexicon_dirs: list[Path] | None = None,
                 reference_dirs: list[Path] | None = None) -> None:
        self.votes = votes or CorpusVotes()
        self._lexicon_dirs, self._reference_dirs = lexicon_dirs, reference_dirs
        self._resolution: Resolution | None = None
        self._adhoc: dict[tuple[str, str], Concept] = {}
        self._met: dict[str, Concept] = {}

    @property
    def resolution(self) -> Resolution:
        """The corpus's resolution, made on first use from the votes."""
        if self._resolution is None:
            self._resolution = Resolution(self.votes, self._lexicon_dirs, self._reference_dirs)
        return self._resolution

    def __len__(self) -> int:
        return len(self._met)

    def concept(self, mention: Mention, defined: dict[str, str] | None = None) -> Concept | None:
        """The concept a mention names (None for a metric, organisation, language or modality).

        `defined` maps the acronyms the mention's paper defines to their long form's key: a
        bare acronym there means what its paper says, elsewhere what the corpus says most."""
        res = self.resolution
        name_key = key(mention.name)
        if is_acronym(mention.name):
            if defined and name_key in defined:
                found = res.concept(defined[name_key])
            else:
                found = res.for_acronym(name_key, mention.type)
        else:
            found = res.concept(name_key)
        if found is None and not res.is_dropped(name_key):
            found = self._adhoc_concept(mention, name_key)
        if found is not None:
            self._met[found.id] = found
        return found

    def _adhoc_concept(self, mention: Mention, name_key: str) -> Concept | None:
        """A name the votes never saw (a table used without them): its own concept."""
        if not name_key:
            return None
        found = self._adhoc.get((mention.type, name_key))
        if found is None:
            forms = [f for f in mention.aliases if is_acronym(f)]
            found = Concept(f"{mention.type}:{slug(forms[0] if forms else mention.name)}", mention.type,
                            mention.name, list(mention.aliases))
            self._adhoc[(mention.type, name_key)] = found
        return found

    def resolve(self, mention: Mention) -> str | None:
        """The entity id of a mention (None when it names no method, dataset or task)."""
        found = self.concept(mention)
        return found.id if found else None

    def entity(self, eid: str) -> Entity:
        """The entity with this id, as the graph shows it."""
        c = self._met[eid]
        return Entity(id=c.id, type=c.type, name=c.name, aliases=list(c.aliases), ref=c.ref)

    def entities(self) -> list[Entity]:
        """Every entity a mention resolved to, sorted by id."""
        return [self.entity(eid) for eid in sorted(self._met)]

    def variants(self) -> list[tuple[str, str, str]]:
        """VARIANT_OF edges among the entities met: (variant id, entity id, what it adds); a task's
        narrower kinds weighed by how often the corpus writes each."""
        res = self.resolution

        def find(etype: str, k: str) -> str | None:
            found = res.for_acronym(k, etype)
            return found.id if found is not None and found.type == etype and found.id in self._met else None

        @cache
        def papers(eid: str) -> int:
            c = self._met[eid]
            return self.votes.written({key(f) for f in [c.name, *c.aliases]})

        return variant_edges(((c.id, c.type, [c.name, *c.aliases]) for c in self._met.values()), find,
                             papers)

    def save(self, path: Path) -> None:
        """Write every entity met: type, name, aliases, why each form was joined, what was kept apart."""
        data = {eid: {"type": c.type, "name": c.name, "aliases": c.aliases, "ref": c.ref, "why": c.why,
                      "apart": c.apart}
                for eid, c in sorted(self._met.items())}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@dataclass
class ResolvedMention:
    """A mention with the id of the entity it resolved to."""

    entity_id: str
    mention: Mention


def _definitions(mentions: list[Mention]) -> dict[str, str]:
    """Acronym key -> long form key for every acronym a paper's mentions define."""
    return {key(a): key(m.name) for m in mentions if not is_acronym(m.name)
            for a in m.aliases if is_acronym(a)}


def resolve_extraction(table: AliasTable, extraction: Extraction) -> list[ResolvedMention]:
    """Resolve one paper's mentions, each typed as its entity is (a broader name folded into a
    mention resolves as a mention of its own); two mentions of one entity merge, `proposed`
    winning, with the higher confidence; metrics and the like are left out."""
    mentions = [part for whole in extraction.mentions for part in split_broader(whole)]
    defined = _definitions(mentions)  # a broader name, split off, defines nothing
    merged: dict[str, ResolvedMention] = {}
    for mention in mentions:
        found = table.concept(mention, defined)
        if found is None:
            continue
        if found.type != mention.type:
            mention = replace(mention, type=found.type)
        seen = merged.get(found.id)
        if seen is None:
            merged[found.id] = ResolvedMention(found.id, mention)
            continue
        kept = mention if mention.role == "proposed" and seen.mention.role != "proposed" else seen.mention
        confidence = max(seen.mention.confidence, mention.confidence)
        if kept.confidence != confidence:
            kept = replace(kept, confidence=confidence)
        merged[found.id] = ResolvedMention(found.id, kept)
    return list(merged.values())
