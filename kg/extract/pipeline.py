"""The Extractor that other stages call, and the spaCy pipeline behind it."""
from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from kg.model import Extraction, Mention, Paper

from .decide import RESULT_KEY, RULES_ONLY
from .learned.corpus_evidence import DEFAULT_PATH as CORPUS_PATH
from .learned.decider import FAST_MODEL_PATH as FAST_DECIDER_PATH
from .learned.decider import MODEL_PATH as DECIDER_PATH
from .learned.tagger import MODEL_PATH as TAGGER_PATH
from .learned.tagger import NO_TAGGER
from .learned.word_clusters import DEFAULT_PATH as CLUSTERS_PATH
from .lexicon.entries import BUILTIN_DIR, lexicon_files
from .lexicon.words import WORDS_DIR
from .propose import ProposeComponent
from .rules.name_typer import MODEL_PATH as TYPER_PATH
from .text import tokenizer  # noqa: F401  (registers kg.tokenizer.v1, which config.cfg names)

_CODE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = _CODE_DIR / "config.cfg"
_TEXTNORM_PATH = _CODE_DIR.parent / "textnorm.py"  # norm, which text/normal.py re-exports
# Every new token string stays in spaCy's vocab for the life of the pipeline (~250 bytes
# each), gigabytes over millions of real abstracts. Past this many strings the pipeline is
# rebuilt (about a second): memory stays bounded and the vocab warm. spaCy's memory zones
# bound it too, but re-create every lexeme in each zone, 15-25% slower here.
MAX_VOCAB_STRINGS = 1_000_000


class Extractor:
    """Finds methods, datasets and tasks in papers; pickles as its lexicon folders only, so a
    worker process re-creates it cheaply.

    `lexicon_dir` replaces the built-in lexicon folder (evaluation holds entries out this way);
    `decider` replaces the shipped model file, or is "rules" for the rules' own decisions;
    `tagger` replaces the shipped span tagger, or is "none" for no tagger;
    `explain` gives every mention a `why` line (which component decided, on what evidence);
    `fast` runs without the span tagger, with the decider trained for that (faster, a little
    lower F1: README "Extraction" gives both).
    """

    def __init__(self, user_lexicon_dir: Path | None = None,
                 lexicon_dir: Path | None = None, decider: str | Path = "",
                 explain: bool = False, tagger: str | Path = "", fast: bool = False) -> None:
        self.user_lexicon_dir = Path(user_lexicon_dir) if user_lexicon_dir else None
        self.lexicon_dir = Path(lexicon_dir) if lexicon_dir else None
        if fast:
            tagger, decider = NO_TAGGER, decider or FAST_DECIDER_PATH
        self.decider = str(decider)
        self.tagger = str(tagger)
        self.explain = explain
        self.nlp = build_nlp(self.user_lexicon_dir, self.lexicon_dir, self.decider, explain,
                             self.tagger)
        self.version = extractor_version(self.user_lexicon_dir, self.lexicon_dir, self.decider,
                                         self.tagger)

    def __getstate__(self) -> dict:
        return {"user_lexicon_dir": self.user_lexicon_dir, "lexicon_dir": self.lexicon_dir,
                "decider": self.decider, "explain": self.explain, "tagger": self.tagger}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["user_lexicon_dir"], state.get("lexicon_dir"),
                      state.get("decider", ""), state.get("explain", False),
                      state.get("tagger", ""))

    @property
    def rules(self) -> ProposeComponent:
        """The spaCy component that holds the rules (what the decider chooses from)."""
        return self.nlp.get_pipe("kg_propose")

    def extract(self, paper: Paper) -> Extraction:
        """Everything found in one paper."""
        return next(self.extract_stream([paper], batch_size=1))

    def extract_stream(self, papers: Iterable[Paper], batch_size: int = 256
                       ) -> Iterator[Extraction]:
        """Extractions for many papers, in input order, in this process (callers that want
        several processes run one Extractor per process, as kg.runners does)."""
        return self.extract_items(((p.id, p.title, p.text) for p in papers), batch_size)

    def extract_items(self, items: Iterable[tuple[str, str, str]], batch_size: int = 256
                      ) -> Iterator[Extraction]:
        """Extractions for (id, title, text) triples, through nlp.pipe in batches.

        While it runs, the objects alive at its start (the models, the vocabulary, everything
        imported) sit in the garbage collector's permanent generation: each full collection
        walked all of them (about 120,000 containers), 4-9% of extraction time; they go back
        when the stream ends."""
        stream = ((text, (pid, title)) for pid, title, text in items)
        gc.freeze()
        try:
            for doc, (pid, title) in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
                mentions = [Mention(*row) for row in doc.user_data[RESULT_KEY]]
                yield Extraction(pid, title, mentions, self.version)
        finally:
            gc.unfreeze()
        if len(self.nlp.vocab.strings) > MAX_VOCAB_STRINGS:
            self.nlp = build_nlp(self.user_lexicon_dir, self.lexicon_dir, self.decider,
                                 self.explain, self.tagger)


def build_nlp(user_lexicon_dir: Path | None = None, lexicon_dir: Path | None = None,
              decider: str = "", explain: bool = False, tagger: str = "") -> Language:
    """The pipeline of kg/extract/config.cfg with these settings: our tokenizer, the rules'
    component (kg_propose, with the span tagger) and the decider (kg_decide)."""
    config = load_config(CONFIG_PATH, overrides={
        "components.kg_propose.user_lexicon_dir": str(user_lexicon_dir or ""),
        "components.kg_propose.lexicon_dir": str(lexicon_dir or ""),
        "components.kg_propose.learned_spans": decider != RULES_ONLY,
        "components.kg_propose.tagger": tagger,
        "components.kg_decide.decider": decider,
        "components.kg_decide.explain": explain})
    return load_model_from_config(config, auto_fill=True)


def runtime_code() -> list[Path]:
    """The code that runs at extraction time: every module of kg/extract and kg/textnorm.py."""
    return [*sorted(_CODE_DIR.rglob("*.py")), _TEXTNORM_PATH]


def extractor_version(user_dir: Path | None, lexicon_dir: Path | None = None,
                      decider: str = "", tagger: str = "") -> str:
    """Hash of the code that runs at extraction time (every module of kg/extract, and the name
    key of kg/textnorm.py), its config, word lists, every lexicon file, the word clusters, the
    corpus counts and the models, so caches notice any change. The training code (kg_train/)
    is not part of it."""
    digest = hashlib.sha256()
    paths = [CONFIG_PATH, *sorted((lexicon_dir or BUILTIN_DIR).glob("*.jsonl"))]
    paths += sorted(WORDS_DIR.glob("*.txt"))
    paths += [TYPER_PATH, CLUSTERS_PATH]
    if decider == RULES_ONLY:
        digest.update(RULES_ONLY.encode())
    else:
        paths.append(CORPUS_PATH)
        paths.append(Path(decider) if decider else DECIDER_PATH)
        if tagger != NO_TAGGER:
            paths.append(Path(tagger) if tagger else TAGGER_PATH)
    for path in runtime_code():  # named by their place in kg: extract/rules/names.py
        digest.update(path.relative_to(_CODE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    for path in paths + lexicon_files(user_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
