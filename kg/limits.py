"""Size limits shared by the library and the CLI (kept import-light so `kg --help` stays fast)."""

# About 1 KiB of Python objects per edge with its evidence sentence: 2M edges stay near 2 GiB,
# so past this a networkx graph holds a sample of the papers instead of all of them.
DEFAULT_MAX_EDGES = 2_000_000
