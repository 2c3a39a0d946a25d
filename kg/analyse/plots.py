"""PNG charts drawn with Matplotlib's Agg canvas (no pyplot, no display, no global backend change)."""
from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _short(label: str, width: int = 40) -> str:
    """A label cut to `width` characters so bars stay readable."""
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_panels(panels: dict[str, list[tuple[str, float]]], path: Path, xlabel: str) -> Path:
    """Side-by-side horizontal bar charts, one panel per title, largest bar on top."""
    fig = Figure(figsize=(5 * max(len(panels), 1), 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    for i, (title, bars) in enumerate(panels.items(), start=1):
        ax = fig.add_subplot(1, len(panels), i)
        labels = [_short(name) for name, _ in reversed(bars)]
        ax.barh(range(len(bars)), [value for _, value in reversed(bars)], color="#4878a8")
        ax.set_yticks(range(len(bars)), labels, fontsize=8)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
    fig.savefig(path, dpi=100)
    return path


def line_panels(panels: dict[str, dict[str, list[tuple[int, float]]]], path: Path, ylabel: str) -> Path:
    """Line charts, one panel per title, one line per named series of (year, value) points."""
    fig = Figure(figsize=(6 * max(len(panels), 1), 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    for i, (title, series) in enumerate(panels.items(), start=1):
        ax = fig.add_subplot(1, len(panels), i)
        for name, points in series.items():
            ax.plot([x for x, _ in points], [y for _, y in points], marker="o", label=_short(name, 30))
        ax.set_title(title)
        ax.set_xlabel("year")
        ax.set_ylabel(ylabel)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if series:
            ax.legend(fontsize=7)
    fig.savefig(path, dpi=100)
    return path


def has_points(panels: dict[str, dict[str, list[tuple[int, float]]]]) -> bool:
    """Whether any series of any panel has a point above zero (else a chart would be empty axes)."""
    return any(value for series in panels.values() for points in series.values() for _, value in points)
