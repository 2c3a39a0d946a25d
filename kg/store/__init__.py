"""The embedded Cypher store (LadybugDB): bulk load, incremental add, queries."""
from kg.store.load import add_to_store, load_store
from kg.store.query import format_table, run_query

__all__ = ["add_to_store", "format_table", "load_store", "run_query"]
