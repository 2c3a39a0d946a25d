"""Deprecated name of kg.serialise, kept only for kg/extract/train.py (being changed in parallel).

Import from kg.serialise; delete this module once nothing imports kg.records.
"""
from kg.serialise import extraction_to_dict

__all__ = ["extraction_to_dict"]
