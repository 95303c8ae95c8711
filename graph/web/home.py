"""The home page."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from rdflib.namespace import RDF
from starlette.requests import Request
from starlette.responses import Response

from graph.model.errors import AikgError
from graph.model.namespaces import AI
from graph.sparql.catalogue import StoredQuery, list_queries
from graph.views.standard import render_views
from graph.web.html import escape, page_html
from graph.web.responses import html_response, page_error
from graph.web.site import site_of

__all__ = ["render_home"]


def render_home(*, triples: int, entities: int, queries: Sequence[StoredQuery]) -> str:
    """The home page: what the server holds and links to everything it serves."""
    stored = "".join(
        f"<li><a href='/query?{escape(urlencode({'name': q.name}))}'>{escape(q.title)}</a> "
        f"<span class='meta'>{escape(q.name)}</span></li>"
        for q in queries
    )
    body = (
        f"<p>{triples:,} triples about {entities:,} entities, every fact with its sources "
        "and dates.</p>\n<ul>\n"
        "<li><a href='/views/'>Standard views</a>: the whole graph, each relation family, "
        "two dates compared</li>\n"
        "<li><a href='/query'>Query page</a>: run a stored query or your own SPARQL, as a "
        "table or a graph</li>\n"
        "<li><a href='/sparql'>SPARQL 1.1 endpoint</a> (GET or POST <code>query=</code>) and "
        "<a href='/queries'>the stored queries as JSON</a></li>\n</ul>\n"
        "<form method='get' action='/entities'><label>Entity (slug, label or alias): "
        "<input name='name' required></label><button type='submit'>Open</button></form>\n"
        f"<h2>Stored queries</h2>\n<ul>{stored}</ul>\n"
    )
    return page_html("AI industry knowledge graph", body)


async def home(request: Request) -> Response:
    """``/``: what the graph holds, and the stored queries."""
    site = site_of(request)
    try:
        queries = list_queries()
    except AikgError as err:
        return page_error(500, "Server error", str(err))
    g = site.g
    entities = site.cached("entities", lambda: len(set(g.subjects(RDF.type, AI.Entity))))
    return html_response(render_home(triples=len(g), entities=entities, queries=queries))


async def views_page(request: Request) -> Response:
    """``/views/NAME``: one of the rendered views (``aikg render``'s pages)."""
    site = site_of(request)
    name = request.path_params.get("name", "index.html")
    try:
        _views, pages = await site.cached_async("views", lambda: render_views(site.store))
    except AikgError as err:
        return page_error(500, "Server error", str(err))
    if name not in pages:
        links = [(n, f"/views/{n}") for n in sorted(pages)]
        return page_error(404, "Not found", f"no view {name!r}", links=links)
    return html_response(pages[name])
