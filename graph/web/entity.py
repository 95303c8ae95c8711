"""An entity's page: its statements with their dates and sources."""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from graph.model.entities import resolve_entity
from graph.model.errors import UnknownEntityError
from graph.model.namespaces import AI, ENT
from graph.model.time import start_text
from graph.model.vocabulary import term_words
from graph.views.standard import render_ego
from graph.views.text import format_amount, format_when, safe_url
from graph.web.html import entity_path, escape, page_html
from graph.web.responses import entity_names, html_response, page_error, web_message
from graph.web.settings import EGO_CACHE
from graph.web.site import BadRequest, Site, query_params, site_of

__all__ = ["STATEMENT_COLUMNS", "render_entity_page", "statement_rows", "statement_values"]

#: The columns of an entity page's statements as downloaded: exact values, IRIs in full.
STATEMENT_COLUMNS = (
    "statement", "subject", "relation", "object", "start", "end", "point_in_time",
    "term_end", "amount", "currency", "amount_bound", "amount_kind", "status",
    "exclusivity", "evidence", "sources",
)  # fmt: skip


def statement_rows(G: nx.MultiDiGraph, entity: str) -> list[dict[str, Any]]:
    """Every statement ``entity`` is subject or object of in ``G``, one dict each.

    Sorted by relation, the other party's label and the start date.
    """
    rows: list[dict[str, Any]] = []
    edges = [(u, v, d, True) for u, v, d in G.out_edges(entity, data=True)]
    edges += [(u, v, d, False) for u, v, d in G.in_edges(entity, data=True) if u != entity]
    for u, v, data, outgoing in edges:
        other = v if outgoing else u
        for st in data.get("statements", []):
            rows.append(
                {
                    "relation": str(data.get("relation", "")),
                    "outgoing": outgoing,
                    "symmetric": bool(data.get("symmetric")),
                    "other": other,
                    "other_label": str(G.nodes[other].get("label", other)),
                    "when": format_when(st),
                    "start": start_text(st),
                    "amount": format_amount(st),
                    "status": str(st.get("status", "")),
                    "exclusivity": str(st.get("exclusivity", "")),
                    "sources": list(st.get("sources", [])),
                    "statement": str(st.get("iri", "")),
                }
            )
    rows.sort(key=lambda r: (r["relation"], r["other_label"].casefold(), r["start"]))
    return rows


def statement_values(G: nx.MultiDiGraph, entity: str) -> list[dict[str, Any]]:
    """The statements of :func:`statement_rows` with their exact values (the downloads):
    amounts as the data writes them, dates at their precision, terms and sources as IRIs."""
    rows: list[dict[str, Any]] = []
    edges = [*G.out_edges(entity, data=True)]
    edges += [(u, v, d) for u, v, d in G.in_edges(entity, data=True) if u != entity]
    for u, v, data in edges:
        for st in data.get("statements", []):
            row: dict[str, Any] = {
                "statement": st.get("iri", ""), "subject": u, "object": v,
                "relation": str(AI) + str(data.get("relation", "")),
            }  # fmt: skip
            for key in STATEMENT_COLUMNS:
                if key not in row and key != "sources":
                    value = st.get(key)
                    terms = ("amount_bound", "amount_kind", "status", "exclusivity", "evidence")
                    row[key] = (
                        (str(AI) + str(value) if key in terms else str(value)) if value else ""
                    )
            row["sources"] = list(st.get("sources", []))
            rows.append(row)
    rows.sort(key=lambda r: (r["relation"], r["statement"]))
    return rows


def _source_links(iris: Sequence[str], sources: Mapping[str, Mapping[str, str]]) -> str:
    parts = []
    for iri in iris:
        info = sources.get(iri, {})
        text = info.get("title") or iri.rsplit("/", 1)[-1]
        if info.get("publisher"):
            text = f"{text} — {info['publisher']}"
        url = safe_url(info.get("url", ""))
        if url:
            parts.append(f"<a href='{escape(url)}' rel='noopener noreferrer'>{escape(text)}</a>")
        else:
            parts.append(escape(text))
    return "<br>".join(parts)


