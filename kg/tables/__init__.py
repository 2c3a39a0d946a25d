"""The graph as Parquet tables on disk: one file per node label and per relationship group.

The link stage writes these as papers stream past, so no stage needs the whole graph in
memory: the store bulk-loads them, exporters stream them, and the networkx graph for views
and analyses is read from them (sampled when the whole graph is too big to hold).
"""
from kg.tables.layout import TABLES_DIR
from kg.tables.read import GraphTables
from kg.tables.write import TablesBuilder, tables_from_graph

__all__ = ["TABLES_DIR", "GraphTables", "TablesBuilder", "tables_from_graph"]
