"""Turn the date texts and arXiv ids inputs give into ISO dates, never inventing a missing year.

A date is ISO 8601, as precise as the input: "2025-06-03", "2025-06" (an arXiv id, or an input
giving year and month) or "2025". A text without a year ("May 9") gives no date at all.
"""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
# "2025-06-03", "2025-06-03T10:00:00Z", "2025/06/03", and the partial "2025-06", "2025/06", "2025"
_ISO = re.compile(r"^(?P<year>\d{4})(?:(?P<sep>[-/])(?P<month>\d{1,2})"
                  r"(?:(?P=sep)(?P<day>\d{1,2})(?:[T ].*)?)?)?$")
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?$")
# "16 Apr 2018" and arXiv's "Mon, 2 Apr 2007 19:18:42 GMT"
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:[A-Za-z]{{3}},\s*)?(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})(?:\s.*)?$"
)
# "June 2025", "Jun. 2025", "Jun, 2025"
_MONTH_YEAR = re.compile(rf"^{_MONTH},?\s+(?P<year>\d{{4}})$")
PAGE_DATE = re.compile(rf"^{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?$")

# arXiv identifiers, bare or as "arXiv:ID" or an arxiv.org/abs|pdf URL. New style (April 2007 on):
# YYMM.NNNN (to December 2014) or YYMM.NNNNN (from January 2015), with an optional version.
# Old style (August 1991 to March 2007): archive[.SUBJECT]/YYMMNNN, e.g. cs/0601001, math.AG/0601001.
_ARXIV_PREFIX = r"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?"
_ARXIV_NEW = re.compile(_ARXIV_PREFIX + r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<number>\d{4,5})(?:v\d+)?(?:\.pdf)?$", re.I)
_ARXIV_OLD = re.compile(_ARXIV_PREFIX + r"[a-z][a-z-]*(?:\.[a-z]{2})?/(?P<yy>\d{2})(?P<mm>\d{2})\d{3}"
                        r"(?:v\d+)?(?:\.pdf)?$", re.I)


def is_date_line(text: str) -> bool:
    """True for a bare month-day date line such as "May 9" or "Apr 16, 2018"."""
    match = PAGE_DATE.match(text.strip())
    return bool(match) and match.group("month").lower() in _MONTHS


def parse_date(text: str | None) -> str | None:
    """The ISO date a date text names, as precise as it is, or None when it names no year.

    >>> parse_date("Apr 16, 2018"), parse_date("2025-06"), parse_date("June 2025"), parse_date("2025")
    ('2018-04-16', '2025-06', '2025-06', '2025')
    >>> parse_date("May 9") is None
    True
    """
    if not text:
        return None
    text = text.strip()
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR, _MONTH_YEAR):
        match = pattern.match(text)
        if match and match.group("year"):
            parts = match.groupdict()
            return _iso(match.group("year"), parts.get("month"), parts.get("day"))
    return None


def arxiv_date(identifier: str | None) -> str | None:
    """"YYYY-MM", the month an arXiv identifier was issued in, or None for anything else.

    >>> arxiv_date("arxiv:2506.01234"), arxiv_date("1706.03762v5"), arxiv_date("cs/0601001")
    ('2025-06', '2017-06', '2006-01')
    """
    if not identifier:
        return None
    text = identifier.strip()
    new = _ARXIV_NEW.match(text)
    if new:
        yymm = new.group("yy") + new.group("mm")
        # four-digit numbers until 1412, five from 1501; the scheme began in April 2007
        if yymm < "0704" or (len(new.group("number")) == 5) != (yymm >= "1501"):
            return None
        return _iso("20" + new.group("yy"), new.group("mm"), None)
    old = _ARXIV_OLD.match(text)
    if old:
        yy = old.group("yy")
        century = "19" if yy >= "91" else "20"
        yymm = century + yy + old.group("mm")
        if not "199108" <= yymm <= "200703":
            return None
        return _iso(century + yy, old.group("mm"), None)
    return None


def paper_date(date_text: str | None, *identifiers: str | None) -> str | None:
    """A paper's ISO date: from its date text when that names a year, else from the first of
    its identifiers (id, URL) that is an arXiv identifier, else None."""
    found = parse_date(date_text)
    for identifier in identifiers:
        if found:
            break
        found = arxiv_date(identifier)
    return found


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    """"YYYY", "YYYY-MM" or "YYYY-MM-DD", or None when the month or day does not exist."""
    if int(year) < 1:
        return None
    if month is None:
        return f"{int(year):04d}"
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if month_number is None or not 1 <= month_number <= 12:
        return None
    if day is None:
        return f"{int(year):04d}-{month_number:02d}"
    try:
        return dt.date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None
