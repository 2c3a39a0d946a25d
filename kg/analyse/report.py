"""run_analyses: every analysis's CSV files and charts, and report.md linking them."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import networkx as nx

from kg.analyse import central, communities, families, gaps, paths, similar, trends
from kg.analyse.corpus import Corpus
from kg.analyse.markdown import Assets
from kg.errors import AnalysisError, ReportWriteError
from kg.model import AnalysisReport

Section = Callable[[Corpus, Assets, int], str]
ANALYSES: dict[str, Section] = {
    "central": central.section,
    "families": families.section,
    "gaps": gaps.section,
    "communities": communities.section,
    "trends": trends.section,
    "similar": similar.section,
    "paths": paths.section,
}
TOP = 10


def chosen(only: Sequence[str] | None) -> list[str]:
    """The analyses to run, in report order; AnalysisError for an unknown name."""
    if only is None:
        return list(ANALYSES)
    unknown = sorted(set(only) - set(ANALYSES))
    if unknown:
        raise AnalysisError(f"unknown analysis {', '.join(unknown)}; choose from {', '.join(ANALYSES)}")
    return [name for name in ANALYSES if name in only]


def run_analyses(graph: nx.MultiDiGraph, out_dir: Path, only: Sequence[str] | None = None,
                 top: int = TOP, report_name: str = "report.md",
                 pair: tuple[str, str] | None = None) -> AnalysisReport:
    """Run the analyses, writing out_dir/report_name and its CSV/PNG files in a folder beside it.

    `pair` names the two entities (ids, names or aliases) the paths analysis joins; by default it
    picks a central pair. Returns the report's path, its files' folder and the analyses run.
    """
    names = chosen(only)
    out_dir = Path(out_dir)
    corpus = Corpus.from_graph(graph)
    if pair is not None:
        pair = (corpus.find_entity(pair[0]), corpus.find_entity(pair[1]))  # AnalysisError before any file
    report = out_dir / report_name
    assets = Assets.beside(report)
    try:
        assets.folder.mkdir(parents=True, exist_ok=True)
        sections = [(partial(paths.section, pair=pair) if name == "paths" else ANALYSES[name])(corpus, assets, top)
                    for name in names]
        report.write_text(_header(corpus, assets) + "\n".join(sections), encoding="utf-8")
    except OSError as exc:
        raise ReportWriteError(f"cannot write the analysis to {out_dir}: {exc}") from exc
    return AnalysisReport(report, assets.folder, names)


def _header(corpus: Corpus, assets: Assets) -> str:
    """Title and corpus size."""
    linked = len(corpus.paper_entities)
    return (f"# Knowledge-graph analysis\n\n{len(corpus.papers)} papers ({linked} linking at least one "
            f"entity), {len(corpus.entities)} entities. CSV and PNG files are in "
            f"`{assets.link_prefix}/` beside this report.\n\n")
