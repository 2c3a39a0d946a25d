"""Size limits shared by the library and the CLI (kept import-light so `kg --help` stays fast)."""

# About 1 KiB of Python objects per edge with its evidence sentence: 2M edges stay near 2 GiB,
# so past this a networkx graph holds a sample of the papers instead of all of them.
DEFAULT_MAX_EDGES = 2_000_000
# Nodes the HTML page draws before it is cut: interactions stay under half a second up to here
# (benchmarks/bench_html.py).
DEFAULT_MAX_NODES = 3000
DEFAULT_BATCH_SIZE = 256  # papers a spaCy batch, for `kg build` and `kg extract`
