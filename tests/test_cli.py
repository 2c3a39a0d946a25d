"""End to end: the `kg` command as a user runs it, on the seed pages."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph import load_graph, schema_problems

from conftest import ROOT, SEEDS, SHARED

KG = [sys.executable, "-m", "kg"]


def kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process, capturing its output."""
    return subprocess.run([*KG, *args], cwd=cwd, capture_output=True, text=True, timeout=600)




def test_build_writes_every_output_with_312_papers(seed_build: Path) -> None:
    for name in ("graph.json", "graph.graphml", "extractions.jsonl", "papers.jsonl", "graph.html", "store"):
        assert (seed_build / name).exists(), name
    graph = load_graph(seed_build)
    papers = [n for n, d in graph.nodes(data=True) if d["label"] == "Paper"]
    assert len(papers) == 312
    assert schema_problems(graph) == []
    stdout = (seed_build / "stdout.txt").read_text()
    assert "papers: 312 (325 records read" in stdout
    assert sum(1 for _ in open(seed_build / "extractions.jsonl")) == 312


def test_seed_graph_links_known_entities(seed_build: Path) -> None:
    graph = load_graph(seed_build)
    mdpo = next(n for n, d in graph.nodes(data=True) if d.get("title") == "Mirror Descent Policy Optimization")
    targets = {graph.nodes[v].get("name") for _, v in graph.out_edges(mdpo)}
    assert {"Trust Region Policy Optimization", "Proximal Policy Optimization"} & targets
    assert any(graph.nodes[v]["label"] == "Repository" for _, v in graph.out_edges(mdpo))
    extra_records = [len(d["sources"]) - 1 for _, d in graph.nodes(data=True) if len(d.get("sources", [])) > 1]
    # every record beyond a paper's first is one more source of that paper
    assert sum(extra_records) == 325 - 312 and 0 < len(extra_records) <= sum(extra_records)


def test_query_prints_a_table_and_json(seed_build: Path) -> None:
    cypher = "MATCH (p:Paper) RETURN count(p) AS papers"
    table = kg("query", str(seed_build), cypher)
    assert table.returncode == 0, table.stderr
    assert "312" in table.stdout
    as_json = kg("query", str(seed_build), cypher, "--json")
    assert json.loads(as_json.stdout.splitlines()[0]) == {"papers": 312}


def test_query_syntax_error_is_one_line(seed_build: Path) -> None:
    result = kg("query", str(seed_build), "MATCH (p:Paper RETURN p")
    assert result.returncode == 1
    assert result.stderr.startswith("kg: error:") and len(result.stderr.strip().splitlines()) == 1


def test_extract_output_scores_with_the_shared_scorer(tmp_path: Path) -> None:
    dev = SHARED / "eval" / "dev.jsonl"
    if not dev.exists():
        pytest.skip("../shared/eval is not beside the repository")
    out = tmp_path / "pred.jsonl"
    assert kg("extract", str(dev), "-o", str(out)).returncode == 0
    score = subprocess.run([sys.executable, str(dev.parent / "score.py"), str(out), str(dev), "--json"],
                           capture_output=True, text=True, check=True)
    assert json.loads(score.stdout)["all"]["f1"] > 0.3


def test_fast_extraction_runs_its_own_model_without_the_tagger(tmp_path: Path) -> None:
    """`--fast` pairs no span tagger with the decider trained for that, and says so in the
    extractor version (so a cache never mixes the two); it still scores far above chance."""
    dev = SHARED / "eval" / "dev.jsonl"
    runs = {}
    for mode in ("full", "fast"):
        out = tmp_path / f"{mode}.jsonl"
        assert kg("extract", str(dev), "-o", str(out), *(["--fast"] if mode == "fast" else [])).returncode == 0
        score = subprocess.run([sys.executable, str(dev.parent / "score.py"), str(out), str(dev), "--json"],
                               capture_output=True, text=True, check=True)
        versions = {json.loads(line)["extractor"] for line in out.read_text().splitlines()}
        runs[mode] = (json.loads(score.stdout)["all"]["f1"], versions)
    assert len(runs["fast"][1]) == 1 and runs["fast"][1] != runs["full"][1]
    assert runs["fast"][0] > 0.6 and runs["full"][0] > 0.6