def render_entity_page(
    g: Graph,
    G: nx.MultiDiGraph,
    entity: str,
    *,
    sources: Mapping[str, Mapping[str, str]],
    graph_path: str,
) -> str:
    """An entity's page: label, classes, description, Wikidata link, aliases, every
    statement it takes part in, and its neighbourhood drawn in a frame (``graph_path``)."""
    attrs = G.nodes[entity]
    label = str(attrs.get("label", entity))
    aliases = sorted(str(a) for a in g.objects(URIRef(entity), SKOS.altLabel))
    facts = [f"<p class='meta'>{escape(', '.join(attrs.get('classes', [])) or 'Entity')} · "
             f"<code>{escape(entity)}</code></p>"]  # fmt: skip
    if attrs.get("description"):
        facts.append(f"<p>{escape(attrs['description'])}</p>")
    if aliases:
        facts.append(f"<p>Also known as: {escape(', '.join(aliases))}</p>")
    qid = str(attrs.get("wikidata") or "")
    url = safe_url(f"https://www.wikidata.org/wiki/{qid}") if qid else None
    if url and qid[1:].isdigit() and qid.startswith("Q"):
        facts.append(
            f"<p>Wikidata: <a href='{escape(url)}' rel='noopener noreferrer'>{escape(qid)}</a></p>"
        )
    rows = statement_rows(G, entity)
    download = graph_path.removesuffix("/graph") + "/statements"
    body_rows = []
    for r in rows:
        other_path = entity_path(r["other"])
        other = escape(r["other_label"])
        if other_path:
            other = f"<a href='{escape(other_path)}'>{other}</a>"
        arrow = "—" if r["symmetric"] else ("→" if r["outgoing"] else "←")
        cells = [
            f"{arrow} {escape(term_words(r['relation']))}",
            other,
            escape(r["when"] or "undated"),
            escape(r["amount"]),
            escape(term_words(r["status"]) if r["status"] else ""),
            escape(term_words(r["exclusivity"]) if r["exclusivity"] else ""),
            _source_links(r["sources"], sources),
        ]
        body_rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>\n")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("relation", "with", "dates", "amount", "status", "exclusivity", "sources")
    )
    body = (
        "".join(facts)
        + f"<h2>Neighbourhood</h2>\n<iframe src='{escape(graph_path)}' title='neighbourhood of "
        f"{escape(label)}'></iframe>\n"
        + f"<h2>Statements ({len(rows)})</h2>\n<p class='meta'>→ from this entity, ← to it, "
        "— both ways; current and past statements. A version that disagreeing sources "
        "deprecated is left out; the conflicts query lists every version.</p>\n"
        + f"<p class='meta' id='downloads'>Download: <a href='{escape(download)}.csv'>CSV</a>"
        f" · <a href='{escape(download)}.json'>JSON</a></p>\n"
        + f"<table id='statements'><thead><tr>{head}</tr></thead><tbody>\n"
        + "".join(body_rows)
        + "</tbody></table>\n"
    )
    return page_html(label, body)


def _not_found(site: Site, name: str, err: UnknownEntityError) -> Response:
    """A 404 page that links the entities whose names are near ``name``."""
    names: dict[str, URIRef] = site.cached("names", lambda: entity_names(site.g))
    key = name.strip().casefold()
    near = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    near += sorted(n for n in names if key and key in n and n not in near)[: 5 - len(near)]
    links: list[tuple[str, str]] = []
    for candidate in near:
        path = entity_path(str(names[candidate]))
        if path and all(path != p for _, p in links):
            links.append((str(site.g.value(names[candidate], RDFS.label) or candidate), path))
    if err.advice:  # nothing has the name (else it names several: the message says which)
        message = (
            f"No entity is called {name.strip()!r}. An entity's page is found by its label, "
            "one of its aliases, or the slug of its address (openai in /entities/openai)."
        )
    else:
        message = web_message(err)
    search = urlencode({"name": "search_entities", "text": name.strip()})
    also = [(f"Search labels, aliases and descriptions for {name.strip()!r}", f"/query?{search}")]
    return page_error(
        404, "Unknown entity", message, links=links, also=also if name.strip() else []
    )


async def entity_search(request: Request) -> Response:
    """``/entities?name=…``: to the entity's page, found by slug, label or alias."""
    site = site_of(request)
    try:
        params = query_params(request)
    except BadRequest as err:
        return page_error(err.status, "Bad request", str(err))
    name = next((v for k, v in params if k == "name"), "")
    try:
        iri = resolve_entity(site.g, name)
    except UnknownEntityError as err:
        return _not_found(site, name, err)
    return RedirectResponse(entity_path(str(iri)) or "/", status_code=303)


async def entity_page(request: Request) -> Response:
    """``/entities/SLUG``: the entity's statements, with their dates and sources."""
    site = site_of(request)
    slug = request.path_params["slug"]
    iri = str(ENT) + slug
    G = await site.history_async()
    if iri not in G:
        try:
            found = resolve_entity(site.g, slug)
        except UnknownEntityError as err:
            return _not_found(site, slug, err)
        return RedirectResponse(entity_path(str(found)) or "/", status_code=303)
    page = render_entity_page(
        site.g, G, iri, sources=site.sources(), graph_path=f"/entities/{slug}/graph"
    )
    return html_response(page)


async def entity_graph(request: Request) -> Response:
    """``/entities/SLUG/graph``: the entity's neighbourhood view, framed in its page."""
    site = site_of(request)
    slug = request.path_params["slug"]
    if str(ENT) + slug not in await site.history_async():
        return page_error(404, "Unknown entity", f"unknown entity {slug!r}")
    page = site.egos.get(slug)
    if page is None:
        page = await anyio.to_thread.run_sync(lambda: render_ego(site.store, slug))
        site.egos[slug] = page
        while len(site.egos) > EGO_CACHE:  # keep memory bounded: drop the oldest
            site.egos.pop(next(iter(site.egos)))
    return html_response(page, framed=True)


async def entity_statements(request: Request) -> Response:
    """``/entities/SLUG/statements.csv`` (or ``.json``): the page's statements, exact values."""
    site = site_of(request)
    slug, fmt = request.path_params["slug"], request.path_params["fmt"]
    iri = str(ENT) + slug
    G = await site.history_async()
    if iri not in G:
        return page_error(404, "Unknown entity", f"No entity has the address /entities/{slug}.")
    if fmt not in ("csv", "json"):
        return page_error(404, "Not found", "the statements download as .csv or .json")
    rows = statement_values(G, iri)
    if fmt == "json":
        body = json.dumps({"entity": iri, "statements": rows}, indent=2, ensure_ascii=False)
        return Response(body, media_type="application/json; charset=utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STATEMENT_COLUMNS)
    for row in rows:
        writer.writerow([" ".join(row[c]) if c == "sources" else row[c] for c in STATEMENT_COLUMNS])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
