"""Papers per entity per year, and which entities rise or fall; undated papers are counted, never placed."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, table
from kg.analyse.plots import count_panels, has_points, line_panels
from kg.schema import ENTITY_TYPES

UNDATED = "undated"
MIN_PAPERS = 3  # dated papers an entity needs before it is called rising or falling
SUMMARY_COLUMNS = ["entity_id", "name", "type", "dated_papers", "undated_papers", "early_share",
                   "late_share", "change", "slope"]


@dataclass
class Trends:
    """Per-year counts, per-entity rise/fall, and how many papers had no year."""

    years: pd.DataFrame  # year ("undated" last), papers
    per_year: pd.DataFrame  # entity_id, name, type, year, papers (dated papers only)
    summary: pd.DataFrame  # SUMMARY_COLUMNS, rising first
    split_year: int | None  # first year of the late half; None with fewer than two years
    undated: int

    def rising(self, top: int) -> pd.DataFrame:
        """Entities whose share of papers grew most from the early to the late half."""
        return self.summary[self.summary["change"] > 0].head(top)

    def falling(self, top: int) -> pd.DataFrame:
        """Entities whose share of papers shrank most."""
        return self.summary[self.summary["change"] < 0].sort_values(
            ["change", "entity_id"], ascending=[True, True]).head(top)


def paper_years(corpus: Corpus) -> dict[str, int]:
    """Year of each paper that has one; the graph sets `year` only when the input gave it."""
    return {p: int(d["year"]) for p, d in corpus.papers.items() if d.get("year") is not None}


_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?$")
MAX_YEARS_BY_MONTH = 4  # spans up to this many years are charted by month, longer ones by year
TREND_LINES = 5  # entities of each type in the trend chart
THIN_PERIOD = 0.1  # periods with under this share of the mean period's papers are left out of the charts


def year_month(data: dict) -> tuple[int | None, int | None]:
    """A paper's year and month when known: `year` and `month` properties, else read from an
    ISO `date` or a `date_text` such as "2025-03" (which names its year; "May 9" gives nothing)."""
    year, month = data.get("year"), data.get("month")
    for text in (data.get("date"), data.get("date_text")):
        found = _YEAR_MONTH.match(str(text or "").strip())
        if found and (year is None or int(found.group(1)) == int(year)):
            year = int(found.group(1)) if year is None else year
            month = month if month is not None else int(found.group(2))
            break
    return (int(year) if year is not None else None,
            int(month) if month is not None and 1 <= int(month) <= 12 else None)


def paper_periods(corpus: Corpus) -> tuple[dict[str, str], str]:
    """Each dated paper's period, "2025-03" when most dated papers give a month and they span at most
    MAX_YEARS_BY_MONTH years, else "2025"; and which ("month" or "year"). Papers without one are left out.

    >>> from kg.analyse.example import example_graph
    >>> paper_periods(Corpus.from_graph(example_graph()))
    ({'p1': '2019', 'p2': '2020', 'p3': '2023'}, 'year')
    """
    known = {p: year_month(d) for p, d in corpus.papers.items()}
    dated = {p: ym for p, ym in known.items() if ym[0] is not None}
    per_year = Counter(y for y, _ in dated.values())
    years = {y for y, n in per_year.items() if not thin(n, len(dated), len(per_year))} or set(per_year)
    with_month = sum(m is not None for _, m in dated.values())
    if dated and 2 * with_month >= len(dated) and max(years) - min(years) < MAX_YEARS_BY_MONTH:
        return {p: f"{y}-{m:02d}" for p, (y, m) in sorted(dated.items()) if m is not None}, "month"
    return {p: str(y) for p, (y, _) in sorted(dated.items())}, "year"


def thin(papers: int, dated: int, periods: int) -> bool:
    """Whether a period holds too few papers, against the mean of the `periods` that share `dated`
    papers, for its shares to mean anything (a stray 2019 paper in a 2025 corpus would otherwise
    show as 100% of its year)."""
    return papers < THIN_PERIOD * dated / max(periods, 1)


def top_entity_trends(corpus: Corpus, lines: int = TREND_LINES
                      ) -> tuple[dict[str, dict[str, list[tuple[str, float]]]], str, int]:
    """Per entity type, the `lines` most-studied entities' share (%) of each period's papers; the
    period kind ("month" or "year") and how many papers have no period."""
    period_of, kind = paper_periods(corpus)
    totals = Counter(period_of.values())
    periods = sorted(q for q in totals if not thin(totals[q], len(period_of), len(totals)))
    period_of = {p: q for p, q in period_of.items() if q in periods}
    panels: dict[str, dict[str, list[tuple[str, float]]]] = {}
    if len(periods) < 2:
        return panels, kind, len(corpus.papers) - len(period_of)
    for etype in ENTITY_TYPES:
        ranked = sorted((e for e in corpus.entities if corpus.entity_type(e) == etype),
                        key=lambda e: (-corpus.n_papers(e), e))[:lines]
        series = {}
        for entity in ranked:
            counts = Counter(period_of[p] for p in corpus.entity_papers.get(entity, ()) if p in period_of)
            series[corpus.name(entity)] = [(q, round(100 * counts[q] / totals[q], 2)) for q in periods]
        if series:
            panels[f"{etype}s"] = series
    return panels, kind, len(corpus.papers) - len(period_of)


def split_year(per_year: Counter[int]) -> int | None:
    """The year starting the late half, chosen to balance papers between halves."""
    years = sorted(per_year)
    if len(years) < 2:
        return None
    total = sum(per_year.values())
    early = np.cumsum([per_year[y] for y in years])[:-1]
    best = int(np.argmin(np.abs(total - 2 * early)))
    return years[best + 1]


def _summary_row(corpus: Corpus, entity: str, counts: Counter[int], undated: int,
                 per_year: Counter[int], cut: int) -> tuple:
    """Share of each half's papers that link the entity, its change, and the slope of yearly share."""
    early_total = sum(n for y, n in per_year.items() if y < cut)
    late_total = sum(n for y, n in per_year.items() if y >= cut)
    early = sum(n for y, n in counts.items() if y < cut) / early_total
    late = sum(n for y, n in counts.items() if y >= cut) / late_total
    years = sorted(per_year)
    slope = float(np.polyfit(years, [counts[y] / per_year[y] for y in years], 1)[0])
    return (entity, corpus.name(entity), corpus.entity_type(entity), sum(counts.values()), undated,
            early, late, late - early, slope)


