"""The READ stage on the real seed pages, the eval file and small files of every format."""
from __future__ import annotations

import csv
import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Link, Paper, Source
from kg.read import ReadIssue, merge_papers, paper_id_for_title, read_papers
from kg.read.links import extract_links

from conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DEV = SHARED / "eval" / "dev.jsonl"
SEED_003 = SEEDS / "003_da1b40bae24e8d00.txt"
SEED_004 = SEEDS / "004_d8557535ac48bd4d.txt"


def read_all(*paths: Path | str) -> tuple[list[Paper], list[ReadIssue]]:
    issues: list[ReadIssue] = []
    papers = list(read_papers(paths, issues.append))
    return papers, issues


def by_title(papers: list[Paper], title: str) -> Paper:
    [paper] = [p for p in papers if p.title == title]
    return paper


@pytest.fixture(scope="module")
def seeds() -> list[Paper]:
    papers, issues = read_all(SEEDS)
    assert issues == []
    return papers


# --- seed pages -------------------------------------------------------------------------------

def test_seeds_give_325_records_of_312_papers(seeds: list[Paper]) -> None:
    per_file = Counter(Path(p.sources[0].file).name[:3] for p in seeds)
    assert per_file == {"000": 18, "001": 35, "002": 80, "003": 73, "004": 119}
    assert len(seeds) == 325
    assert len({p.id for p in seeds}) == 312


REPEATED_TITLES = {
    "Dual RL: Unification and New Methods for Reinforcement and Imitation Learning",
    "Sample complexity of data-driven tuning of model hyperparameters in neural networks with "
    "structured parameter-dependent dual function",
    "Counter-Current Learning: A Biologically Plausible Dual Network Approach for Deep Learning",
    "Policy Gradient-Driven Noise Mask",
    "On the Provable Advantage of Unsupervised Pretraining",
    "Hyp-OC: Hyperbolic One Class Classification for Face Anti-Spoofing",
    "Which Explanation Should I Choose? A Function Approximation Perspective to Characterizing "
    "Post Hoc Explanations",
    "Self-Improving Robust Preference Optimization",
    "SePPO: Semi-Policy Preference Optimization for Diffusion Alignment",
    "Optimistic Online Mirror Descent for Bridging Stochastic and Adversarial Online Convex "
    "Optimization",
    "Subset Selection Based On Multiple Rankings in the Presence of Bias: Effectiveness of "
    "Fairness Constraints for Multiwinner Voting Score Functions",
    "Contextual Bandits with Online Neural Regression",
}


def test_seeds_hold_13_repeated_records(seeds: list[Paper]) -> None:
    counts = Counter(p.id for p in seeds)
    assert sum(n - 1 for n in counts.values()) == 13
    assert {p.title for p in seeds if counts[p.id] > 1} == REPEATED_TITLES
    omd = [t for t in REPEATED_TITLES if t.startswith("Optimistic Online Mirror")][0]
    assert counts[paper_id_for_title(omd)] == 3


def test_record_with_full_date_and_author_count(seeds: list[Paper]) -> None:
    paper = by_title(seeds, "Unbiased Learning to Rank with Unbiased Propensity Estimation")
    assert paper.abstract.startswith("Learning to rank with biased click data is a well-known")
    assert paper.abstract.endswith("relevance signals extracted by click models.")
    assert (paper.date, paper.date_text, paper.n_authors) == ("2018-04-16", "Apr 16, 2018", 5)
    assert paper.year == 2018
    assert paper.sources == [Source(str(SEEDS / "000_c86df3b36a7fa6ff.txt"), 13)]
    assert paper.id == paper_id_for_title(paper.title)


def test_date_without_year_is_kept_as_text_only(seeds: list[Paper]) -> None:
    title = ("Trust Region Inverse Reinforcement Learning: Explicit Dual Ascent "
             "using Local Policy Updates")
    paper = by_title(seeds, title)
    assert (paper.date, paper.date_text, paper.n_authors) == (None, "May 9", 6)