def test_min_confidence_keeps_only_the_surer_entities(tmp_path: Path) -> None:
    """`--min-confidence` leaves out what the decider is less sure of: a subset of the default
    output, every entity at or above the level, with higher precision than the default."""
    dev = SHARED / "eval" / "dev.jsonl"
    runs = {}
    for level in ("0", "0.9"):
        out = tmp_path / f"{level}.jsonl"
        assert kg("extract", str(dev), "-o", str(out), "--min-confidence", level).returncode == 0
        score = subprocess.run([sys.executable, str(dev.parent / "score.py"), str(out), str(dev), "--json"],
                               capture_output=True, text=True, check=True)
        entities = {(json.loads(line)["id"], e["name"], e["type"], e["confidence"])
                    for line in out.read_text().splitlines() for e in json.loads(line)["entities"]}
        runs[level] = (json.loads(score.stdout)["all"]["precision"], entities)
    (p_all, everything), (p_sure, sure) = runs["0"], runs["0.9"]
    assert sure < everything and all(c >= 0.9 for *_, c in sure)
    assert p_sure > p_all
    bad = kg("extract", str(dev), "-o", str(tmp_path / "x.jsonl"), "--min-confidence", "1.5")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_graph_edges_carry_the_extractors_confidence(seed_build: Path) -> None:
    cypher = ("MATCH (:Paper)-[r]->(e) WHERE label(r) <> 'HAS_CODE' "
              "RETURN count(r) AS n, count(r.confidence) AS scored, min(r.confidence) AS low, "
              "max(r.confidence) AS high")
    row = json.loads(kg("query", str(seed_build), cypher, "--json").stdout.splitlines()[0])
    assert row["n"] == row["scored"] > 1000
    assert 0.0 < row["low"] < 0.9 and row["high"] <= 1.0


