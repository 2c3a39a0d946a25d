"""Extract stage: methods, datasets and tasks from paper titles and abstracts."""
from .jsonl_out import extraction_to_json
from .lexicon import LexiconEntry, import_lexicon, load_lexicon
from .pipeline import Extractor

__all__ = ["Extractor", "LexiconEntry", "extraction_to_json", "import_lexicon", "load_lexicon"]
