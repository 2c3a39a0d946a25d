"""`kg lexicon import`: a user's list of names (our JSON lines, a JSON list, Papers with Code's
methods.json, its datasets list, its task list as text or CSV) into our format, keeping only the
names that are safe to match in running text."""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import LexiconError

from .entries import LexiconEntry, entry_from_row
from .words import FUNCTION_WORDS, GENERIC_PHRASES, NAME_STOPWORDS, TASK_HEADS


def import_lexicon(src: Path, dest_dir: Path, name: str | None = None) -> int:
    """Convert a user's name list into our format in `dest_dir` (as NAME.jsonl, by default the
    file's own stem); return the entries written."""
    src, dest_dir = Path(src), Path(dest_dir)
    if not src.is_file():
        raise LexiconError(f"{src}: no such file")
    entries = [e for e in (_specific_only(e) for e in _dedupe(_parse_any(src))) if e is not None]
    if not entries:
        raise LexiconError(f"{src}: no usable method, dataset or task names found")
    dest_dir.mkdir(parents=True, exist_ok=True)
    stem = name or re.sub(r"(\.jsonl|\.json|\.txt|\.csv)?(\.gz)?$", "", src.name) or "imported"
    out = dest_dir / f"{stem}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for e in entries:
            row = {"type": e.type, "name": e.name, "aliases": list(e.aliases)}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(entries)


def _specific_only(entry: LexiconEntry) -> LexiconEntry | None:
    """The entry with only the forms that are safe to match in running text, or None."""
    forms = []
    for form in entry.forms():
        name, inner = _split_parenthesis(form)
        forms += [f for f in (name, inner) if f and is_specific_name(f) and f not in forms]
    if entry.type == "task":
        forms = [f for f in forms if _headed_task(f) or f.isupper()]
    if not forms:
        return None
    return LexiconEntry(entry.type, forms[0], tuple(forms[1:]))


def _split_parenthesis(form: str) -> tuple[str, str]:
    """"Reinforcement Learning (RL)" is a name and an alias."""
    match = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", form.strip())
    return (match.group(1).strip(), match.group(2).strip()) if match else (form.strip(), "")


def _headed_task(name: str) -> bool:
    """Task names end in a task word ("Object Detection"), unlike "Point Clouds"."""
    last = name.lower().split()[-1] if name.split() else ""
    return last in TASK_HEADS or last.rsplit("-", 1)[-1] in TASK_HEADS


def is_specific_name(name: str) -> bool:
    """A name that will not fire on ordinary prose: marked by case, digits or several words."""
    text = name.strip()
    low = text.lower()
    if len(text) < 2 or low in GENERIC_PHRASES or low in FUNCTION_WORDS or low in NAME_STOPWORDS:
        return False
    words = low.split()
    if len(words) > 1:
        content = [w for w in words if w not in FUNCTION_WORDS]
        return len(content) >= 2 and not all(w in GENERIC_PHRASES for w in content)
    return bool(re.search(r"\d", text) or re.search(r"[A-Z]", text[1:]) or "-" in text.strip("-"))


def _read_text(src: Path) -> str:
    raw = src.read_bytes()
    if src.name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except OSError as e:
            raise LexiconError(f"{src}: not a gzip file") from e
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LexiconError(f"{src}: not UTF-8 text") from e


def _parse_any(src: Path) -> Iterator[LexiconEntry]:
    text = _read_text(src)
    base = re.sub(r"\.gz$", "", src.name.lower())
    if base.endswith(".csv"):
        return _parse_task_csv(src, text)
    if base.endswith(".txt"):
        return _parse_task_lines(text)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as e:
            raise LexiconError(f"{src}: not JSON: {e.msg}") from e
        return _parse_rows(src, rows)
    return _parse_rows(src, _json_lines(src, text))


def _json_lines(src: Path, text: str) -> Iterator[object]:
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise LexiconError(f"{src}:{n}: not JSON: {e.msg}") from e


def _parse_rows(src: Path, rows: Iterable[object]) -> Iterator[LexiconEntry]:
    """Rows in our format, a PwC methods dump, or PwC datafinder dataset documents."""
    for row in rows:
        if not isinstance(row, dict):
            raise LexiconError(f"{src}: expected objects, found {type(row).__name__}")
        if "type" in row:
            entry = entry_from_row(row)
        elif "full_name" in row:
            entry = _pwc_method(row)
        elif "variants" in row:
            entry = _pwc_dataset(row)
        else:
            raise LexiconError(f"{src}: rows need type+name, a PwC full_name or variants")
        if entry is not None:
            yield entry


def _pwc_method(row: dict) -> LexiconEntry | None:
    short = str(row.get("name") or "").strip()
    full = str(row.get("full_name") or "").strip() or short
    if not full:
        return None
    aliases = (short,) if short and short.lower() != full.lower() else ()
    return LexiconEntry("method", full, aliases)


def _pwc_dataset(row: dict) -> LexiconEntry | None:
    name = str(row.get("id") or "").strip()
    variants = [str(v).strip() for v in row.get("variants") or [] if str(v).strip()]
    if not name and variants:
        name = variants[0]
    if not name:
        return None
    aliases = tuple(dict.fromkeys(v for v in variants if v != name))
    return LexiconEntry("dataset", name, aliases)


def _parse_task_lines(text: str) -> Iterator[LexiconEntry]:
    for line in text.splitlines():
        name = line.strip().strip('"').strip()
        if name:
            yield LexiconEntry("task", name, ())


def _parse_task_csv(src: Path, text: str) -> Iterator[LexiconEntry]:
    reader = csv.DictReader(io.StringIO(text))
    column = next((c for c in reader.fieldnames or [] if c.strip().lower() in
                   ("task name", "task", "name")), None)
    if column is None:
        raise LexiconError(f"{src}: CSV needs a 'Task Name' column")
    for row in reader:
        name = (row.get(column) or "").strip()
        if name:
            yield LexiconEntry("task", name, ())


def _dedupe(entries: Iterable[LexiconEntry]) -> Iterator[LexiconEntry]:
    seen: set[tuple[str, str]] = set()
    for e in entries:
        key = (e.type, e.name.lower())
        if key not in seen:
            seen.add(key)
            yield e
