"""The spaCy pipeline and the Extractor that stages call."""
from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.lang.char_classes import HYPHENS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from kg.model import Extraction, Mention, Paper

from . import acronyms, assemble, candidates, roles
from .docview import DocView
from .lexicon import BUILTIN_DIR, LexiconEntry, lexicon_files, load_lexicon

_CODE_DIR = Path(__file__).resolve().parent
_RESULT_KEY = "kg_mentions"


class LexiconMatcher:
    """Finds lexicon names in a doc: case-sensitive for names with capitals, else any case."""

    def __init__(self, nlp: Language, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.type_of: dict[str, str] = {}
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for k, entry in enumerate(entries):
            key = str(k)
            for form in entry.forms():
                self.type_of.setdefault(form.lower(), entry.type)
                target = exact if _case_sensitive(form) else folded
                for variant in _variants(form, target is folded):
                    target.setdefault(key, []).append(nlp.make_doc(variant))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in folded.items():
            self.folded.add(key, docs)

    def __call__(self, doc: Doc) -> list[tuple[int, int, LexiconEntry]]:
        """(start, end, entry) for every match."""
        strings = doc.vocab.strings
        found = self.exact(doc) + self.folded(doc)
        return [(s, e, self.entries[int(strings[m])]) for m, s, e in found]


class ExtractComponent:
    """spaCy component: writes the paper's mentions as plain tuples into doc.user_data."""

    def __init__(self, nlp: Language, entries: list[LexiconEntry]) -> None:
        self.lexicon = LexiconMatcher(nlp, entries)

    def __call__(self, doc: Doc) -> Doc:
        """Extract and store the mentions of one title+abstract doc."""
        doc.user_data[_RESULT_KEY] = [_as_tuple(m) for m in self.mentions(doc)]
        return doc

    def mentions(self, doc: Doc) -> list[Mention]:
        """All entities of one doc, one Mention each."""
        view = DocView.build(doc)
        types = self.lexicon.type_of
        found = candidates.lexicon_candidates(view, self.lexicon(doc))
        defined = acronyms.find_acronyms(view)
        found += candidates.acronym_candidates(view, defined, types)
        found += candidates.phrase_candidates(view, types)
        found += candidates.name_candidates(view, types)
        found += candidates.dataset_phrase_candidates(view)
        title = candidates.title_prefix_candidate(view, types)
        if title is not None:
            found.append(title)
        kept = assemble.select(found)
        kept += _bare_acronyms(view, defined, kept)
        kept.sort(key=lambda c: c.start)
        candidates.share_list_types(view, kept)
        roles.mark_proposed(view, kept)
        _mark_title_members(view, kept, title)
        mentions = (assemble.to_mention(view, g) for g in assemble.group(kept))
        return [m for m in mentions if m is not None]


class Extractor:
    """Finds methods, datasets and tasks in papers; cheap to re-create in a worker process."""

    def __init__(self, user_lexicon_dir: Path | None = None) -> None:
        self.user_lexicon_dir = Path(user_lexicon_dir) if user_lexicon_dir else None
        self.nlp = build_nlp(self.user_lexicon_dir)
        self.version = extractor_version(self.user_lexicon_dir)

    def __getstate__(self) -> dict:
        return {"user_lexicon_dir": self.user_lexicon_dir}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["user_lexicon_dir"])

    def extract(self, paper: Paper) -> Extraction:
        """Everything found in one paper."""
        return next(self.extract_stream([paper], batch_size=1))

    def extract_stream(self, papers: Iterable[Paper], batch_size: int = 256,
                       n_process: int = 1) -> Iterator[Extraction]:
        """Extractions for many papers, in input order; n_process > 1 uses worker processes."""
        if n_process <= 1:
            yield from self._pipe(((p.id, p.title, p.text) for p in papers), batch_size)
            return
        yield from _parallel(self, papers, batch_size, n_process)

    def _pipe(self, items: Iterable[tuple[str, str, str]], batch_size: int
              ) -> Iterator[Extraction]:
        stream = ((text, (pid, title)) for pid, title, text in items)
        for doc, (pid, title) in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            mentions = [Mention(*row) for row in doc.user_data[_RESULT_KEY]]
            yield Extraction(pid, title, mentions, self.version)


