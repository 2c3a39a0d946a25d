"""Dates: full and partial ISO dates, month names and arXiv ids give a year and month; nothing else does."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import Paper
from kg.read import read_papers
from kg.read.dates import arxiv_date, paper_date, parse_date
from kg.read.merge import merge_papers

SETTINGS = settings(max_examples=200, deadline=None)
ISO_SHAPE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))


@SETTINGS
@given(days)
def test_full_and_partial_iso_dates_keep_what_they_give(day: dt.date) -> None:
    iso = day.isoformat()
    assert parse_date(iso) == iso
    assert parse_date(f"{iso}T12:30:00Z") == iso
    assert parse_date(iso.replace("-", "/")) == iso
    assert parse_date(iso[:7]) == iso[:7]
    assert parse_date(f"{day.year}-{day.month}") == iso[:7]  # "2025-6"
    assert parse_date(iso[:4]) == iso[:4]


@SETTINGS
@given(days, st.booleans())
def test_month_names_with_a_year_give_the_month(day: dt.date, short: bool) -> None:
    name = MONTHS[day.month - 1][:3] if short else MONTHS[day.month - 1]
    assert parse_date(f"{name} {day.year}") == day.isoformat()[:7]
    assert parse_date(f"{name} {day.day}, {day.year}") == day.isoformat()
    assert parse_date(f"{day.day} {name} {day.year}") == day.isoformat()
    assert parse_date(f"{name} {day.day}") is None  # no year: never guessed


@SETTINGS
@given(st.text())
def test_a_date_is_iso_as_precise_as_given_and_parses_to_itself(text: str) -> None:
    found = parse_date(text)
    if found is not None:
        assert ISO_SHAPE.match(found)
        assert parse_date(found) == found
        # a real day of a real month
        year, month, day = (int(part) for part in (found + "-01-01")[:10].split("-"))
        dt.date(year, month, day)


@SETTINGS
@given(st.text().filter(lambda t: not re.search(r"\d{4}", t)))
def test_no_year_in_the_text_gives_no_date(text: str) -> None:
    assert parse_date(text) is None


@SETTINGS
@given(st.integers(2007, 2099), st.integers(1, 12), st.integers(1, 99999), st.integers(0, 9),
       st.sampled_from(["", "arxiv:", "arXiv:", "https://arxiv.org/abs/", "http://export.arxiv.org/pdf/"]))
def test_new_style_arxiv_ids_give_year_and_month(year: int, month: int, number: int, version: int,
                                                  prefix: str) -> None:
    yymm = f"{year % 100:02d}{month:02d}"
    width = 5 if yymm >= "1501" else 4
    arxiv_id = f"{prefix}{yymm}.{number % 10 ** width:0{width}d}{f'v{version}' if version else ''}"
    expected = None if (year, month) < (2007, 4) else f"{year}-{month:02d}"
    assert arxiv_date(arxiv_id) == expected
    assert paper_date(None, None, arxiv_id) == expected


@SETTINGS
@given(st.sampled_from(["cs", "math", "hep-th", "cond-mat", "math.AG", "physics"]),
       st.integers(1991, 2007), st.integers(1, 12), st.integers(1, 999))
def test_old_style_arxiv_ids_give_year_and_month(archive: str, year: int, month: int, number: int) -> None:
    arxiv_id = f"{archive}/{year % 100:02d}{month:02d}{number:03d}"
    in_use = (1991, 8) <= (year, month) <= (2007, 3)
    assert arxiv_date(arxiv_id) == (f"{year}-{month:02d}" if in_use else None)


@pytest.mark.parametrize("text", ["2513.01234", "2506.1234", "1412.12345", "0612.1234", "cs/0613001",
                                  "p0123456789ab", "10.1145/3292500", "2506.01234.5", "", "2025-13",
                                  "2025-02-30", "0000"])
def test_what_is_not_a_real_arxiv_id_or_date_gives_none(text: str) -> None:
    assert arxiv_date(text) is None and parse_date(text) is None


def test_the_date_text_wins_over_the_id_and_a_yearless_text_falls_back_to_it() -> None:
    assert paper_date("2025-06-03", "arxiv:2506.01234") == "2025-06-03"
    assert paper_date("May 9", "arxiv:2505.01234") == "2025-05"
    assert paper_date("May 9", "p0123456789ab", None) is None
    assert paper_date(None, None, "https://arxiv.org/abs/2401.00001v2") == "2024-01"


def test_paper_year_and_month_follow_the_date() -> None:
    def paper(date: str | None) -> Paper:
        return Paper("p", "T", "A.", date=date)
    assert [(paper(d).year, paper(d).month) for d in ("2025-06-03", "2025-06", "2025", None)] == [
        (2025, 6), (2025, 6), (2025, None), (None, None)]


def test_merging_keeps_the_more_precise_date() -> None:
    rough = Paper("p", "T", "A.", date="2025-06", date_text="2025-06")
    exact = Paper("p", "T", "A.", date="2025-06-03", date_text="Jun 3, 2025")
    assert merge_papers(rough, exact).date == merge_papers(exact, rough).date == "2025-06-03"


def test_json_lines_with_partial_dates_and_arxiv_ids_are_dated(tmp_path: Path) -> None:
    rows = [{"id": "arxiv:2506.01234", "title": "A", "abstract": "Alpha.", "date": "2025-06"},
            {"id": "2503.04321", "title": "B", "abstract": "Beta."},
            {"id": "cs/0601001", "title": "C", "abstract": "Gamma.", "date": "May 9"},
            {"title": "D", "abstract": "Delta.", "date": "2024"},
            {"title": "E", "abstract": "Epsilon.", "date": "May 9"}]
    path = tmp_path / "papers.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    papers = list(read_papers([path], lambda issue: None))
    assert [(p.date, p.year, p.month, p.date_text) for p in papers] == [
        ("2025-06", 2025, 6, "2025-06"), ("2025-03", 2025, 3, None), ("2006-01", 2006, 1, "May 9"),
        ("2024", 2024, None, "2024"), (None, None, None, "May 9")]
