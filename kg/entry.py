"""The `kg` command's entry point: loads the CLI under a guard, so that Ctrl-C while Python is
still importing click and the package prints `aborted`, not a traceback."""
from __future__ import annotations

import sys


def main() -> None:
    """Import and run the CLI (kg.cli.main); an interrupt during the import exits 130 quietly."""
    try:
        from kg.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("aborted\n")
        sys.exit(130)
    run()
