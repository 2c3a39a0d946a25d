"""Interactive HTML view of the graph (pyvis / vis-network, works offline)."""
from kg.view.html import write_html

__all__ = ["write_html"]
