"""PNG charts drawn with Matplotlib's Agg canvas (no pyplot, no display, no global backend change)."""
from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kg.schema import ENTITY_TYPE_SPECS


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


TYPE_COLOURS = {t.name: t.chart_colour for t in ENTITY_TYPE_SPECS}
COMMUNITY_COLOURS = ("#f28e2b", "#76b7b2", "#b07aa1", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#8cd17d",
                     "#d37295", "#499894")


def count_panels(panels: dict[str, dict[str, list[tuple[str, int]]]], path: Path, ylabel: str) -> Path:
    """Line charts over periods ("2025-03" or "2025"), one panel per title, one line per series.

    Every series of a panel gives its count for the same periods, in order.
    """
    fig = Figure(figsize=(5.5 * max(len(panels), 1), 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    for i, (title, series) in enumerate(panels.items(), start=1):
        ax = fig.add_subplot(1, len(panels), i)
        periods: list[str] = []
        for name, points in series.items():
            periods = [p for p, _ in points]
            ax.plot(range(len(points)), [v for _, v in points], marker="o", markersize=3, label=_short(name, 30))
        step = max(1, len(periods) // 8)
        ax.set_xticks(range(0, len(periods), step), periods[::step], rotation=45, fontsize=8)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        if series:
            ax.legend(fontsize=7)
    fig.savefig(path, dpi=100)
    return path


def heatmap(values: list[list[int]], rows: list[str], cols: list[str], path: Path, title: str,
            xlabel: str, ylabel: str) -> Path:
    """A count matrix as a heatmap (log colour scale, counts written in the cells); zeros left blank."""
    from matplotlib.colors import LogNorm
    import numpy as np

    data = np.array(values, dtype=float)
    fig = Figure(figsize=(2.5 + 0.45 * len(cols), 2 + 0.32 * len(rows)), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    shown = np.ma.masked_where(data <= 0, data)
    image = ax.imshow(shown, cmap="viridis", norm=LogNorm(vmin=1, vmax=max(float(data.max()), 2.0)), aspect="auto")
    fig.colorbar(image, ax=ax, label="papers naming both", format="%g")
    ax.set_xticks(range(len(cols)), [_short(c, 25) for c in cols], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), [_short(r, 30) for r in rows], fontsize=8)
    for (i, j), value in np.ndenumerate(data):
        if value > 0:
            ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=6,
                    color="white" if value < data.max() ** 0.5 else "black")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.savefig(path, dpi=100)
    return path


def scatter_map(points: list[tuple[float, float, str, int, float]], edges: list[tuple[int, int]],
                names: dict[int, str], path: Path, title: str) -> Path:
    """Labelled points (x, y, label, group, size) coloured by group, with faint lines for `edges`
    (pairs of point indexes) and a legend naming each group."""
    fig = Figure(figsize=(11, 8), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    for a, b in edges:
        ax.plot([points[a][0], points[b][0]], [points[a][1], points[b][1]], color="#c3cad3", lw=0.5, zorder=1,
                alpha=0.5)
    for group, name in names.items():
        mine = [p for p in points if p[3] == group]
        ax.scatter([p[0] for p in mine], [p[1] for p in mine], s=[p[4] for p in mine], zorder=2,
                   color=COMMUNITY_COLOURS[group % len(COMMUNITY_COLOURS)], label=_short(name, 60),
                   edgecolors="white", linewidths=0.5)
    for x, y, label, _, size in points:
        ax.annotate(_short(label, 28), (x, y), fontsize=7, ha="center", va="top", zorder=3,
                    xytext=(0, -(size ** 0.5) / 2 - 1), textcoords="offset points")
    ax.set_axis_off()
    ax.set_title(title)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    fig.savefig(path, dpi=100)
    return path


def distribution_panels(per_type: dict[str, int], papers_per_entity: dict[str, list[int]],
                        periods: list[tuple[str, int]], path: Path) -> Path:
    """Three panels: entities per type; how many entities have k papers (log-log, one line a type);
    papers per period (with the undated last)."""
    import numpy as np

    fig = Figure(figsize=(16, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 3, 1)
    names = list(per_type)
    ax.bar(names, [per_type[n] for n in names], color=[TYPE_COLOURS.get(n, "#888888") for n in names])
    for i, n in enumerate(names):
        ax.text(i, per_type[n], f"{per_type[n]:,}", ha="center", va="bottom", fontsize=8)
    ax.set_title("entities per type")
    ax = fig.add_subplot(1, 3, 2)
    for etype, counts in papers_per_entity.items():
        if counts:
            ks, freq = np.unique(np.array(counts), return_counts=True)
            ax.loglog(ks, freq, marker="o", markersize=3, linestyle="none", label=etype,
                      color=TYPE_COLOURS.get(etype))
    ax.set_xlabel("papers naming the entity")
    ax.set_ylabel("entities")
    ax.set_title("how many papers name an entity")
    ax.legend(fontsize=8)
    ax = fig.add_subplot(1, 3, 3)
    ax.bar(range(len(periods)), [n for _, n in periods], color="#4878a8")
    step = max(1, len(periods) // 10)
    ax.set_xticks(range(0, len(periods), step), [p for p, _ in periods][::step], rotation=45, fontsize=8)
    ax.set_title("papers per period")
    fig.savefig(path, dpi=100)
    return path
