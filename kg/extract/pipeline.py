"""The Extractor that other stages call, and the spaCy pipeline behind it."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.lang.char_classes import HYPHENS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import (compile_infix_regex, compile_suffix_regex, load_config,
                        load_model_from_config)

from kg.model import Extraction, Mention, Paper

from .corpus_evidence import DEFAULT_PATH as CORPUS_PATH
from .decide import RESULT_KEY, RULES_ONLY
from .propose import ProposeComponent
from .decider import FAST_MODEL_PATH as FAST_DECIDER_PATH
from .decider import MODEL_PATH as DECIDER_PATH
from .lexicon import BUILTIN_DIR, lexicon_files
from .name_typer import MODEL_PATH as TYPER_PATH
from .tagger import MODEL_PATH as TAGGER_PATH
from .tagger import NO_TAGGER
from .word_clusters import DEFAULT_PATH as CLUSTERS_PATH
from .wordlists import WORDS_DIR

_CODE_DIR = Path(__file__).resolve().parent
CONFIG_PATH = _CODE_DIR / "config.cfg"
# Every new token string stays in spaCy's vocab for the life of the pipeline (~250 bytes
# each), gigabytes over millions of real abstracts. Past this many strings the pipeline is
# rebuilt (about a second): memory stays bounded and the vocab warm. spaCy's memory zones
# bound it too, but re-create every lexeme in each zone, 15-25% slower here.
MAX_VOCAB_STRINGS = 1_000_000
# Letter-led names with a digit before a final letter stay one token: GSM8K, DIS5K, Llama-3-8B
# (spaCy's unit suffix would split off the "K" or "B").
_NAME_WITH_UNIT = re.compile(r"^[A-Za-z][A-Za-z0-9.+-]*[0-9][A-Za-z]+$")


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
        """Extractions for (id, title, text) triples, through nlp.pipe in batches."""
        stream = ((text, (pid, title)) for pid, title, text in items)
        for doc, (pid, title) in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            mentions = [Mention(*row) for row in doc.user_data[RESULT_KEY]]
            yield Extraction(pid, title, mentions, self.version)
        if len(self.nlp.vocab.strings) > MAX_VOCAB_STRINGS:
            self.nlp = build_nlp(self.user_lexicon_dir, self.lexicon_dir, self.decider,
                                 self.explain, self.tagger)


def _bracket_emoticon(text: str) -> bool:
    """A tokenizer exception such as "):" or "(:": brackets in papers are brackets."""
    return any(c in "()[]" for c in text) and not any(c.isalnum() for c in text)


@spacy.registry.tokenizers("kg.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer, keeping hyphenated and digit-bearing names whole (ResNet-50,
    GSM8K, f-DVL) and splitting a final period after a name ("on MMLU.")."""
    def create(nlp: Language) -> Tokenizer:
        tokenizer = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        infixes = [p for p in nlp.Defaults.infixes if HYPHENS not in p]
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Z0-9+])\."]
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        tokenizer.token_match = _NAME_WITH_UNIT.match
        # spaCy keeps emoticons such as "):" whole, hiding the ")" of "Long Form (LF): ..."
        tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if not _bracket_emoticon(k)}
        return tokenizer
    return create


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


def extractor_version(user_dir: Path | None, lexicon_dir: Path | None = None,
                      decider: str = "", tagger: str = "") -> str:
    """Hash of the rule code, its word lists, every lexicon file, the corpus counts and the
    model, so caches notice any change."""
    digest = hashlib.sha256()
    paths = [*sorted(_CODE_DIR.glob("*.py")), CONFIG_PATH,
             *sorted((lexicon_dir or BUILTIN_DIR).glob("*.jsonl"))]
    paths += sorted(WORDS_DIR.glob("*.txt"))
    paths += [TYPER_PATH, CLUSTERS_PATH]
    if decider == RULES_ONLY:
        digest.update(RULES_ONLY.encode())
    else:
        paths.append(CORPUS_PATH)
        paths.append(Path(decider) if decider else DECIDER_PATH)
        if tagger != NO_TAGGER:
            paths.append(Path(tagger) if tagger else TAGGER_PATH)
    for path in paths + lexicon_files(user_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
