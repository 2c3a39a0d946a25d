"""The analyse_*.cypher queries pass Neo4j's own linter, and declare every parameter they use."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = sorted((ROOT / "kg" / "schemas" / "queries").glob("analyse_*.cypher"))
LINTER = ROOT / "tests" / "cypher_lint" / "lint.mjs"
UNDEFINED = re.compile(r"Parameter \$(\w+) is not defined\.")


def declared(text: str) -> set[str]:
    """Parameters named on the header's `// Parameters:` line."""
    header = next((line for line in text.splitlines() if line.startswith("// Parameters:")), "")
    return set(re.findall(r"\$(\w+)", header))


@pytest.fixture(scope="module")
def diagnostics() -> dict[str, list[dict]]:
    """Linter diagnostics for every analyse query, by file name."""
    if shutil.which("node") is None:
        pytest.fail("node is not installed; the Cypher linter needs it")
    statements = [q.read_text(encoding="utf-8") for q in QUERIES]
    result = subprocess.run(["node", str(LINTER)], input=json.dumps(statements) + "\n",
                            capture_output=True, text=True, check=True, timeout=60, cwd=LINTER.parent)
    return dict(zip((q.name for q in QUERIES), json.loads(result.stdout.splitlines()[0])))


def test_every_analysis_with_a_cypher_form_has_a_query():
    names = {q.stem for q in QUERIES}
    assert {"analyse_central", "analyse_pairs", "analyse_gaps_method_dataset", "analyse_gaps_method_task",
            "analyse_trends", "analyse_similar", "analyse_paths"} <= names


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_query_lints_clean_apart_from_declared_parameters(query, diagnostics):
    text = query.read_text(encoding="utf-8")
    problems = []
    used = set()
    for d in diagnostics[query.name]:
        undefined = UNDEFINED.fullmatch(d["message"])
        if undefined:
            used.add(undefined.group(1))
        else:
            problems.append(d)
    assert problems == []
    assert used == declared(text)