_WORKER: Extractor | None = None


def _start_worker(user_lexicon_dir: Path | None) -> None:
    global _WORKER
    _WORKER = Extractor(user_lexicon_dir)


def _work(chunk: list[tuple[str, str, str]]) -> list[Extraction]:
    assert _WORKER is not None
    return list(_WORKER._pipe(chunk, len(chunk)))


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[tuple[str, str, str]]]:
    chunk: list[tuple[str, str, str]] = []
    for p in papers:
        chunk.append((p.id, p.title, p.text))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(extractor: Extractor, papers: Iterable[Paper], batch_size: int,
              n_process: int) -> Iterator[Extraction]:
    """Chunks go to a pool of workers, each with its own Extractor; a bounded queue of
    pending chunks keeps memory flat and the output in input order."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque = deque()
    with ctx.Pool(n_process, _start_worker, (extractor.user_lexicon_dir,)) as pool:
        for chunk in _chunks(papers, batch_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def build_nlp(user_lexicon_dir: Path | None = None) -> Language:
    """A blank English pipeline: tokenizer keeping hyphenated names whole, sentences, rules."""
    nlp = spacy.blank("en")
    infixes = [p for p in nlp.Defaults.infixes if HYPHENS not in p]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Z0-9+])\."]  # "on MMLU." ends a sentence
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.add_pipe("kg_extract", config={"user_lexicon_dir": str(user_lexicon_dir or "")})
    return nlp


def extractor_version(user_dir: Path | None) -> str:
    """Hash of the rule code and every lexicon file, so caches notice any change."""
    digest = hashlib.sha256()
    paths = sorted(_CODE_DIR.glob("*.py")) + sorted(BUILTIN_DIR.glob("*.jsonl"))
    for path in paths + lexicon_files(user_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@Language.factory("kg_extract", default_config={"user_lexicon_dir": ""})
def _make_extract(nlp: Language, name: str, user_lexicon_dir: str) -> ExtractComponent:
    return ExtractComponent(nlp, load_lexicon(Path(user_lexicon_dir) if user_lexicon_dir else None))


def _case_sensitive(form: str) -> bool:
    """Single words with capitals (Adam, CLIP) match exactly; multi-word names in any case."""
    return any(c.isupper() for c in form) and (" " not in form or form.isupper())


def _variants(form: str, folded: bool) -> list[str]:
    out = [form]
    if "-" in form:
        out.append(form.replace("-", " "))
    if folded and form[-1:].isalpha() and not form.endswith("s") and len(form) > 3:
        out.append(form + "s")
    return out


def _bare_acronyms(view: DocView, defined: list[acronyms.Acronym],
                   kept: list[candidates.Candidate]) -> list[candidates.Candidate]:
    """Later uses of a defined acronym that no other rule picked up."""
    if not defined:
        return []
    taken = {i for c in kept for i in range(c.start, c.end)}
    shorts = {a.short: a for a in defined}
    shorts.update({a.short + "s": a for a in defined})
    out = []
    for i, text in enumerate(view.texts):
        if text in shorts and i not in taken:
            a = shorts[text]
            out.append(candidates.Candidate(i, i + 1, a.short, None, candidates.GUESS, "name",
                                            aliases=[text], sent=view.sent_of[i]))
    return out


def _mark_title_members(view: DocView, kept: list[candidates.Candidate],
                        title: candidates.Candidate | None) -> None:
    """Names inside a "Name: ..." title head are the paper's own."""
    if title is None:
        return
    for cand in kept:
        if title.start <= cand.start and cand.end <= title.end:
            cand.proposed = True


def _as_tuple(m: Mention) -> tuple:
    return (m.type, m.name, list(m.aliases), m.role, m.evidence, m.start, m.end)
