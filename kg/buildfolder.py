"""The build folder OUT: what each of its files is called, and its manifest (build.json).

The one place these names live (the pipeline writes them; the API, the CLI, the graph files,
the tables, `kg find` read them) and the one reader of build.json. Import-light (the standard
library and kg.errors; kg.outdir only when a staging folder is looked for), so `kg --help`,
`kg query` and `kg build --resume` load nothing more to learn where things are.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import BuildNotFoundError, DamagedBuildError

PAPERS, EXTRACTIONS, ALIASES = "papers.jsonl", "extractions.jsonl", "alias_table.json"
STORE, HTML, CACHE, MANIFEST = "store", "graph.html", "cache.sqlite", "build.json"
TABLES_DIR = "tables"
GRAPH_JSON, GRAPH_ML = "graph.json", "graph.graphml"
ANALYSIS_REPORT = Path("analysis") / "report.md"  # where `kg analyze` writes by default
# What a build writes: never carried over from the previous build when this one does not write it.
OWNED = frozenset({PAPERS, EXTRACTIONS, ALIASES, STORE, HTML, MANIFEST, TABLES_DIR, GRAPH_JSON, GRAPH_ML,
                   f"{PAPERS}.part", f"{EXTRACTIONS}.part"})


@dataclass(frozen=True)
class Manifest:
    """One build.json, read once: its JSON, or why it could not be read."""

    path: Path
    data: object = None  # the parsed JSON (None when unreadable)
    error: OSError | None = None  # reading the file failed
    bad_json: ValueError | None = None  # the file is not JSON

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at `path`; problems are kept, to be raised by what needs the fields."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            return cls(path, error=error)
        try:
            return cls(path, json.loads(text))
        except ValueError as error:
            return cls(path, bad_json=error)

    def _json(self) -> object:
        if self.error is not None:
            raise self.error
        if self.bad_json is not None:
            raise self.bad_json
        return self.data

    def field(self, key: str) -> object:
        """One field, or None when the file or the field is missing or unreadable."""
        return self.data.get(key) if isinstance(self.data, dict) else None

    def inputs(self) -> list[Path]:
        """The inputs it names, as given when the current folder is the one recorded, else absolute;
        DamagedBuildError when it is not a manifest."""
        try:
            data = self._json()
            given = data.get("given")
            if given and data.get("cwd") == os.getcwd():
                return [Path(p) for p in given]
            return [Path(p) for p in data["inputs"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise DamagedBuildError(f"{self.path}: not a build manifest (not JSON, or no list of inputs)") from None

    def min_confidence(self) -> float:
        """The --min-confidence level it records (0 when none); DamagedBuildError when not a manifest."""
        try:
            return float(self._json().get("min_confidence", 0.0))
        except (ValueError, TypeError, AttributeError):
            raise DamagedBuildError(f"{self.path}: not a build manifest (not JSON, or a level that is no "
                                    "number)") from None


def latest_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of the build killed while writing out_dir (left in the staging folder beside
    it), else of the finished one in out_dir, else None. A staging folder that holds the build
    swapped out (killed just after the swap) is not an unfinished build: OUT's manifest names it
    as the build it replaced."""
    from kg.outdir import staging_folder  # the lock and swap machinery, loaded only when asked
    staged, final = staging_folder(out_dir) / MANIFEST, out_dir / MANIFEST
    if staged.exists():
        staged_manifest = Manifest.read(staged)
        build_id = staged_manifest.field("build")
        if build_id is None or build_id != Manifest.read(final).field("replaces"):
            return staged_manifest
    return Manifest.read(final) if final.exists() else None


def manifest_inputs(out_dir: Path) -> list[Path]:
    """The inputs an interrupted or finished build in out_dir was given, for --resume.
    Paths come back as they were given when run from the same folder, else absolute.
    """
    manifest = latest_manifest(out_dir)
    if manifest is None:
        raise BuildNotFoundError(f"{out_dir}: no {MANIFEST} to resume from")
    return manifest.inputs()


def manifest_min_confidence(out_dir: Path) -> float:
    """The --min-confidence level of the interrupted or else the finished build in out_dir (0
    when it recorded none), so that --resume keeps the graph it was building."""
    manifest = latest_manifest(out_dir)
    return 0.0 if manifest is None else manifest.min_confidence()


def build_ids(previous: Manifest, inputs: list[Path]) -> dict[str, str | None]:
    """A new build's id, and the id of the build (`previous`, OUT's manifest) it replaces, so that
    --resume can tell the staging folder of a killed build from the previous build a finished
    swap left there. The id hashes the one it replaces with the inputs: the same build gives the
    same files."""
    import hashlib
    replaced = previous.field("build")
    seed = json.dumps([replaced, [str(p.resolve()) for p in inputs]])
    return {"build": hashlib.sha1(seed.encode("utf-8", "surrogateescape")).hexdigest()[:16], "replaces": replaced}


def write_manifest(folder: Path, inputs: list[Path], status: str, extra: dict | None = None) -> None:
    """Record the inputs and state of a build in `folder`, so --resume knows what to read."""
    data = {"inputs": [str(p.resolve()) for p in inputs], "given": [str(p) for p in inputs],
            "cwd": os.getcwd(), "status": status, **(extra or {})}
    (folder / MANIFEST).write_text(json.dumps(data, indent=1), encoding="utf-8")
