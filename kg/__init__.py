"""Knowledge-graph builder for machine-learning literature.

The Python API, one function per `kg` command (see kg/api.py for an example session):

- ``kg.build(inputs, out)``: read, extract, resolve and link papers into the build folder `out`
- ``kg.extract_file(inputs, out)``: entities only, one paper a line
- ``kg.query(out, cypher, params)``, ``kg.find(out, name)``: ask the build
- ``kg.query_templates()``, ``kg.query_template(out, name, params)``: the built-in queries
- ``kg.export_neo4j(out, uri)``, ``kg.export_cypher(out, path)``, ``kg.export_csv(out, folder)``
- ``kg.write_html(out)``, ``kg.analyze(out)``: the page and the analyses
- ``kg.load_graph(out)``: the build as a networkx graph; ``kg.import_lexicon(file)``

Importing kg is cheap: each function loads its stage (spaCy, pyarrow, networkx...) when called.
"""
from kg.api import (analyze, build, export_csv, export_cypher, export_neo4j, extract_file, find, import_lexicon,
                    load_graph, query, query_template, query_templates, write_html)

__version__ = "0.1.0"
__all__ = ["analyze", "build", "export_csv", "export_cypher", "export_neo4j", "extract_file", "find",
           "import_lexicon", "load_graph", "query", "query_template", "query_templates", "write_html"]