def test_record_without_meta_lines_and_page_date_ignored(seeds: list[Paper]) -> None:
    medna = by_title(seeds, "MEDNA-DFM: A Dual-View FiLM-MoE Model for Explainable DNA "
                            "Methylation Prediction")
    assert (medna.date_text, medna.n_authors) == (None, None)
    assert medna.abstract.endswith("generation of biological hypotheses.")
    # "Aug 6" heads page 001 and belongs to no paper.
    noprop = by_title(seeds, "NoProp: Training Neural Networks without Back-propagation or "
                             "Forward-propagation")
    assert noprop.date_text is None
    assert noprop.sources[0].line == 13


def test_subscribe_glued_to_first_title_is_removed(seeds: list[Paper]) -> None:
    first = next(p for p in seeds if p.sources[0].file == str(SEED_004))
    assert first.title == "Is Independent Learning All You Need in the StarCraft Multi-Agent Challenge?"
    assert first.sources[0].line == 3
    assert first.abstract.startswith("Most recently developed approaches")
    assert not any(p.title.startswith("Subscribe") for p in seeds)


def test_page_without_blank_lines_pairs_titles_and_abstracts(seeds: list[Paper]) -> None:
    page = [p for p in seeds if p.sources[0].file == str(SEED_004)]
    assert [p.sources[0].line for p in page] == list(range(3, 241, 2))
    last = page[-1]
    assert last.title.startswith("GUI-G1: Understanding R1-Zero-Like Training")
    assert last.links == [Link("https://github.com/Yuqi-Zhou/GUI-G1", "repository")]


def test_links_found_in_seed_abstracts(seeds: list[Paper]) -> None:
    mdpo = by_title(seeds, "Mirror Descent Policy Optimization")
    assert mdpo.sources[0] == Source(str(SEED_003), 23)
    assert mdpo.links == [
        Link("https://github.com/manantomar/Mirror-Descent-Policy-Optimization", "repository")]
    dual = [p for p in seeds if p.title.startswith("Dual RL:")][0]
    assert dual.links == [Link("https://hari-sikchi.github.io/dual-rl", "project")]
    assert dual.abstract.endswith("can be found at this https://hari-sikchi.github.io/dual-rl.")
    craft = by_title(seeds, "CRAFT: Concept Recursive Activation FacTorization for Explainability")
    assert craft.links == [Link("https://github.com/deel-ai/Craft", "repository")]
    std = [p for p in seeds if p.title.startswith("STD-PLM")][0]
    assert std.links == [Link("https://anonymous.4open.science/r/STD-PLM-F3BA", "project")]


# --- the eval file and other formats ----------------------------------------------------------

