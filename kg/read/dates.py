"""Turn the date texts inputs give into ISO dates, never inventing a missing year."""
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
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ].*)?$")
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?$")
# "16 Apr 2018" and arXiv's "Mon, 2 Apr 2007 19:18:42 GMT"
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:[A-Za-z]{{3}},\s*)?(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})(?:\s.*)?$"
)
PAGE_DATE = re.compile(rf"^{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?$")


def is_date_line(text: str) -> bool:
    """True for a bare month-day date line such as "May 9" or "Apr 16, 2018"."""
    match = PAGE_DATE.match(text.strip())
    return bool(match) and match.group("month").lower() in _MONTHS


def parse_date(text: str | None) -> str | None:
    """ISO "YYYY-MM-DD" for a date text that names a year, month and day; else None."""
    if not text:
        return None
    text = text.strip()
    for pattern in (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.match(text)
        if match and match.group("year"):
            return _iso(match.group("year"), match.group("month"), match.group("day"))
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        return dt.date(int(year), month_number, int(day)).isoformat()
    except ValueError:
        return None
