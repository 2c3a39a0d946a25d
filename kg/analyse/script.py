"""What the thin scripts/<analysis>.py wrappers share: arguments, loading, printing, clean errors."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kg.analyse.corpus import Corpus
from kg.errors import KGError
from kg.graph import load_graph


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser taking the build folder OUT, --top and --csv."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("out", type=Path, help="folder `kg build` wrote (holds graph.json)")
    p.add_argument("--top", type=int, default=10, help="rows to print (default 10)")
    p.add_argument("--csv", type=Path, help="also write the full table to this CSV file")
    return p


def open_corpus(out: Path) -> Corpus:
    """The build folder's graph, indexed for analysis."""
    return Corpus.from_graph(load_graph(out))


def show(frame: pd.DataFrame, top: int, csv: Path | None) -> None:
    """Print the first `top` rows; write every row to `csv` when given."""
    if csv:
        frame.to_csv(csv, index=False)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60, "display.max_columns", 20):
        print(frame.head(top).to_string(index=False) if not frame.empty else "(none)")


def run(main: Callable[[], None]) -> None:
    """Run a script's main; expected failures print one line and exit 1, never a traceback."""
    try:
        main()
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
