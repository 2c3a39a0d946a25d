"""The embedded Cypher store (LadybugDB): bulk load from the graph tables, queries."""
from kg.store.load import load_store, load_store_tables
from kg.store.query import format_table, run_query

__all__ = ["format_table", "load_store", "load_store_tables", "run_query"]