def test_dev_jsonl_keeps_its_ids() -> None:
    papers, issues = read_all(DEV)
    expected = [json.loads(line)["id"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    assert issues == []
    assert [p.id for p in papers] == expected
    assert [p.sources[0].line for p in papers] == list(range(1, len(expected) + 1))


def write_lines(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_fields(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "papers.jsonl", [
        {"id": "x1", "title": "Alpha Net", "abstract": "We propose Alpha. Code: github.com/a/alpha.",
         "date": "2021-03-04", "authors": ["Ann Lee", "Bo Chen"], "url": "https://example.org/a"},
        {"title": "Beta Net", "abstract": "Beta is good.", "date": "May 9",
         "authors": "Ann Lee, Bo Chen and Cy Dee"},
    ])
    (alpha, beta), issues = read_all(path)
    assert issues == []
    assert (alpha.id, alpha.date, alpha.authors, alpha.n_authors) == (
        "x1", "2021-03-04", ["Ann Lee", "Bo Chen"], 2)
    assert alpha.url == "https://example.org/a"
    assert alpha.links == [Link("https://github.com/a/alpha", "repository")]
    assert beta.id == paper_id_for_title("Beta Net")
    assert (beta.date, beta.date_text) == (None, "May 9")
    assert beta.authors == ["Ann Lee", "Bo Chen", "Cy Dee"]
    assert beta.sources == [Source(str(path), 2)]


def test_arxiv_snapshot_records(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "arxiv-metadata.json", [
        {"id": "0704.0001", "submitter": "P. Balazs",
         "title": "Calculation of prompt diphoton\n  production cross sections",
         "abstract": "  A fully differential calculation\nin perturbative QCD is presented.\n",
         "categories": "hep-ph cs.LG", "update_date": "2008-11-13",
         "authors_parsed": [["Balázs", "C.", ""], ["Berger", "E. L.", ""], ["Yuan", "C. -P.", "Jr"]],
         "versions": [{"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
                      {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]},
        {"id": "2101.00002", "title": "Second", "abstract": "Text here.",
         "categories": "cs.CL", "update_date": "2021-01-05", "authors_parsed": []},
    ])
    (first, second), issues = read_all(path)
    assert issues == []
    assert first.id == "0704.0001"
    assert first.title == "Calculation of prompt diphoton production cross sections"
    assert first.abstract == "A fully differential calculation in perturbative QCD is presented."
    assert first.date == "2007-04-02"
    assert first.authors == ["C. Balázs", "E. L. Berger", "C. -P. Yuan Jr"]
    assert first.categories == ["hep-ph", "cs.LG"]
    assert first.url == "https://arxiv.org/abs/0704.0001"
    assert (second.date, second.authors, second.n_authors) == ("2021-01-05", [], None)


def test_csv_rows_with_multiline_cells_keep_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "papers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ID", "Title", "Abstract", "date", "authors", "n_authors"])
        writer.writerow(["", "Gamma", "First line.\nSecond line, with comma.", "Apr 16, 2018", "A; B",
                         ""])
        writer.writerow(["g2", "Delta", "Plain.", "", "", "7"])
    (gamma, delta), issues = read_all(path)
    assert issues == []
    assert gamma.abstract == "First line.\nSecond line, with comma."
    assert (gamma.id, gamma.date, gamma.authors) == (paper_id_for_title("Gamma"), "2018-04-16", ["A", "B"])
    assert [gamma.sources[0].line, delta.sources[0].line] == [2, 4]
    assert (delta.id, delta.n_authors, gamma.n_authors) == ("g2", 7, 2)


def test_format_is_sniffed_not_taken_from_extension(tmp_path: Path) -> None:
    jsonl = write_lines(tmp_path / "a.txt", [{"title": "T one", "abstract": "A one."}])
    tsv = tmp_path / "b.dat"
    tsv.write_text("title\tabstract\nT two\tA two.\n", encoding="utf-8")
    page = tmp_path / "c.json"
    page.write_text("Daily Papers\n\nT three\n\nThis abstract is long enough to be prose.\n",
                    encoding="utf-8")
    papers, issues = read_all(jsonl, tsv, page)
    assert issues == []
    assert [p.title for p in papers] == ["T one", "T two", "T three"]


def test_folder_is_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    write_lines(tmp_path / "b" / "c" / "2.jsonl", [{"title": "Two", "abstract": "x."}])
    write_lines(tmp_path / "b" / "1.jsonl", [{"title": "One", "abstract": "x."}])
    write_lines(tmp_path / "a.jsonl", [{"title": "Zero", "abstract": "x."}])
    write_lines(tmp_path / ".secret.jsonl", [{"title": "Hidden", "abstract": "x."}])
    write_lines(tmp_path / ".hidden" / "h.jsonl", [{"title": "Hidden too", "abstract": "x."}])
    papers, _ = read_all(tmp_path)
    assert [p.title for p in papers] == ["Zero", "One", "Two"]


def test_missing_path_fails_at_call_and_files_are_opened_lazily(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "p.jsonl", [{"title": "Lazy", "abstract": "x."}])
    with pytest.raises(InputError, match="no-such.jsonl"):
        read_papers([path, tmp_path / "no-such.jsonl"], lambda issue: None)
    issues: list[ReadIssue] = []
    stream = read_papers([path], issues.append)
    path.unlink()
    assert list(stream) == []
    assert [(i.line, i.fatal_for_file, "cannot be read" in i.message) for i in issues] == [
        (1, True, True)]


# --- bad input --------------------------------------------------------------------------------

def test_unknown_format_and_empty_file_are_reported(tmp_path: Path) -> None:
    good = write_lines(tmp_path / "good.jsonl", [{"title": "Kept", "abstract": "x."}])
    odd = tmp_path / "odd.txt"
    odd.write_text("\n\n<html><body>\n<p>hi</p>\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n  \n", encoding="utf-8")
    papers, issues = read_all(odd, empty, good)
    assert [p.title for p in papers] == ["Kept"]
    assert [(i.file, i.line, i.fatal_for_file) for i in issues] == [
        (str(odd), 3, True), (str(empty), 1, True)]
    assert "not a known format" in issues[0].message
    assert "empty" in issues[1].message
    assert str(issues[0]).startswith(f"{odd}:3: not a known format")


def test_page_record_without_abstract_is_skipped(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Daily Papers\n\n"
        "Good One\n\nThe first abstract has a few sentences. It is fine.\n\n"
        "  • 2 authors\n·\nMar 3, 2020\n\n"
        "Lost Its Abstract\n\n"
        "Good Two\nThe second abstract also reads like prose text.\n"
        "Lost Too\n  • 3 authors\n·\nMay 9\n"
        "Good Three\nThe third abstract closes the page, as prose does.\n"
        "Trailing Title\n",
        encoding="utf-8",
    )
    papers, issues = read_all(page)
    assert [p.title for p in papers] == ["Good One", "Good Two", "Good Three"]
    assert [(i.line, "no abstract" in i.message, i.fatal_for_file) for i in issues] == [
        (11, True, False), (15, True, False), (21, True, False)]
    assert papers[0].date == "2020-03-03"


def test_page_paragraph_without_title_is_skipped(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Daily Papers\n\nTitle A\n\nAbstract A is a proper sentence of prose text.\n\n"
        "An orphan paragraph whose title line went missing somewhere.\n\n"
        "Title B\n\nAbstract B is another proper sentence of prose text.\n",
        encoding="utf-8",
    )
    papers, issues = read_all(page)
    assert [p.title for p in papers] == ["Title A", "Title B"]
    assert [(i.line, "no title" in i.message) for i in issues] == [(7, True)]


def test_non_utf8_bytes_are_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    lines = [json.dumps({"title": t, "abstract": "x."}).encode() for t in ("One", "Two")]
    lines.insert(1, '{"title": "Caf\u00e9 \u00e9", "abstract": "y."}'.encode("latin-1"))
    path.write_bytes(b"\n".join(lines) + b"\n")
    papers, issues = read_all(path)
    assert [p.title for p in papers] == ["One", "Caf\ufffd \ufffd", "Two"]
    assert [(i.file, i.line, i.fatal_for_file) for i in issues] == [(str(path), 2, False)]
    assert "UTF-8" in issues[0].message


def test_bad_json_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"title": "One", "abstract": "x."}\n'
        '{"title": "Broken", "abstract": \n'
        '\n'
        '["not", "an", "object"]\n'
        '{"title": "No abstract"}\n'
        '{"title": "Two", "abstract": "x."}\n',
        encoding="utf-8",
    )
    papers, issues = read_all(path)
    assert [p.title for p in papers] == ["One", "Two"]
    assert [i.line for i in issues] == [2, 4, 5]
    assert "malformed JSON" in issues[0].message
    assert "not an object" in issues[1].message
    assert "no abstract" in issues[2].message


def test_csv_rows_missing_fields_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("title,abstract\nOne,x.\n,orphan abstract\nNo abstract,\nTwo,y.\n",
                    encoding="utf-8")
    papers, issues = read_all(path)
    assert [p.title for p in papers] == ["One", "", "Two"]
    assert papers[1].id == paper_id_for_title("orphan abstract")
    assert [(i.line, i.message) for i in issues] == [(4, "record has no abstract; skipped")]


def test_csv_field_of_any_size_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"title,abstract\nOne,x.\nHuge,{'y' * 200_000}\nTwo,z.\n", encoding="utf-8")
    papers, issues = read_all(path)
    assert [p.title for p in papers] == ["One", "Huge", "Two"]
    assert len(papers[1].abstract) == 200_000 and issues == []


