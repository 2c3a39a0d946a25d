"""Write the graph tables while papers stream past: papers and their edges at once, entities at the end."""
from __future__ import annotations

import errno
from array import array
from collections import Counter
from functools import lru_cache
from itertools import combinations
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kg.errors import KGError, TablesError, from_os_error
from kg.model import Entity, Paper
from kg.read.links import repository_id
from kg.resolve import ResolvedMention
from kg.schema import HAS_CODE, LABEL_OF_TYPE, PAIR_REL, PAPER, REPOSITORY, VARIANT_OF, RelGroup, mention_rel
from kg.tables.graph_rows import edge_groups, node_groups
from kg.tables.spec import edge_file, edge_schema, groups, node_file, node_labels, node_schema
from kg.tables.ties import tied_pairs

ROWS_PER_GROUP = 65_536
_PAIR_TYPES = sorted(set(PAIR_REL.values()))
_PAIR_CODE = {rel: code for code, rel in enumerate(_PAIR_TYPES)}
_PAIR_GROUP = {rel: RelGroup(rel, LABEL_OF_TYPE[a], LABEL_OF_TYPE[b]) for (a, b), rel in PAIR_REL.items()}


class _Sink:
    """Rows of one table, buffered and appended to its Parquet file a row group at a time."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path, self.schema, self.rows = path, schema, 0
        self._buffer: list[tuple] = []
        self._writer: pq.ParquetWriter | None = None

    def add(self, row: tuple) -> None:
        """Append one row, its values in schema column order."""
        self._buffer.append(row)
        if len(self._buffer) >= ROWS_PER_GROUP:
            self.flush()

    def write_table(self, table: pa.Table) -> None:
        """Append a whole Arrow table whose columns follow the schema."""
        self.flush()
        self._write(table.cast(self.schema))

    def flush(self) -> None:
        """Write the buffered rows as one row group."""
        if self._buffer:
            columns = [list(map(itemgetter(i), self._buffer)) for i in range(len(self.schema))]
            self._buffer = []
            self._write(pa.Table.from_arrays([self._array(v, f) for v, f in zip(columns, self.schema)],
                                             schema=self.schema))

    def _array(self, values: list, column: pa.Field) -> pa.Array:
        try:
            return pa.array(values, column.type)
        except (pa.ArrowException, TypeError, ValueError) as exc:
            raise TablesError(f"{self.path.name}: column {column.name} holds a value of the wrong type "
                              f"({exc})") from None

    def _write(self, table: pa.Table) -> None:
        try:
            if self._writer is None:
                self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
            self._writer.write_table(table, row_group_size=ROWS_PER_GROUP)
        except OSError as exc:
            raise _write_error(self.path, exc) from None
        self.rows += table.num_rows

    def close(self) -> int:
        """Finish the file (an empty one if no row came) and return its row count."""
        self.flush()
        if self._writer is None:
            self._write(self.schema.empty_table())
        try:
            self._writer.close()
        except OSError as exc:
            raise _write_error(self.path, exc) from None
        return self.rows


def _write_error(path: Path, exc: OSError) -> KGError:
    """A full or read-only disk named as such (Arrow's errors may carry no errno), else a
    TablesError."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or "No space left" in str(exc):
        if exc.errno is None:
            exc = OSError(errno.ENOSPC, "No space left on device")
        return from_os_error(exc, "writing the graph tables", path)
    return TablesError(f"cannot write {path}: {exc}")


class _Tables:
    """One sink per node label and relationship group, all in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TablesError(f"cannot create {self.folder}: {exc}") from None
        for old in self.folder.glob("*.parquet"):
            old.unlink()
        self.nodes = {label: _Sink(node_file(folder, label), node_schema(label)) for label in node_labels()}
        self.edges = {g: _Sink(edge_file(folder, g), edge_schema(g.type)) for g in groups()}

    def close(self) -> dict[str, int]:
        """Close every file; return row counts per node label and per relationship type."""
        counts = {label: sink.close() for label, sink in self.nodes.items()}
        for group, sink in self.edges.items():
            counts[group.type] = counts.get(group.type, 0) + sink.close()
        return counts


@lru_cache(maxsize=None)
def _columns(label_or_type: str) -> tuple[str, ...]:
    """Column names of a node label's or a relationship type's tables."""
    if label_or_type in node_labels():
        return tuple(node_schema(label_or_type).names)
    return tuple(edge_schema(label_or_type).names)


def _row(label_or_type: str, **values: object) -> tuple:
    """Values in the column order of the table, so a schema change cannot shift them silently."""
    return tuple(values[name] for name in _columns(label_or_type))


def _paper_row(paper: Paper) -> tuple:
    """A Paper row; absent values and empty lists as nulls."""
    return _row(PAPER, id=paper.id, title=paper.title, abstract=paper.abstract, date=paper.date,
                date_text=paper.date_text, year=paper.year, authors=paper.authors or None,
                n_authors=paper.n_authors, url=paper.url, categories=paper.categories or None,
                sources=[f"{s.file}:{s.line}" for s in paper.sources] or None)


class TablesBuilder:
    """Streams papers, mention edges and code links to the tables; entities and pair edges at finish()."""

    def __init__(self, folder: Path) -> None:
        self._tables = _Tables(folder)
        self._paper_ids: list[str] = []
        self._entity_index: dict[str, int] = {}
        # (source entity, target entity, pair type, paper) as integer columns: a million papers
        # give tens of millions of these, far too many for Python tuples.
        self._pairs = {name: array("i") for name in ("a", "b", "rel", "paper", "tied")}
        # (source, target, pair type) -> (paper id, sentence): the tying sentence of the smallest paper id
        self._tie_sentence: dict[tuple[int, int, int], tuple[str, str]] = {}
        self._n_papers: Counter = Counter()
        self._n_proposed: Counter = Counter()
        self._repositories: dict[str, tuple] = {}

    def add_paper(self, paper: Paper, mentions: list[ResolvedMention]) -> None:
        """Write a paper row, its mention and code edges, and remember its entity pairs."""
        self._tables.nodes[PAPER].add(_paper_row(paper))
        for rm in mentions:
            m = rm.mention
            rel = mention_rel(m.type, m.role)
            self._tables.edges[RelGroup(rel, PAPER, LABEL_OF_TYPE[m.type])].add(
                _row(rel, source=paper.id, target=rm.entity_id, role=m.role, evidence=m.evidence,
                     start=m.start, end=m.end, confidence=m.confidence))
            self._n_papers[rm.entity_id] += 1
            self._n_proposed[rm.entity_id] += m.role == "proposed"
        for rid in sorted({self._repository(link.url, link.kind) for link in paper.links}):
            self._tables.edges[RelGroup(HAS_CODE, PAPER, REPOSITORY)].add(_row(HAS_CODE, source=paper.id, target=rid))
        self._add_pairs(len(self._paper_ids), mentions, paper)
        self._paper_ids.append(paper.id)

    def _repository(self, url: str, kind: str) -> str:
        """The repository's id; its row is the last link seen for it."""
        rid, host = repository_id(url)
        self._repositories[rid] = _row(REPOSITORY, id=rid, url=url, host=host, kind=kind)
        return rid

    def _add_pairs(self, paper: int, mentions: list[ResolvedMention], record: Paper) -> None:
        typed = sorted({(rm.mention.type, rm.entity_id) for rm in mentions})
        ties: dict[frozenset, str] | None = None
        for (ta, a), (tb, b) in combinations(typed, 2):
            # a pair of one type (method with method) is one edge, from the smaller id
            orders = (((ta, a), (tb, b)),) if ta == tb else (((ta, a), (tb, b)), ((tb, b), (ta, a)))
            for (t1, e1), (t2, e2) in orders:
                rel = PAIR_REL.get((t1, t2))
                if rel:
                    if ties is None:  # only papers with a pair pay for finding sentences
                        ties = _ties(record, mentions)
                    sentence = ties.get(frozenset((e1, e2)))
                    ia, ib, code = self._entity(e1), self._entity(e2), _PAIR_CODE[rel]
                    self._pairs["a"].append(ia)
                    self._pairs["b"].append(ib)
                    self._pairs["rel"].append(code)
                    self._pairs["paper"].append(paper)
                    self._pairs["tied"].append(sentence is not None)
                    if sentence is not None:
                        known = self._tie_sentence.get((ia, ib, code))
                        if known is None or record.id < known[0]:
                            self._tie_sentence[(ia, ib, code)] = (record.id, sentence)

    def _entity(self, eid: str) -> int:
        return self._entity_index.setdefault(eid, len(self._entity_index))

    def finish(self, entities: list[Entity], variants: Iterable[tuple[str, str, str]] = ()) -> dict[str, int]:
        """Write entity and repository rows, the weighted pair edges and the VARIANT_OF edges
        (variant id, entity id, what it adds); return counts per label and type."""
        label_of = {e.id: LABEL_OF_TYPE[e.type] for e in entities}
        for source, target, rule in variants:
            label = label_of[source]
            self._tables.edges[RelGroup(VARIANT_OF, label, label)].add(
                _row(VARIANT_OF, source=source, target=target, rule=rule))
        for e in entities:
            if self._n_papers[e.id]:
                label = LABEL_OF_TYPE[e.type]
                self._tables.nodes[label].add(_row(label, id=e.id, name=e.name, aliases=e.aliases or None,
                                                   type=e.type, n_papers=self._n_papers[e.id],
                                                   n_proposed=self._n_proposed[e.id], ref=e.ref))
        for rid in sorted(self._repositories):
            self._tables.nodes[REPOSITORY].add(self._repositories[rid])
        for rel, table in self._pair_tables().items():
            self._tables.edges[_PAIR_GROUP[rel]].write_table(table)
        return self._tables.close()

    def _pair_tables(self) -> dict[str, pa.Table]:
        """Pair type -> (source, target, weight, papers) rows sorted by ids, papers sorted within each.

        Entities and papers are renumbered in id order first, so sorting integer columns
        sorts by id, and one pair type at a time keeps the peak to that type's rows.
        """
        paper_ids, paper_rank = _in_id_order(self._paper_ids)
        entity_ids, entity_rank = _in_id_order(list(self._entity_index))
        cols = {name: np.frombuffer(values, dtype=np.int32) for name, values in self._pairs.items()}
        out = {}
        for code, rel in enumerate(_PAIR_TYPES):
            mine = cols["rel"] == code
            a, b = entity_rank[cols["a"][mine]], entity_rank[cols["b"][mine]]
            papers, tied = paper_rank[cols["paper"][mine]], cols["tied"][mine]
            order = np.lexsort((papers, b, a))
            a, b, papers, tied = a[order], b[order], papers[order], tied[order]
            starts = np.flatnonzero(np.concatenate([[True], (a[1:] != a[:-1]) | (b[1:] != b[:-1])])) if len(a) else []
            offsets = np.append(starts, len(a)).astype(np.int32)
            n_sentence = np.add.reduceat(tied.astype(np.int64), starts) if len(a) else np.zeros(0, np.int64)
            sentence, sentence_paper = self._tie_columns(code, a[starts], b[starts], entity_rank)
            out[rel] = pa.table({
                "source": pc.take(entity_ids, a[starts]), "target": pc.take(entity_ids, b[starts]),
                "weight": pa.array(np.diff(offsets), pa.int64()),
                "papers": pa.ListArray.from_arrays(pa.array(offsets), pc.take(paper_ids, papers)),
                "n_sentence": pa.array(n_sentence, pa.int64()),
                "sentence": pa.array(sentence, pa.string()), "sentence_paper": pa.array(sentence_paper, pa.string())})
        return out

    def _tie_columns(self, code: int, a: np.ndarray, b: np.ndarray,
                     entity_rank: np.ndarray) -> tuple[list[str | None], list[str | None]]:
        """Per pair row (entity ranks a, b, sorted): its tying sentence and that sentence's paper, or nulls."""
        sentence: list[str | None] = [None] * len(a)
        paper: list[str | None] = [None] * len(a)
        if not len(a):
            return sentence, paper
        keys = a.astype(np.int64) * len(entity_rank) + b
        for (ia, ib, c), (pid, text) in self._tie_sentence.items():
            if c == code:
                row = int(np.searchsorted(keys, int(entity_rank[ia]) * len(entity_rank) + int(entity_rank[ib])))
                sentence[row], paper[row] = text, pid
        return sentence, paper


def _ties(paper: Paper, mentions: list[ResolvedMention]) -> dict[frozenset, str]:
    """The paper's entity pairs one sentence names together (see kg.tables.ties)."""
    forms: dict[str, list[str]] = {}
    anchors: dict[str, list[int]] = {}
    for rm in mentions:
        forms.setdefault(rm.entity_id, []).extend([rm.mention.name, *rm.mention.aliases])
        anchors.setdefault(rm.entity_id, []).append(rm.mention.start)
    return tied_pairs(paper.text, forms, anchors)


def _in_id_order(ids: list[str]) -> tuple[pa.Array, np.ndarray]:
    """The ids sorted, and each original position's rank in that order."""
    array = pa.array(ids, pa.string())
    order = pc.sort_indices(array).to_numpy()
    rank = np.empty(len(ids), dtype=np.int32)
    rank[order] = np.arange(len(ids), dtype=np.int32)
    return pc.take(array, order), rank


def tables_from_graph(graph: nx.MultiDiGraph, folder: Path) -> dict[str, int]:
    """Write a networkx graph in the contract format as tables; return counts per label and type."""
    tables = _Tables(folder)
    for label, rows in node_groups(graph).items():
        names = node_schema(label).names
        for node, data in rows:
            tables.nodes[label].add((node, *(data.get(n) for n in names[1:])))
    for group, rows in edge_groups(graph).items():
        names = edge_schema(group.type).names[2:]
        for source, target, data in rows:
            tables.edges[group].add((source, target, *(data.get(n) for n in names)))
    return tables.close()
