"""Property tests: round trips through every format, stable ids, page parsing, links, dates."""
from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.model import Paper
from kg.read import ReadIssue, paper_id_for_title, read_papers
from kg.read.dates import is_date_line, parse_date
from kg.read.hf_pages import is_header
from kg.read.links import extract_links

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

any_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(str.strip)
word = st.text(string.ascii_letters + string.digits, min_size=1, max_size=10)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@st.composite
def titles(draw: st.DrawFn) -> str:
    first = draw(st.sampled_from(string.ascii_uppercase)) + draw(word)
    rest = draw(st.lists(st.tuples(word, st.sampled_from([" ", ": ", " - ", "? "])), max_size=10))
    title = first + "".join(sep + w for w, sep in rest)
    assume(not is_header(title) and not is_date_line(title) and not title.startswith("Subscribe"))
    return title


@st.composite
def abstracts(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(st.lists(word, min_size=8, max_size=20), min_size=1, max_size=5))
    text = " ".join(" ".join(s).capitalize() + "." for s in sentences)
    if draw(st.booleans()):
        text += f" Code is at https://github.com/{draw(word)}/{draw(word)}."
    return text


@st.composite
def dates(draw: st.DrawFn) -> str:
    month, day = draw(st.sampled_from(MONTHS)), draw(st.integers(1, 28))
    year = draw(st.none() | st.integers(1990, 2030))
    return f"{month} {day}" if year is None else f"{month} {day}, {year}"


records = st.lists(
    st.tuples(titles(), abstracts(), st.none() | st.integers(1, 40), st.none() | dates()),
    min_size=1, max_size=8,
)


def read_file(path: Path) -> tuple[list[Paper], list[ReadIssue]]:
    issues: list[ReadIssue] = []
    return list(read_papers([path], issues.append)), issues


def write_jsonl(path: Path, rows: list[dict[str, str]], ascii_only: bool = True) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "abstract"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def render_page(rows: list[tuple[str, str, int | None, str | None]], gaps: list[int],
                header: bool, glued: bool) -> tuple[str, list[int]]:
    """A page in the saved-text layout, and the line each record's title lands on."""
    lines: list[str] = []
    gap_iter = iter(gaps)

    def add(text: str) -> None:
        if lines:
            lines.extend([""] * next(gap_iter, 1))
        lines.append(text)

    if header:
        for text in ("new", "Get trending papers in your email inbox!", "Daily Papers", "Jun 18"):
            add(text)
        if not glued:
            add("Subscribe")
    starts = []
    for index, (title, abstract, n_authors, date_text) in enumerate(rows):
        if index == 0 and glued:
            lines.append("Subscribe" + title)
        else:
            add(title)
        starts.append(len(lines))
        add(abstract)
        if n_authors is not None:
            add(f"  • {n_authors} authors")
            add("·")
        if date_text is not None:
            add(date_text)
    return "\n".join(lines) + "\n", starts


@SETTINGS
@given(rows=st.lists(st.tuples(any_text, any_text), min_size=1, max_size=5), ascii_only=st.booleans())
def test_jsonl_round_trips_any_title_and_abstract(tmp_path: Path, rows, ascii_only: bool) -> None:
    path = write_jsonl(tmp_path / "rt.jsonl",
                       [{"title": t, "abstract": a} for t, a in rows], ascii_only)
    papers, issues = read_file(path)
    assert issues == []
    assert [(p.title, p.abstract) for p in papers] == rows
    assert [p.id for p in papers] == [paper_id_for_title(t) for t, _ in rows]


@SETTINGS
@given(rows=st.lists(st.tuples(any_text, any_text), min_size=1, max_size=5))
def test_csv_round_trips_any_title_and_abstract(tmp_path: Path, rows) -> None:
    path = write_csv(tmp_path / "rt.csv", [{"title": t, "abstract": a} for t, a in rows])
    papers, issues = read_file(path)
    assert issues == []
    assert [(p.title, p.abstract) for p in papers] == rows


@SETTINGS
@given(words=st.lists(word, min_size=1, max_size=8),
       seps=st.lists(st.sampled_from([" ", "  ", "-", ": ", " — ", "_", "\t", ", "]), min_size=8,
                     max_size=8),
       upper=st.booleans())
def test_ids_ignore_case_and_punctuation(words: list[str], seps: list[str], upper: bool) -> None:
    plain = " ".join(words)
    noisy = "".join(w + s for w, s in zip(words, seps))
    noisy = noisy.upper() if upper else noisy
    assert paper_id_for_title(noisy) == paper_id_for_title(plain)
    assert paper_id_for_title(plain).startswith("p") and len(paper_id_for_title(plain)) == 13


@SETTINGS
@given(rows=records)
def test_ids_do_not_depend_on_the_format(tmp_path: Path, rows) -> None:
    fields = [{"title": t, "abstract": a} for t, a, _, _ in rows]
    page, _ = render_page(rows, [1] * 100, header=True, glued=False)
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    ids = [[p.id for p in read_file(path)[0]] for path in (
        write_jsonl(tmp_path / "p.jsonl", fields),
        write_csv(tmp_path / "p.csv", fields),
        tmp_path / "page.txt",
    )]
    assert ids[0] == ids[1] == ids[2] == [paper_id_for_title(t) for t, _, _, _ in rows]


@SETTINGS
@given(rows=records, gaps=st.lists(st.integers(0, 3), max_size=60), header=st.booleans(),
       glued=st.booleans())
def test_page_parser_recovers_generated_records(tmp_path: Path, rows, gaps: list[int],
                                                header: bool, glued: bool) -> None:
    page, starts = render_page(rows, gaps, header, glued)
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    papers, issues = read_file(path)
    assert issues == []
    assert [(p.title, p.abstract, p.n_authors, p.date_text) for p in papers] == rows
    assert [p.sources[0].line for p in papers] == starts
    for paper, (_, _, _, date_text) in zip(papers, rows):
        assert (paper.date is not None) == ("," in (date_text or ""))


@SETTINGS
@given(owner=word, repo=word, tail=st.sampled_from(["", ".", ",", ")", ".)", ";", "!", ":"]),
       scheme=st.sampled_from(["https://", "http://", ""]))
def test_repository_links_lose_only_trailing_punctuation(owner: str, repo: str, tail: str,
                                                         scheme: str) -> None:
    url = f"{scheme}github.com/{owner}/{repo}"
    [link] = extract_links(f"Code (see {url}{tail} now) and https URL.")
    assert link.url == (url if scheme else "https://" + url)
    assert link.kind == "repository"


@SETTINGS
@given(year=st.integers(1900, 2100), month=st.integers(1, 12), day=st.integers(1, 28))
def test_dates_parse_only_with_a_year(year: int, month: int, day: int) -> None:
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    name = MONTHS[month - 1]
    assert parse_date(f"{name} {day}, {year}") == iso
    assert parse_date(f"{day} {name} {year}") == iso
    assert parse_date(iso) == iso
    assert parse_date(f"{name} {day}") is None
