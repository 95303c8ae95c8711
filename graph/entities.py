"""Finding an entity by the name a user types: its slug, label or an alias."""

from __future__ import annotations

import difflib

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from .errors import UnknownEntityError
from .namespaces import AI, ENT

__all__ = ["entity_names", "resolve_entity"]


def entity_names(g: Graph) -> dict[str, URIRef]:
    """Every lower-cased slug, label and alias of the entities in ``g``, mapped to the entity.

    A slug wins over a label, and a label over an alias, when two entities share a name.

    >>> from graph import load_graph
    >>> str(entity_names(load_graph())["openai"])
    'https://w3id.org/aikg/entity/openai'
    """
    names: dict[str, URIRef] = {}
    entities = sorted(
        (e for e in set(g.subjects(RDF.type, AI.Entity)) if isinstance(e, URIRef)), key=str
    )
    for prop in (SKOS.altLabel, RDFS.label):
        for entity in entities:
            for name in g.objects(entity, prop):
                names[str(name).strip().casefold()] = entity
    for entity in entities:
        if str(entity).startswith(str(ENT)):
            names[str(entity).removeprefix(str(ENT)).casefold()] = entity
    return names


def resolve_entity(g: Graph, name: str) -> URIRef:
    """The entity of ``g`` whose slug, label or alias is ``name`` (case-insensitive).

    >>> from graph import load_graph
    >>> str(resolve_entity(load_graph(), "microsoft"))
    'https://w3id.org/aikg/entity/microsoft'

    Raises:
        UnknownEntityError: no entity has that name; the message suggests near matches.
    """
    names = entity_names(g)
    key = name.strip().casefold()
    if key in names:
        return names[key]
    near = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    near += sorted(n for n in names if key and key in n and n not in near)[: 5 - len(near)]
    labels: list[str] = []
    for candidate in near:
        label = str(g.value(names[candidate], RDFS.label) or candidate)
        slug = str(names[candidate]).removeprefix(str(ENT))
        shown = f"{label} ({slug})" if label.casefold() != slug else slug
        if shown not in labels:
            labels.append(shown)
    hint = f"; did you mean {', '.join(labels)}?" if labels else ""
    raise UnknownEntityError(
        f"unknown entity {name!r}{hint} (give a slug, label or alias from entities.csv)"
    )