def test_csv_without_abstract_column_is_fatal_for_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("title,summary\nOne,x.\n", encoding="utf-8")
    papers, issues = read_all(path)
    assert papers == []
    assert issues[0] == ReadIssue(str(path), 1, "CSV header has no abstract column (it has: title, summary); "
                                  "file skipped", True)


# --- merging ----------------------------------------------------------------------------------

def test_merge_keeps_richer_fields_and_unions_sources() -> None:
    a = Paper("p1", "T", "Short.", date=None, date_text="May 9", n_authors=6,
              links=[Link("https://github.com/a/b", "repository")], sources=[Source("a.txt", 3)])
    b = Paper("p1", "T", "A longer abstract.", date="2025-05-09", date_text="May 9, 2025",
              authors=["X", "Y"], url="https://arxiv.org/abs/1", categories=["cs.LG"],
              links=[Link("https://github.com/a/b", "repository"), Link("https://x.io", "project")],
              sources=[Source("b.jsonl", 1), Source("a.txt", 3)])
    merged = merge_papers(a, b)
    assert (merged.date, merged.date_text) == ("2025-05-09", "May 9, 2025")
    assert merged.abstract == "A longer abstract."
    assert (merged.authors, merged.n_authors, merged.url) == (["X", "Y"], 6, "https://arxiv.org/abs/1")
    assert merged.links == [Link("https://github.com/a/b", "repository"), Link("https://x.io", "project")]
    assert merged.sources == [Source("a.txt", 3), Source("b.jsonl", 1)]
    assert merge_papers(b, a).date == "2025-05-09"


