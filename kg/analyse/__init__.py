"""Analyse stage: questions asked of the networkx graph a build wrote.

Each analysis module computes with pure functions of the graph (or of its Corpus index), which
return DataFrames or dataclasses and write nothing: `central.centrality`, `gaps.predict_links`,
`communities.communities`, `trends.trends`, `similar.similar_papers`, `paths.entity_paths`.
Its `section()` writes that analysis's CSV and PNG files and returns its part of report.md;
`report.run_analyses` runs the sections and writes the report. The examples in the docstrings
run on `example.example_graph()` as tests.
"""