def test_unreadable_inputs_fail_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02 not a paper listing")
    result = kg("build", str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_missing_build_is_explained(tmp_path: Path) -> None:
    result = kg("html", str(tmp_path))
    assert result.returncode == 1 and "run `kg build" in result.stderr


def _run_query_file(build: Path, name: str, *params: str) -> list[dict]:
    args = ["query", str(build), "-f", str(ROOT / "kg" / "schemas" / "queries" / f"{name}.cypher"), "--json"]
    for p in params:
        args += ["-p", p]
    result = kg(*args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_example_queries_answer_on_the_seed_graph(seed_build: Path) -> None:
    top = _run_query_file(seed_build, "top_methods", "limit=5")
    assert len(top) == 5 and top[0]["papers"] >= 10
    assert [r["papers"] for r in top] == sorted((r["papers"] for r in top), reverse=True)
    code = _run_query_file(seed_build, "code_for_method", 'method="PPO"')
    assert any("Mirror-Descent-Policy-Optimization" in r["repository"] for r in code)
    bench = _run_query_file(seed_build, "benchmarks_for_task", 'task="offline RL"')
    assert {"D4RL", "MuJoCo"} & {r["dataset"] for r in bench}
    evidence = _run_query_file(seed_build, "evidence_for_entity", 'name="MuJoCo"')
    assert evidence and all("mujoco" in r["evidence"].lower() for r in evidence)
    proposing = _run_query_file(seed_build, "papers_proposing_for_task", 'task="offline RL"')
    assert any(r["title"].startswith("Policy Regularization with Dataset Constraint") for r in proposing)
    assert _run_query_file(seed_build, "untried_datasets", "limit=5")
    assert _run_query_file(seed_build, "rising_entities", "since=2023", "limit=5")


def test_lexicon_import_feeds_the_extractor(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.jsonl"
    lexicon.write_text(json.dumps({"type": "method", "name": "wobble smoothing", "aliases": []}) + "\n")
    paper = tmp_path / "p.jsonl"
    paper.write_text(json.dumps({"id": "x1", "title": "A study",
                                 "abstract": "We apply wobble smoothing to the policy."}) + "\n")
    env = {**os.environ, "KG_HOME": str(tmp_path / "home")}
    before = tmp_path / "before.jsonl"
    assert subprocess.run([*KG, "extract", str(paper), "-o", str(before)], env=env).returncode == 0
    assert "wobble" not in before.read_text()
    imported = subprocess.run([*KG, "lexicon", "import", str(lexicon)], capture_output=True, text=True, env=env)
    assert imported.returncode == 0 and "imported 1 entries" in imported.stdout
    out = tmp_path / "pred.jsonl"
    assert subprocess.run([*KG, "extract", str(paper), "-o", str(out)], env=env).returncode == 0
    entities = json.loads(out.read_text())["entities"]
    assert ("method", "wobble smoothing") in {(e["type"], e["name"]) for e in entities}


def test_csv_export_equals_that_of_the_graph_read_back_and_written_again(seed_build: Path, tmp_path: Path) -> None:
    from support.graphs import tables_of

    from kg.export.admin_csv import write_admin_csv
    from kg.schema import load_schema
    result = kg("export", "csv", str(seed_build), "-o", str(tmp_path / "cli"))
    assert result.returncode == 0, result.stderr
    write_admin_csv(tables_of(load_graph(seed_build), tmp_path / "tables"), tmp_path / "mem")
    files = sorted(p.name for p in (tmp_path / "cli").iterdir())
    schema = load_schema()
    assert len(files) == len(schema["nodes"]) + len(schema["relationships"])
    for name in files:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "mem" / name).read_bytes(), name


def test_views_of_a_graph_past_max_edges_load_a_sample_and_say_so(seed_build: Path, tmp_path: Path) -> None:
    result = kg("html", str(seed_build), "-o", str(tmp_path / "g.html"), "--max-edges", "1000")
    assert result.returncode == 0, result.stderr
    edges = re.search(r"note: the graph has ([\d,]+) edges, more than the 1,000", result.stderr)
    assert edges and int(edges.group(1).replace(",", "")) > 1000
    sampled = int(result.stderr.split("loaded the ")[1].split()[0])
    assert 20 < sampled < 150
    whole = kg("html", str(seed_build), "-o", str(tmp_path / "w.html"), "--max-edges", "0")
    assert whole.returncode == 0 and "note:" not in whole.stderr


def test_find_looks_up_any_name_or_alias_in_any_case(seed_build: Path) -> None:
    result = kg("find", str(seed_build), "ppo", "--json")
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found[0] == {"id": "method:ppo", "name": "Proximal Policy Optimization", "type": "method",
                        "papers": found[0]["papers"], "aliases": ["PPO"], "match": "exact",
                        "why": {"PPO": "an acronym's most common definition"}, "apart": []}
    assert found[0]["papers"] >= 10
    ranks = [f["match"] for f in found]
    assert ranks == sorted(ranks, key=["exact", "word", "part"].index)
    # "support vector machine" holds "ppo" only inside a word: never a match
    assert "method:svm" not in {f["id"] for f in found}
    table = kg("find", str(seed_build), "Offline RL")
    assert table.returncode == 0 and table.stdout.splitlines()[2].split()[:3] == ["task", "offline", "reinforcement"]
    missing = kg("find", str(seed_build), "no such thing")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no method, dataset or task" in missing.stderr


def test_query_errors_name_the_missing_parameter_and_the_neo4j_fix(seed_build: Path) -> None:
    top = kg("query", str(seed_build), "-f", str(ROOT / "kg" / "schemas" / "queries" / "top_methods.cypher"))
    assert top.returncode == 1 and "needs $limit: add -p limit=VALUE" in top.stderr
    typed = kg("query", str(seed_build), "MATCH (p:Paper)-[r]->(m:Method) RETURN type(r) AS t ORDER BY t LIMIT 1")
    assert typed.returncode == 0 and "PROPOSES" in typed.stdout
    nested = kg("query", str(seed_build), "MATCH (a:Method) CALL (a) { MATCH (a)--(b) RETURN count(b) AS n } RETURN n")
    assert nested.returncode == 1 and nested.stderr.count("\n") == 1 and "COUNT { MATCH" in nested.stderr
    assert "Traceback" not in nested.stderr


def test_full_prints_whole_evidence_sentences(seed_build: Path) -> None:
    args = ["query", str(seed_build), "-f", str(ROOT / "kg" / "schemas" / "queries" / "evidence_for_entity.cypher"),
            "-p", "name=dpo"]
    cut, full = kg(*args), kg(*args, "--full")
    assert cut.returncode == full.returncode == 0
    sentences = [r["evidence"] for r in _run_query_file(seed_build, "evidence_for_entity", "name=dpo")]
    longest = max(sentences, key=len)
    assert len(longest) > 60 and longest in full.stdout and longest not in cut.stdout


def test_analyze_paths_joins_the_two_entities_named(seed_build: Path, tmp_path: Path) -> None:
    report = tmp_path / "paths.md"
    result = kg("analyze", str(seed_build), "--only", "paths", "DPO", "mujoco", "--report", str(report))
    assert result.returncode == 0, result.stderr
    assert "How **Direct Preference Optimization** relates to **MuJoCo**:" in report.read_text(encoding="utf-8")
    assert (tmp_path / "paths_files" / "paths.csv").exists()
    one = kg("analyze", str(seed_build), "--only", "paths", "DPO", "--report", str(report))
    assert one.returncode == 2 and "give two entities" in one.stderr


@pytest.mark.parametrize("command", [["find", "{out}", "dpo"], ["query", "{out}", "RETURN 1 AS x"],
                                     ["html", "{out}", "-o", "{tmp}/g.html", "--top", "3"],
                                     ["analyze", "{out}", "--only", "paths", "--report", "{tmp}/r.md"]])
def test_reading_commands_import_no_nlp(seed_build: Path, tmp_path: Path, command: list[str]) -> None:
    args = [a.format(out=seed_build, tmp=tmp_path) for a in command]
    code = ("import sys; from kg.cli import cli; cli.main(args=sys.argv[1:], standalone_mode=False); "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'spacy' or m.startswith(('kg.extract', "
            "'kg.resolve'))); print('NLP', loaded)")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "NLP []"


def test_extract_explain_says_which_component_decided_and_why(tmp_path: Path) -> None:
    paper = tmp_path / "p.jsonl"
    paper.write_text(json.dumps({"id": "x1", "title": "Preference tuning", "abstract":
                                 "We propose Zeta Preference Optimization (ZPO) and evaluate "
                                 "it on MMLU."}) + "\n")
    # (a coined name: one that hundreds of papers of the real corpus use, such as DPO, leans
    # to "used" even after "we propose", as the corpus counts teach the decider)
    plain, explained = tmp_path / "plain.jsonl", tmp_path / "why.jsonl"
    assert subprocess.run([*KG, "extract", str(paper), "-o", str(plain)]).returncode == 0
    assert subprocess.run([*KG, "extract", str(paper), "-o", str(explained), "--explain"]
                          ).returncode == 0
    bare = json.loads(plain.read_text())["entities"]
    why = {e["name"]: e for e in json.loads(explained.read_text())["entities"]}
    assert all("why" not in e for e in bare)
    assert [{k: v for k, v in e.items() if k != "why"} for e in why.values()] == bare
    zpo = why["Zeta Preference Optimization"]["why"]
    assert zpo.startswith("found by acronym") and "decided by model: method" in zpo
    assert "role proposed" in zpo


def test_version_names_the_installed_package() -> None:
    result = kg("--version")
    assert result.returncode == 0 and result.stdout.startswith("kg, version 0.")


def test_find_says_why_names_were_joined_and_what_was_kept_apart(seed_build: Path) -> None:
    found = [json.loads(line) for line in kg("find", str(seed_build), "DPO", "--json").stdout.splitlines()]
    dpo = found[0]
    assert dpo["id"] == "method:dpo" and "definition" in dpo["why"]["DPO"]
    # a name joined by dropping its class word ("AdaBelief Optimizer" -> AdaBelief): whichever the
    # seed build holds, kg find on the entity says so
    table = json.loads((seed_build / "alias_table.json").read_text(encoding="utf-8"))
    joined = [(entity, form, reason) for entity, row in table.items() for form, reason in (row["why"] or {}).items()
              if reason.startswith("class word")]
    assert joined
    entity, form, reason = joined[0]
    shown = kg("find", str(seed_build), entity).stdout
    assert f"why {entity} holds these names:" in shown and f'"{form}": {reason}' in shown


@pytest.mark.parametrize("command, error", [
    ("html", "PageWriteError"), ("analyze", "ReportWriteError"), ("build", "DaskError")])
def test_page_report_and_dask_failures_are_one_line_with_their_fix(command, error, monkeypatch, capsys, tmp_path):
    """A page or report that cannot be written is its own error (not ExportError), printed as one
    line with its fix."""
    import kg as api
    import kg.errors as errors
    from kg import cli
    kind = getattr(errors, error)

    def fail(*args, **kwargs):
        raise kind("cannot write it: no space left on the device")

    monkeypatch.setattr(api, {"html": "write_html", "analyze": "analyze", "build": "build"}[command], fail)
    args = ["seeds", "-o", str(tmp_path / "out")] if command == "build" else [str(tmp_path)]
    monkeypatch.setattr(sys, "argv", ["kg", command, *args])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and err.count("\n") == 1 and not issubclass(kind, errors.ExportError)
    assert err == f"kg: error: cannot write it: no space left on the device ({kind.fix})\n"