def trends(source: nx.MultiDiGraph | Corpus, min_papers: int = MIN_PAPERS) -> Trends:
    """Papers per year, per entity and year, and which entities rise or fall.

    The dated papers are cut into an early and a late half of about equal size (`split_year`);
    an entity's change is its share of the late half's papers minus its share of the early
    half's. Papers whose input gave no year are counted as undated, never placed in a year.

    Parameters
    ----------
    source : nx.MultiDiGraph or Corpus
        A graph in the contract format, or its Corpus index.
    min_papers : int
        Dated papers an entity needs before it is judged rising or falling.

    Returns
    -------
    Trends
        `years` (papers per year, "undated" last), `per_year` (papers per entity and year),
        `summary` (shares, change and yearly slope per entity, rising first), `split_year`
        and the number of `undated` papers.

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> found = trends(example_graph(), min_papers=2)
    >>> found.years.values.tolist()
    [['2019', 1], ['2020', 1], ['2023', 1], ['undated', 1]]
    >>> found.split_year, found.undated
    (2020, 1)
    >>> found.falling(1)[["name", "early_share", "late_share", "change"]].values.tolist()
    [['MuJoCo', 1.0, 0.5, -0.5]]
    """
    corpus = as_corpus(source)
    year_of = paper_years(corpus)
    per_year = Counter(year_of.values())
    undated = len(corpus.papers) - len(year_of)
    years = pd.DataFrame([*((str(y), per_year[y]) for y in sorted(per_year)), (UNDATED, undated)],
                         columns=["year", "papers"])
    cut = split_year(per_year)
    counts_rows, summary_rows = [], []
    for entity in sorted(corpus.entity_papers):
        papers = corpus.entity_papers[entity]
        counts = Counter(year_of[p] for p in papers if p in year_of)
        counts_rows += [(entity, corpus.name(entity), corpus.entity_type(entity), y, counts[y]) for y in sorted(counts)]
        if cut is not None and sum(counts.values()) >= min_papers:
            summary_rows.append(_summary_row(corpus, entity, counts, len(papers) - sum(counts.values()),
                                             per_year, cut))
    summary = pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS).sort_values(
        ["change", "entity_id"], ascending=[False, True], ignore_index=True)
    per_entity = pd.DataFrame(counts_rows, columns=["entity_id", "name", "type", "year", "papers"])
    return Trends(years, per_entity, summary, cut, undated)