def test_seed_duplicates_merge_into_one_paper_with_both_sources(seeds: list[Paper]) -> None:
    merged: dict[str, Paper] = {}
    for paper in seeds:
        merged[paper.id] = merge_papers(merged[paper.id], paper) if paper.id in merged else paper
    assert len(merged) == 312
    policy = merged[paper_id_for_title("Policy Gradient-Driven Noise Mask")]
    assert len(policy.sources) == 2
    assert (policy.date, policy.n_authors) == ("2024-04-29", 2)


def test_gzipped_json_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "2101.1", "title": "Zipped", "abstract": "In\na zip.",
                                 "update_date": "2021-01-05"}) + "\n")
    [paper], issues = read_all(path)
    assert issues == []
    assert (paper.id, paper.abstract, paper.date) == ("2101.1", "In a zip.", "2021-01-05")


def test_file_without_any_record_is_reported_once(tmp_path: Path) -> None:
    page = tmp_path / "headers-only.txt"
    page.write_text("new\n\nDaily Papers\n\nJun 18\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\n{"title": "y", "abstract": " "}\n', encoding="utf-8")
    papers, issues = read_all(page, bad)
    assert papers == []
    assert [(Path(i.file).name, i.line, i.fatal_for_file) for i in issues] == [
        ("headers-only.txt", 1, True), ("bad.jsonl", 1, False), ("bad.jsonl", 2, False),
        ("bad.jsonl", 1, True)]
    assert issues[0].message == "no paper records found"


def test_arxiv_record_without_abstract_is_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "arxiv.json", [
        {"id": "1", "title": "No abstract", "abstract": " \n ", "update_date": "2020-01-01"},
        {"id": "2", "title": "Fine", "abstract": "Text.", "update_date": "2020-01-02"},
    ])
    papers, issues = read_all(path)
    assert [p.id for p in papers] == ["2"]
    assert [(i.line, i.message) for i in issues] == [(1, "arXiv record has no abstract; skipped")]


def test_links_in_any_case_and_only_real_urls() -> None:
    text = ("Code at GitHub.com/Owner/Repo, demo HTTPS://Example.org/X) (see "
            "https://en.wikipedia.org/wiki/A_(b)). Mail me@github.com/a/b, this https URL, e.g. "
            "nothing; page hf.github.io/p/ and https://huggingface.co/datasets/o/d!")
    assert extract_links(text) == [
        Link("https://GitHub.com/Owner/Repo", "repository"),
        Link("HTTPS://Example.org/X", "project"),
        Link("https://en.wikipedia.org/wiki/A_(b)", "project"),
        Link("https://hf.github.io/p/", "project"),
        Link("https://huggingface.co/datasets/o/d", "repository"),
    ]


def test_csv_rows_that_start_like_json_stay_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "braces.csv"
    path.write_text('title,abstract\n{,0\n"{x}","{""a"": 1}"\n', encoding="utf-8")
    papers, issues = read_all(path)
    assert issues == []
    assert [(p.title, p.abstract) for p in papers] == [("{", "0"), ("{x}", '{"a": 1}')]
