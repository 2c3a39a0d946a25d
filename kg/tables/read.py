"""Read the graph tables: counts, row streams for exporters, and networkx graphs (whole or sampled)."""
from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg.errors import BuildNotFoundError
from kg.limits import DEFAULT_MAX_EDGES
from kg.schema import PAPER, RelGroup
from kg.tables.rows import damaged, read_columns
from kg.tables.spec import edge_file, groups, node_file, node_labels

BATCH_ROWS = 8_192


def _present(row: dict) -> dict:
    """The row without nulls: the networkx graph and exporters leave absent properties out."""
    return {k: v for k, v in row.items() if v is not None}


def in_sample(paper_id: str, fraction: float) -> bool:
    """Whether a paper belongs to the deterministic sample of this fraction (a hash of its id)."""
    return zlib.crc32(paper_id.encode("utf-8")) < fraction * 2**32


class GraphTables:
    """The Parquet tables a build wrote to OUT/tables."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        if not node_file(self.folder, PAPER).exists():
            raise BuildNotFoundError(f"{self.folder.parent}: no graph tables in {self.folder}")

    def _rows(self, path: Path) -> int:
        # a build made before a relationship type was added to the schema has no file for it: none
        return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0

    def node_count(self, label: str) -> int:
        """Rows in one node table."""
        return self._rows(node_file(self.folder, label))

    def edge_count(self, group: RelGroup) -> int:
        """Rows in one edge table."""
        return self._rows(edge_file(self.folder, group))

    def counts(self) -> dict[str, int]:
        """Rows per node label and per relationship type."""
        counts = {label: self.node_count(label) for label in node_labels()}
        for group in groups():
            counts[group.type] = counts.get(group.type, 0) + self.edge_count(group)
        return counts

    def n_edges(self) -> int:
        """Every edge in the graph."""
        return sum(self.edge_count(group) for group in groups())

    def _batches(self, path: Path) -> Iterator[pa.RecordBatch]:
        if not path.exists():  # see _rows
            return
        try:
            yield from pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS)
        except (OSError, ValueError) as error:  # Arrow's errors for corrupt pages (ArrowInvalid is a ValueError)
            raise damaged(path, error) from None

    def _where(self, path: Path, column: str, allowed: pa.Array | None) -> Iterator[dict]:
        """Rows of a table file, nulls left out, whose `column` is in `allowed` (every row when None).

        The filter runs in Arrow, so rows left out never become Python objects.
        """
        for batch in self._batches(path):
            if allowed is not None:
                batch = batch.filter(pc.is_in(batch.column(column), value_set=allowed))
            yield from map(_present, batch.to_pylist())

    def nodes(self, label: str, ids: pa.Array | None = None) -> Iterator[dict]:
        """Each node of a label (or only those in `ids`) as a dict of its present properties, `id` included."""
        return self._where(node_file(self.folder, label), "id", ids)

    def edges(self, group: RelGroup, sources: pa.Array | None = None) -> Iterator[tuple[str, str, dict]]:
        """Each edge of a group (or only those leaving `sources`) as (source id, target id, present properties)."""
        for row in self._where(edge_file(self.folder, group), "source", sources):
            yield row.pop("source"), row.pop("target"), row

    def node_rows(self) -> dict[str, Iterator[dict]]:
        """Label -> node rows (`id` and the present properties), streamed: what the exporters write."""
        return {label: self.nodes(label) for label in node_labels()}

    def edge_rows(self) -> dict[RelGroup, Iterator[dict]]:
        """RelGroup -> edge rows (`source`, `target`, `props`), streamed: what the exporters write."""
        return {group: ({"source": s, "target": t, "props": p} for s, t, p in self.edges(group))
                for group in groups()}

    def to_networkx(self, max_edges: int | None = DEFAULT_MAX_EDGES,
                    on_note: Callable[[str], None] | None = None) -> nx.MultiDiGraph:
        """The whole graph, or, past max_edges, the subgraph of a deterministic sample of papers."""
        total = self.n_edges()
        fraction = 1.0 if max_edges is None or total <= max_edges else max_edges / total
        papers = self._sample(fraction)
        graph = nx.MultiDiGraph()
        graph.add_nodes_from((row["id"], {"label": PAPER, **row}) for row in self.nodes(PAPER, papers))
        self._add_linked(graph, papers)
        for group in groups():
            if group.source_label != PAPER:
                self._add_pair_edges(graph, group, papers)
        if papers is not None and on_note:
            on_note(f"the graph has {total:,} edges, more than the {max_edges:,} to hold in memory (--max-edges): "
                    f"loaded the {len(papers):,} papers of a {fraction:.1%} sample (chosen by a hash of "
                    f"their id, the same every time) with everything they link, {graph.number_of_edges():,} "
                    f"edges; entity n_papers "
                    f"still count the whole corpus. Query the store for exact answers.")
        return graph

    def _sample(self, fraction: float) -> pa.Array | None:
        """The ids of the sampled papers, or None for all of them."""
        if fraction >= 1.0:
            return None
        ids = [row["id"] for row in read_columns(node_file(self.folder, PAPER), ["id"])]
        return pa.array([i for i in ids if in_sample(i, fraction)], pa.string())

    def _add_linked(self, graph: nx.MultiDiGraph, papers: pa.Array | None) -> None:
        """The papers' edges and the nodes they reach, nodes first (in table order) so edges do not add them."""
        kept = [(group, s, t, props) for group in groups() if group.source_label == PAPER
                for s, t, props in self.edges(group, papers)]
        reached: dict[str, set[str]] = {}
        for group, _, target, _ in kept:
            reached.setdefault(group.target_label, set()).add(target)
        for label, ids in reached.items():
            rows = self.nodes(label, pa.array(sorted(ids), pa.string()))
            graph.add_nodes_from((row["id"], {"label": label, **row}) for row in rows)
        for group, source, target, props in kept:
            graph.add_edge(source, target, key=group.type, type=group.type, **props)

    def _add_pair_edges(self, graph: nx.MultiDiGraph, group: RelGroup, papers: pa.Array | None) -> None:
        """Pair edges with their support cut to the kept papers (all when None), dropped when none is left."""
        for batch in self._batches(edge_file(self.folder, group)):
            if "papers" not in batch.schema.names:  # VARIANT_OF: kept between the nodes held
                for row in batch.to_pylist():
                    source, target = row.pop("source"), row.pop("target")
                    if source in graph and target in graph:
                        graph.add_edge(source, target, key=group.type, type=group.type, **_present(row))
                continue
            if papers is not None:
                batch = _cut_support(batch, papers)
            for row in batch.to_pylist():
                if row["weight"]:
                    source, target = row.pop("source"), row.pop("target")
                    graph.add_edge(source, target, key=group.type, type=group.type, **_present(row))


def _cut_support(batch: pa.RecordBatch, kept: pa.Array) -> pa.RecordBatch:
    """Pair rows with only the supporting papers in `kept`, and weights recounted (other columns as they are)."""
    papers = batch.column("papers")
    values = papers.flatten()
    mask = pc.is_in(values, value_set=kept)
    parents = pc.list_parent_indices(papers).to_numpy()
    lengths = np.bincount(parents[mask.to_numpy(zero_copy_only=False)], minlength=len(batch))
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), pa.int32())
    columns = {name: batch.column(name) for name in batch.schema.names}
    columns.update(weight=pa.array(lengths, pa.int64()), papers=pa.ListArray.from_arrays(offsets, values.filter(mask)))
    return pa.RecordBatch.from_arrays(list(columns.values()), names=list(columns))
