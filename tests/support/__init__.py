"""Helpers for the tests (and the scripts that drive a browser): not part of the kg package.

Tests import them as `support.*` (pytest puts tests/ on the path); scripts put tests/ on
sys.path first.
"""
