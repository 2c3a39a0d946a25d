"""Resolve stage: one entity per real method, dataset or task across the whole corpus.

`votes` gathers what the corpus says of each name while extractions are written, `fold`
holds the rules under which two forms meet, `plan` decides the corpus's concepts once, and
`table` maps each paper's mentions to them as papers stream into the graph tables.
Imports no NLP.
"""
from kg.resolve.fold import key
from kg.resolve.plan import Concept, Resolution, slug
from kg.resolve.table import AliasTable, ResolvedMention, resolve_extraction
from kg.resolve.votes import CorpusVotes, is_acronym

__all__ = ["AliasTable", "Concept", "CorpusVotes", "Resolution", "ResolvedMention", "is_acronym", "key",
           "resolve_extraction", "slug"]
