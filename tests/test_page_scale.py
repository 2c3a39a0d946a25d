"""A 5,000-node page stays interactive in headless Chromium: search, filters and a click each
end in a drawn frame that shows them. How fast is benchmarks/bench_html.py's job (a timed
assertion here would fail on a busy machine)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support.chromium import Chromium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_html import bench  # noqa: E402

pytestmark = pytest.mark.scale


def test_a_5000_node_page_answers_every_action(tmp_path):
    with Chromium(width=1200, height=800) as browser:
        result = bench(browser, 5000, tmp_path)
    assert result["nodes"] >= 4900 and result["edges"] > 15000 and result["errors"] == 0
    actions = ("search", "type filter", "min papers", "community", "click")
    assert all(result[name] >= 0 for name in actions)
