"""Finding an entity by the name a user types: its slug, label or an alias."""

from __future__ import annotations

import difflib

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from graph.model.errors import UnknownEntityError
from graph.model.namespaces import AI, ENT

__all__ = ["NAMING_ADVICE", "resolve_entity"]

#: How an unknown entity's message tells a curator to name one (``advice`` of the error).
NAMING_ADVICE = "give a slug, label or alias from entities.csv"


def resolve_entity(g: Graph, name: str) -> URIRef:
    """The entity of ``g`` named ``name``: its slug, label or alias, case-insensitive.

    A full entity IRI is accepted too. The slug wins over labels, and labels
    over aliases, so a name never matches two entities silently.

    >>> from graph import load_graph
    >>> str(resolve_entity(load_graph(), "SOFTBANK"))
    'https://w3id.org/aikg/entity/softbank'

    Raises:
        UnknownEntityError: nothing has that name (the message lists near
            matches), or an alias is shared by several entities.
    """
    wanted = name.strip().casefold()
    entities = sorted(
        {e for e in g.subjects(RDF.type, AI.Entity) if isinstance(e, URIRef)}, key=str
    )
    by_slug: dict[str, list[URIRef]] = {}
    by_label: dict[str, list[URIRef]] = {}
    by_alias: dict[str, list[URIRef]] = {}
    for entity in entities:
        by_slug.setdefault(str(entity).removeprefix(str(ENT)).casefold(), []).append(entity)
        by_slug.setdefault(str(entity).casefold(), []).append(entity)
        for label in g.objects(entity, RDFS.label):
            by_label.setdefault(str(label).casefold(), []).append(entity)
        for alias in g.objects(entity, SKOS.altLabel):
            by_alias.setdefault(str(alias).casefold(), []).append(entity)
    for table in (by_slug, by_label, by_alias):
        found = table.get(wanted, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            slugs = ", ".join(str(e).removeprefix(str(ENT)) for e in found)
            raise UnknownEntityError(f"{name!r} names several entities ({slugs}); use a slug")
    names = {**by_alias, **by_label, **{k: v for k, v in by_slug.items() if "/" not in k}}
    near = difflib.get_close_matches(wanted, sorted(names), n=5, cutoff=0.6)
    near += sorted(k for k in names if wanted and wanted in k and k not in near)[: 5 - len(near)]
    shown: list[str] = []
    for candidate in near:
        entity = names[candidate][0]
        slug = str(entity).removeprefix(str(ENT))
        name_shown = str(g.value(entity, RDFS.label) or slug)
        text = slug if name_shown.casefold() == slug else f"{name_shown} ({slug})"
        if text not in shown:
            shown.append(text)
    hint = f"; did you mean {', '.join(shown)}?" if shown else ""
    err = UnknownEntityError(f"unknown entity {name!r}{hint} ({NAMING_ADVICE})")
    err.advice = NAMING_ADVICE
    raise err
