"""Extract stage: methods, datasets and tasks from paper titles and abstracts."""
from .lexicon import LexiconEntry, import_lexicon, load_lexicon
from .pipeline import Extractor

__all__ = ["Extractor", "LexiconEntry", "import_lexicon", "load_lexicon"]
