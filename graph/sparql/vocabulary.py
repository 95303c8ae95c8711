"""Terms of the ``ai:`` namespace that a query names but the vocabulary does not define: a
misspelt relation (``ai:competeWith``) matches nothing, and the answer is silently empty."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rdflib import Graph, URIRef
from rdflib.paths import Path
from rdflib.plugins.sparql.parserutils import CompValue

from graph.model.errors import QueryError
from graph.model.namespaces import AI
from graph.model.paths import ONTOLOGY_FILE, shipped_file
from graph.sparql.safety import check_query

__all__ = ["UnknownTerm", "unknown_terms"]

#: The similarity (0-100, rapidfuzz's ratio on lower-cased names) a suggestion needs.
SUGGESTION_SCORE = 75


@dataclass(frozen=True)
class UnknownTerm:
    """An ``ai:`` term the shipped ontology does not define, and the nearest one it does."""

    term: str
    suggestion: str | None

    def message(self) -> str:
        """The warning in words.

        >>> UnknownTerm("ai:competeWith", "ai:competesWith").message()
        'ai:competeWith is not in the vocabulary (data/ontology.ttl); did you mean ai:competesWith?'
        """
        hint = f"; did you mean {self.suggestion}?" if self.suggestion else ""
        return f"{self.term} is not in the vocabulary (data/{ONTOLOGY_FILE}){hint}"


@lru_cache(maxsize=1)
def _defined() -> frozenset[str]:
    """The local names of every ``ai:`` term the shipped ontology describes."""
    ontology = Graph().parse(shipped_file(ONTOLOGY_FILE), format="turtle")
    base = str(AI)
    return frozenset(
        str(s)[len(base) :]
        for s in ontology.subjects(unique=True)
        if isinstance(s, URIRef) and str(s).startswith(base) and len(str(s)) > len(base)
    )


def _iris(node: object) -> Iterator[URIRef]:
    """Every IRI in a translated query's algebra: patterns, paths, expressions, VALUES."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, CompValue | dict):
        for value in node.values():
            yield from _iris(value)
    elif isinstance(node, Path):
        yield from _iris(getattr(node, "args", None) or getattr(node, "path", None))
    elif isinstance(node, list | tuple | set | frozenset):
        for item in node:
            yield from _iris(item)


def _suggest(name: str, known: Iterable[str]) -> str | None:
    found = process.extractOne(
        name, list(known), scorer=fuzz.ratio, processor=str.casefold, score_cutoff=SUGGESTION_SCORE
    )
    return f"ai:{found[0]}" if found else None


def unknown_terms(text: str) -> list[UnknownTerm]:
    """The ``ai:`` terms in the query ``text`` that the vocabulary does not define, in the
    order the text names them, each with the nearest defined term; empty for a query that
    does not parse (running it says why).

    >>> [t.message() for t in unknown_terms("SELECT ?c WHERE { ent:openai ai:competeWith ?c }")]
    ['ai:competeWith is not in the vocabulary (data/ontology.ttl); did you mean ai:competesWith?']
    >>> unknown_terms("SELECT ?c WHERE { ent:openai ai:competesWith ?c }")
    []
    """
    try:
        algebra = check_query(text).algebra
    except QueryError:
        return []
    known = _defined()
    base = str(AI)
    found: dict[str, UnknownTerm] = {}
    for iri in _iris(algebra):
        name = str(iri)[len(base) :] if str(iri).startswith(base) else None
        if not name or name in known or f"ai:{name}" in found:
            continue
        found[f"ai:{name}"] = UnknownTerm(f"ai:{name}", _suggest(name, known))

    def first_use(term: UnknownTerm) -> int:
        name = term.term.removeprefix("ai:")
        places = [text.find(f"ai:{name}"), text.find(f"{base}{name}")]
        return min((p for p in places if p >= 0), default=len(text))

    return sorted(found.values(), key=first_use)
