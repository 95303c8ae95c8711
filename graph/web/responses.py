"""Responses: content negotiation, errors without tracebacks, framed HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, VOID
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
)

from graph.model.entities import NAMING_ADVICE
from graph.model.errors import AikgError
from graph.model.namespaces import AI, ENT, FORMATS, SD
from graph.sparql.catalogue import LISTING_ADVICE
from graph.sparql.results import GRAPH_FORMATS, RESULT_FORMATS
from graph.web.html import PAGE_CSP, render_message

__all__ = [
    "GRAPH_TYPES",
    "SELECT_TYPES",
    "entity_names",
    "error_response",
    "html_response",
    "media_type",
    "negotiate",
    "page_error",
    "service_description",
    "web_message",
]


#: What the web pages say in place of the command line's advice: a visitor sees labels,
#: aliases and addresses, never entities.csv or `aikg queries`.
_WEB_ADVICE = {
    NAMING_ADVICE: "type an entity's label, one of its aliases or the slug of its page's "
    "address, as in /entities/openai",
    LISTING_ADVICE: "the query page, /query, lists them",
}


def web_message(err: AikgError) -> str:
    """``err``'s message as a web visitor reads it.

    >>> from graph.model.errors import UnknownEntityError
    >>> err = UnknownEntityError(f"unknown entity 'x' ({NAMING_ADVICE})")
    >>> err.advice = NAMING_ADVICE
    >>> web_message(err)[:50]
    "unknown entity 'x' (type an entity's label, one of"
    """
    return err.reworded(_WEB_ADVICE.get(err.advice, err.advice))


SELECT_TYPES: dict[str, str] = {
    **{media: fmt for fmt, media in RESULT_FORMATS.items()},
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}


GRAPH_TYPES: dict[str, str] = {
    **{media: fmt for fmt, media in GRAPH_FORMATS.items()},
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "xml",
}


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str | None:
    """The format for an ``Accept`` header, or None when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", SELECT_TYPES, "json")
    'json'
    >>> negotiate("image/png", SELECT_TYPES, "json") is None
    True
    """
    if not accept or not accept.strip():
        return default
    best: tuple[float, int, str] | None = None
    for order, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in ("*/*", "*"):
            fmt: str | None = default
        elif media.endswith("/*"):
            major = media[:-1]
            matching = [f for m, f in offered.items() if m.startswith(major)]
            fmt = default if default in matching else next(iter(matching), None)
        else:
            fmt = offered.get(media)
        if fmt is None:
            continue
        rank = (q, -order, fmt)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def media_type(kind: str, fmt: str) -> str:
    media = GRAPH_FORMATS[fmt] if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS[fmt]
    return media + "; charset=utf-8"


def error_response(status: int, message: str) -> PlainTextResponse:
    """A plain-text error; never sniffed as HTML (it may echo the query)."""
    return PlainTextResponse(
        message.rstrip() + "\n", status_code=status, headers={"X-Content-Type-Options": "nosniff"}
    )


_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def html_response(page: str, *, status: int = 200, framed: bool = False) -> HTMLResponse:
    """An HTML page with its Content-Security-Policy also sent as a header.

    A drawn view keeps its own hash-based policy; ``framed`` lets this server's pages
    show it in a frame.
    """
    match = _META_CSP.search(page)
    policy = match[1] if match else PAGE_CSP
    policy += "; frame-ancestors 'self'" if framed else "; frame-ancestors 'none'"
    headers = {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(page, status_code=status, headers=headers)


def page_error(
    status: int,
    title: str,
    message: str,
    *,
    links: Sequence[tuple[str, str]] = (),
    also: Sequence[tuple[str, str]] = (),
) -> HTMLResponse:
    return html_response(render_message(title, message, links=links, also=also), status=status)


def entity_names(g: Graph) -> dict[str, URIRef]:
    """Each entity's lower-cased slug, label and aliases, for near-match suggestions."""
    names: dict[str, URIRef] = {}
    for entity in sorted(set(g.subjects(RDF.type, AI.Entity)), key=str):
        if not isinstance(entity, URIRef) or not str(entity).startswith(str(ENT)):
            continue
        for prop in (SKOS.altLabel, RDFS.label):
            for name in g.objects(entity, prop):
                names.setdefault(str(name).casefold(), entity)
        names[str(entity).removeprefix(str(ENT)).casefold()] = entity
    return names


def service_description(g: Graph, endpoint: str) -> bytes:
    sd = Graph()
    sd.bind("sd", SD)
    sd.bind("formats", FORMATS)
    sd.bind("void", VOID)
    service = BNode("service")
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, URIRef(endpoint)))
    sd.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):  # fmt: skip
        sd.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode("dataset"), BNode("default")
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    sd.add((dataset, SD.defaultGraph, default))
    sd.add((default, RDF.type, SD.Graph))
    sd.add((default, VOID.triples, Literal(len(g))))
    body = sd.serialize(format="turtle", encoding="utf-8")
    return body
