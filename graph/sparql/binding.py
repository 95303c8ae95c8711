"""Parameters bound as typed RDF terms, never pasted into the query text."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Identifier

from graph.model.entities import resolve_entity
from graph.model.errors import QueryError, UnknownEntityError
from graph.model.namespaces import AI, ENT, SRC
from graph.sparql.catalogue import StoredQuery, convert_value

if TYPE_CHECKING:
    pass


__all__ = ["bind_params", "convert_value"]


def _resolve_entity(g: Graph, value: str) -> URIRef:
    """An entity by slug, ``ent:`` name, IRI, label or alias (see :func:`resolve_entity`)."""
    text = value.strip()
    for prefix in (str(ENT), "ent:"):
        if text.startswith(prefix) and (URIRef(str(ENT) + text[len(prefix) :]), None, None) in g:
            return URIRef(str(ENT) + text[len(prefix) :])
    return resolve_entity(g, text)


def _resolve_source(g: Graph, value: str) -> URIRef:
    slug = value.removeprefix(str(SRC)).removeprefix("src:")
    iri = URIRef(str(SRC) + slug)
    if (iri, RDF.type, AI.Source) in g:
        return iri
    known = sorted(
        str(s).removeprefix(str(SRC))
        for s in g.subjects(RDF.type, AI.Source, unique=True)
        if str(s).startswith(str(SRC))
    )
    near = difflib.get_close_matches(slug, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise UnknownEntityError(f"unknown source {value!r}{hint}")


def bind_params(
    g: Graph, query: StoredQuery, params: Mapping[str, object]
) -> dict[str, Identifier]:
    """Each parameter value as a typed RDF term, ready for ``initBindings``.

    Values are bound, never pasted into the query text. An entity is given by its
    slug (``openai``), ``ent:openai``, its IRI, its label or an alias
    (:func:`graph.model.entities.resolve_entity`); a source by its slug, ``src:`` name or IRI.

    Raises:
        QueryError: an unknown or missing parameter, or a badly typed value (named).
        UnknownEntityError: an entity or source that the graph does not hold.
    """
    for key in params:
        if query.param(key) is None:
            declared = ", ".join(p.name for p in query.params) or "none"
            raise QueryError(
                f"{query.name}: unknown parameter {key!r} (declared parameters: {declared})"
            )
    bound: dict[str, Identifier] = {}
    for param in query.params:
        raw = params.get(param.name)
        if raw is None:
            if param.required:
                raise QueryError(
                    f"{query.name}: missing required parameter {param.name!r} ({param.type})"
                )
            if param.default is None:
                continue
            raw = param.default
        if isinstance(raw, Identifier):
            bound[param.name] = raw
            continue
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        try:
            if param.type == "entity":
                bound[param.name] = _resolve_entity(g, text)
            elif param.type == "source":
                bound[param.name] = _resolve_source(g, text)
            else:
                bound[param.name] = convert_value(param.type, text)
        except UnknownEntityError as err:
            named = UnknownEntityError(f"{query.name}: parameter {param.name!r}: {err}")
            named.advice = err.advice
            raise named from None
        except QueryError as err:
            raise QueryError(f"{query.name}: parameter {param.name!r}: {err}") from None
    return bound
