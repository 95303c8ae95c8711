"""The leaf every layer may import: namespaces, errors, paths, relation families, time, names."""

from graph.model.entities import resolve_entity
from graph.model.errors import (
    AikgError,
    DataError,
    QueryError,
    UnknownEntityError,
    ValidationFailed,
)
from graph.model.namespaces import AI, ENT, PREFIXES, SRC, STMT
from graph.model.paths import default_data_dir
from graph.model.time import Holding, statement_current, statement_holds
from graph.model.vocabulary import FAMILIES, relation_families, relation_labels

__all__ = [
    "AI",
    "ENT",
    "FAMILIES",
    "PREFIXES",
    "SRC",
    "STMT",
    "AikgError",
    "DataError",
    "Holding",
    "QueryError",
    "UnknownEntityError",
    "ValidationFailed",
    "default_data_dir",
    "relation_families",
    "relation_labels",
    "resolve_entity",
    "statement_current",
    "statement_holds",
]
