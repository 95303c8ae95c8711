"""Checking a built graph against the SHACL shapes: compiled to SPARQL, pyshacl as reference."""

from graph.validate.checks import check_graph, checked_store, find_violations, load_graph
from graph.validate.shapes import compile_shapes

__all__ = ["check_graph", "checked_store", "compile_shapes", "find_violations", "load_graph"]
