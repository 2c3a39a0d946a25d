"""Render a build's graph page to a PNG in headless Chromium (the README screenshot).

Usage: .venv/bin/python scripts/screenshot.py OUT [-o docs/seed_graph.png] [--focus NAME] [--top N]
       [--by-community]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.chromium import render_png  # noqa: E402 (the tests' headless-browser driver)

from kg.errors import KGError  # noqa: E402
from kg.graph import load_graph  # noqa: E402
from kg.view import write_html  # noqa: E402

DEFAULT_PNG = ROOT / "docs" / "seed_graph.png"
COLOUR_BY_COMMUNITY = "document.getElementById('kg-colour-community').click()"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder a `kg build` wrote (holds graph.json)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_PNG, help="PNG to write")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--focus", default=None, help="draw only the neighbourhood of this entity")
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--top", type=int, default=None, help="draw the N entities with most papers")
    parser.add_argument("--by-community", action="store_true", help="colour the nodes by community, not type")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write the page to a temporary folder, open it and save the screenshot."""
    args = parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="kg-shot-") as tmp:
            page = Path(tmp) / "graph.html"
            info = write_html(load_graph(args.out), page, focus=args.focus, depth=args.depth, top=args.top)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            render_png(page, args.output, args.width, args.height,
                       script=COLOUR_BY_COMMUNITY if args.by_community else None)
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if info.message:
        print(info.message, file=sys.stderr)
    print(f"wrote {args.output} ({info.nodes} nodes, {info.edges} edges)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
