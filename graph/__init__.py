"""aikg: a sourced, dated RDF knowledge graph of the AI industry."""

from .errors import AikgError, DataError, QueryError, UnknownEntityError, ValidationFailed
from .loading import DataProblems, build_graph, default_data_dir, load_graph, read_data
from .namespaces import AI, ENT, SRC, STMT
from .stats import compute_stats

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
    "read_data",
]
