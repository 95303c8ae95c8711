"""Resolving entity and source names on a store without fetching every name."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from graph.model.entities import resolve_entity
from graph.model.errors import UnknownEntityError
from graph.model.namespaces import AI, ENT, SRC
from graph.sparql.catalogue import StoredQuery
from graph.sparql.internal import internal_query
from graph.store.base import Store

__all__ = ["entity_candidates", "names_for"]


#: A slug, as data/README.md defines them.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def entity_candidates(store: Store, name: str) -> Graph:
    """The entities of ``store`` that may carry ``name`` (slug, ``ent:`` name, IRI, label or
    alias, case-insensitively) with their types, labels and aliases: one query
    (``graph/sparql/entity_named.rq``), so that :func:`graph.model.entities.resolve_entity` can
    pick the entity among them without every name being fetched.

    >>> from graph.store.memory import MemoryStore
    >>> len(entity_candidates(MemoryStore(), "OpenAI"))
    0

    Raises:
        StoreError: the store cannot be read.
    """
    text = name.strip()
    slug = text.removeprefix(str(ENT)).removeprefix("ent:").casefold()
    if _SLUG.fullmatch(slug):
        # A slug wins over labels and aliases: one ASK settles it (milliseconds, where the
        # query below reads every entity's names: 0.4 s at a million triples).
        node = URIRef(str(ENT) + slug)
        ask = store.query(internal_query("typed"), bindings={"node": node, "class": AI.Entity})
        if ask.askAnswer:
            out = Graph()
            out.add((node, RDF.type, AI.Entity))
            return out
    bindings = {"wanted": Literal(text.casefold()), "iri": Literal(str(ENT) + slug)}
    found = store.query(internal_query("entity_named"), bindings=bindings).graph
    return found if found is not None else Graph()


def names_for(store: Store, query: StoredQuery, params: Mapping[str, object]) -> Graph:
    """What :func:`graph.sparql.binding.bind_params` needs to resolve ``query``'s entity and
    source parameters on ``store``: the entities each entity parameter may name
    (:func:`entity_candidates`), the type of each source named by slug, ``src:`` name or
    IRI (one ASK each), and :meth:`Store.names` only when these do not settle it (a typo:
    the near names are suggested from all of them).

    The answer is the one the whole graph would give.

    >>> from pathlib import Path
    >>> from graph.store.memory import MemoryStore
    >>> len(names_for(MemoryStore(), StoredQuery("q", Path("q.rq"), "", "", (), "", ""), {}))
    0

    Raises:
        StoreError: the store cannot be read.
    """
    out = Graph()
    for param in query.params:
        value = params.get(param.name, param.default)
        if param.type not in ("entity", "source") or value is None:
            continue
        if not isinstance(value, str):  # a URIRef is a str
            return store.names()
        text = value.strip()
        if param.type == "entity":
            found = entity_candidates(store, text)
            try:
                resolve_entity(found, text.removeprefix("ent:"))
            except UnknownEntityError:
                return store.names()
            out += found
            continue
        slug = text.removeprefix(str(SRC)).removeprefix("src:")
        node = URIRef(str(SRC) + slug)
        typed = (
            _SLUG.fullmatch(slug)
            and store.query(
                internal_query("typed"), bindings={"node": node, "class": AI.Source}
            ).askAnswer
        )
        if not typed:
            return store.names()  # a typo: the full names say which sources there are
        out.add((node, RDF.type, AI.Source))
    return out
