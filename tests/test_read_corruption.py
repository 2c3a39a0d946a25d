"""Property tests: every good record survives corrupted lines, other encodings, line endings, cut archives."""
from __future__ import annotations

import csv
import gzip
import io
import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import Paper
from kg.read import ReadIssue, read_papers

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

word = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
# Text with any character a line may hold (no line breaks, no surrogates), and junk bytes.
line_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"),
                    min_size=1, max_size=40)
junk_bytes = st.binary(min_size=1, max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b)
good = st.lists(st.tuples(st.lists(word, min_size=1, max_size=6).map(" ".join),
                          st.lists(word, min_size=3, max_size=15).map(lambda w: " ".join(w) + ".")),
                min_size=1, max_size=8, unique_by=lambda r: r[0].lower())
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])


def read_file(path: Path) -> tuple[list[Paper], list[ReadIssue]]:
    issues: list[ReadIssue] = []
    return list(read_papers([path], issues.append)), issues


def interleave(records: list[str], junk: list[str], positions: list[int]) -> list[str]:
    """The record lines with each junk line inserted before the record at its position."""
    lines = list(records)
    for text, at in sorted(zip(junk, positions), key=lambda pair: -pair[1]):
        lines.insert(min(at, len(lines)), text)
    return lines


def kept(papers: list[Paper], rows: list[tuple[str, str]]) -> bool:
    found = {(p.title, p.abstract) for p in papers}
    return all(row in found for row in rows)


@SETTINGS
@given(rows=good, junk=st.lists(line_text, max_size=4), positions=st.lists(st.integers(0, 8), min_size=4),
       ending=ENDINGS, encoding=ENCODINGS)
def test_jsonl_keeps_every_good_record(tmp_path: Path, rows, junk, positions, ending, encoding) -> None:
    records = [json.dumps({"title": t, "abstract": a}, ensure_ascii=False) for t, a in rows]
    text = ending.join(interleave(records, junk, positions)) + ending
    path = tmp_path / "in.jsonl"
    path.write_bytes(text.encode(encoding))
    papers, _ = read_file(path)
    assert kept(papers, rows)


@SETTINGS
@given(rows=good, junk=st.lists(junk_bytes, max_size=4), positions=st.lists(st.integers(0, 8), min_size=4))
def test_jsonl_keeps_good_records_around_junk_bytes_even_first(tmp_path: Path, rows, junk, positions) -> None:
    records = [json.dumps({"title": t, "abstract": a}).encode() for t, a in rows]
    lines = [b'tle": "cut off"}'] + interleave(records, junk, positions)  # a broken first line, no extension
    path = tmp_path / "in"
    path.write_bytes(b"\n".join(lines) + b"\n")
    papers, issues = read_file(path)
    assert kept(papers, rows)
    assert all(issue.file == str(path) for issue in issues)


@SETTINGS
@given(rows=good, junk=st.lists(line_text.map(lambda t: t.replace('"', "").replace(",", "")).filter(str.strip),
                                max_size=4),
       positions=st.lists(st.integers(1, 8), min_size=4), ending=ENDINGS, encoding=ENCODINGS,
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_csv_keeps_every_good_record(tmp_path: Path, rows, junk, positions, ending, encoding, delimiter) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["title", "abstract"])
    writer.writerows(rows)
    lines = buffer.getvalue().splitlines()
    junk = [j.replace(delimiter, "") or "x" for j in junk]
    text = ending.join([lines[0]] + interleave(lines[1:], junk, [p - 1 for p in positions])) + ending
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    papers, _ = read_file(path)
    assert kept(papers, rows)


@SETTINGS
@given(rows=good, ending=ENDINGS, encoding=ENCODINGS)
def test_pages_read_in_any_encoding_and_line_ending(tmp_path: Path, rows, ending, encoding) -> None:
    lines = ["Daily Papers", ""]
    for title, abstract in rows:
        lines += [title.capitalize(), "", f"{abstract} " * 3 + "This sentence makes the abstract read as prose.", ""]
    path = tmp_path / "page.txt"
    path.write_bytes(ending.join(lines).encode(encoding))
    papers, issues = read_file(path)
    assert [p.title for p in papers] == [t.capitalize() for t, _ in rows]
    assert issues == []


@SETTINGS
@given(n=st.integers(50, 400), cut=st.floats(0.05, 0.95))
def test_cut_archive_keeps_the_records_before_the_cut(tmp_path: Path, n: int, cut: float) -> None:
    rows = [{"title": f"Paper {i}", "abstract": f"Abstract {i} of a paper on {i % 7} things."} for i in range(n)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode(), mtime=0)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[:max(12, int(len(whole) * cut))])
    papers, issues = read_file(path)
    assert [p.title for p in papers] == [r["title"] for r in rows[:len(papers)]]
    assert len(issues) == 1 and "archive" in issues[0].message
    assert (f"the {len(papers)} records before it were kept" in issues[0].message) == bool(papers)