def _share_series(found: Trends, rows: pd.DataFrame) -> dict[str, list[tuple[int, float]]]:
    """Yearly share of dated papers for each entity in `rows`."""
    totals = {int(y): n for y, n in found.years.itertuples(index=False) if y != UNDATED}
    series = {}
    for entity, name in zip(rows["entity_id"], rows["name"]):
        counts = found.per_year[found.per_year["entity_id"] == entity].set_index("year")["papers"]
        series[name] = [(y, counts.get(y, 0) / n) for y, n in sorted(totals.items())]
    return series


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write the trend CSVs and trends.png; the report's Markdown section."""
    found = trends(corpus)
    found.years.to_csv(assets.path("papers_per_year.csv"), index=False)
    found.per_year.to_csv(assets.path("trends_per_year.csv"), index=False)
    found.summary.to_csv(assets.path("trends.csv"), index=False)
    dated = len(corpus.papers) - found.undated
    panels, kind, no_period = top_entity_trends(corpus)
    top_plot = []
    if panels and has_points({t: {n: [(0, v) for _, v in pts] for n, pts in s.items()} for t, s in panels.items()}):
        count_panels(panels, assets.path("trends_top.png"), f"% of that {kind}'s papers")
        top_plot = [f"The {TREND_LINES} most-studied entities of each type, by {kind} (share of that "
                    f"{kind}'s papers naming them; {no_period} papers without a {kind} left out):\n",
                    assets.image(f"the most-studied entities by {kind}", "trends_top.png")]
    parts = ["## Trends\n", *top_plot,
             f"{dated} papers have a year; {found.undated} are undated (the input gave no year, "
             "e.g. \"May 9\") and are left out of every yearly count, never given a year. "
             f"Per year: {assets.code('papers_per_year.csv')}; per entity and year: "
             f"{assets.code('trends_per_year.csv')}.\n"]
    if found.split_year is None:
        return "\n".join(parts + ["Rising and falling entities need papers from at least two years.\n"])
    columns = {"name": "name", "type": "type", "dated_papers": "dated papers", "early_share": "early share",
               "late_share": "late share", "change": "change"}
    rising, falling = found.rising(top), found.falling(top)
    series = {"rising": _share_series(found, rising.head(5)), "falling": _share_series(found, falling.head(5))}
    plot = []
    if has_points(series):  # no chart of empty axes
        line_panels(series, assets.path("trends.png"), "share of that year's papers")
        plot = [assets.image("rising and falling entities", "trends.png")]
    parts += [f"Early half: before {found.split_year}; late half: {found.split_year} on. `change` is the "
              f"late minus early share of papers linking the entity (entities with at least {MIN_PAPERS} "
              "dated papers). All: " + assets.code("trends.csv") + ".\n", *plot,
              "### Rising\n", table(rising, columns), "### Falling\n", table(falling, columns)]
    return "\n".join(parts)
