"""The comparison key of a name, as the reference scorer computes it (kept in kg.textnorm, below
both extraction and resolution)."""
from kg.textnorm import norm

__all__ = ["norm"]
