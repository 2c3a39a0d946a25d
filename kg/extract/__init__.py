"""Extract stage: methods, datasets and tasks from paper titles and abstracts.

Rules propose, a learned model decides. The rooms, in the order data flows (each imports only
itself and earlier ones): text/ (tokenizer, doc view, name key) -> lexicon/ (word lists, name
lexicon) -> rules/ (the proposals) -> learned/ (span tagger, decider) -> the spaCy components
propose.py (kg_propose) and decide.py (kg_decide) and the Extractor of pipeline.py. The training
code is outside the package, in kg_train/.
"""
from .lexicon.entries import LexiconEntry, load_lexicon
from .lexicon.importer import import_lexicon
from .pipeline import Extractor

__all__ = ["Extractor", "LexiconEntry", "import_lexicon", "load_lexicon"]
