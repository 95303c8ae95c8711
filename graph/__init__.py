"""aikg: a sourced, dated RDF knowledge graph of the AI industry.

The names here are the public API, one import for notebooks::

    from graph import load_graph, run_query, open_store, to_networkx
"""

from graph.ingest import DataProblems, build_graph, read_data
from graph.model import (
    AI,
    ENT,
    SRC,
    STMT,
    AikgError,
    DataError,
    QueryError,
    UnknownEntityError,
    ValidationFailed,
    default_data_dir,
)
from graph.network import to_networkx
from graph.sparql import run_query
from graph.store import compute_stats, open_store
from graph.validate import load_graph

__all__ = [
    "AI",
    "ENT",
    "SRC",
    "STMT",
    "AikgError",
    "DataError",
    "DataProblems",
    "QueryError",
    "UnknownEntityError",
    "ValidationFailed",
    "build_graph",
    "compute_stats",
    "default_data_dir",
    "load_graph",
    "open_store",
    "read_data",
    "run_query",
    "to_networkx",
]
