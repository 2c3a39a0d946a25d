"""The name lexicon: known methods, datasets and tasks with their other names, from the project's
own lists (kg/data/lexicon/) and a user's imported ones (kg/extract/lexicon/importer.py writes
them), and a copy of the lists with held-out names left out (evaluation)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import LexiconError
from kg.model import ENTITY_TYPES
from kg.schema import ENTITY_TYPE_SPECS

from ..text.normal import norm

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "data" / "lexicon"
LEXICON_FILES = tuple(f"{t.plural}.jsonl" for t in ENTITY_TYPE_SPECS)

_TYPE_ALIASES = {**{form: t.name for t in ENTITY_TYPE_SPECS for form in (t.name, t.plural)},
                 "material": "dataset"}


@dataclass(frozen=True)
class LexiconEntry:
    """One known entity: its type, canonical name and other names."""

    type: str
    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    user: bool = False  # from the user's own lists: taken as given, never second-guessed

    def forms(self) -> tuple[str, ...]:
        """The name followed by its aliases."""
        return (self.name, *self.aliases)


def read_lexicon_file(path: Path) -> list[LexiconEntry]:
    """Read one of our JSON-lines lexicon files."""
    entries = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise LexiconError(f"{path}:{n}: not JSON: {e.msg}") from e
            entry = entry_from_row(row)
            if entry is None:
                raise LexiconError(f"{path}:{n}: needs a type (method, dataset, task) and a name")
            entries.append(entry)
    return entries


def load_lexicon(user_dir: Path | None = None, builtin_dir: Path = BUILTIN_DIR
                 ) -> list[LexiconEntry]:
    """The built-in entries (from `builtin_dir`) followed by every *.jsonl file in `user_dir`."""
    entries = []
    for name in LEXICON_FILES:
        entries.extend(read_lexicon_file(Path(builtin_dir) / name))
    for path in lexicon_files(user_dir):
        entries.extend(replace(e, user=True) for e in read_lexicon_file(path))
    return entries


def write_lexicon_without(held_out: set[str], dest_dir: Path, src_dir: Path = BUILTIN_DIR) -> int:
    """Copy the lexicon folder `src_dir` to `dest_dir` minus every entry that has a form whose
    normalised key is in `held_out`; return how many entries were left out."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dropped = 0
    for name in LEXICON_FILES:
        with (dest_dir / name).open("w", encoding="utf-8") as fh:
            for e in read_lexicon_file(Path(src_dir) / name):
                if any(norm(f) in held_out for f in e.forms()):
                    dropped += 1
                    continue
                row = {"type": e.type, "name": e.name, "aliases": list(e.aliases)}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return dropped


def lexicon_files(user_dir: Path | None) -> list[Path]:
    """The user lexicon files the extractor loads, in a stable order."""
    if user_dir is None or not Path(user_dir).is_dir():
        return []
    return sorted(Path(user_dir).glob("*.jsonl"))


def entry_from_row(row: object) -> LexiconEntry | None:
    """The entry of one row in our format ({"type", "name", "aliases"}), or None."""
    if not isinstance(row, dict):
        return None
    etype = _TYPE_ALIASES.get(str(row.get("type", "")).strip().lower())
    name = str(row.get("name") or "").strip()
    if etype not in ENTITY_TYPES or not name:
        return None
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    clean = tuple(dict.fromkeys(str(a).strip() for a in aliases if str(a).strip() and a != name))
    return LexiconEntry(etype, name, clean)
