"""RDF plumbing: rdflib and pyoxigraph terms, safe parsing, serialization, atomic files, tables,
self-contained HTML pages."""

from graph.rdf.files import write_atomic
from graph.rdf.serialize import serialize_graph
from graph.rdf.tables import format_table
from graph.rdf.terms import load_store

__all__ = ["format_table", "load_store", "serialize_graph", "write_atomic"]
