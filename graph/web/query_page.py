"""A stored query's page: its form and its result table."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import anyio.to_thread
from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Identifier, Node
from starlette.requests import Request
from starlette.responses import Response

from graph.model.errors import AikgError, QueryError
from graph.model.namespaces import AI, ENT, SRC
from graph.network.readable import Shown, Sources, readable_rows, result_table
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import StoredQuery, list_queries, load_query
from graph.store.text import query_kind
from graph.views.query import query_anchors, render_query_view
from graph.views.text import safe_url
from graph.web.endpoint import run_job
from graph.web.html import entity_path, escape, page_html
from graph.web.responses import html_response, page_error, web_message
from graph.web.site import BadRequest, Site, query_params, site_of
from graph.web.workers import QueryTimeout

__all__ = ["Refusal", "render_query_page"]


@dataclass(frozen=True)
class Refusal:
    """Why a query got no answer, and the status that says it as ``/sparql`` does: 400 for
    the query's fault, 503 for the server's (past the time limit, every worker busy)."""

    status: int
    message: str


def _piece(piece: Shown) -> str:
    """One piece of a cell: an entity linked to its page, a source to its web page, another
    IRI to itself when it is a web address; a vocabulary term in words, its IRI on hover."""
    path = entity_path(piece.iri) if piece.iri else None
    if path:
        return f"<a href='{escape(path)}'>{escape(piece.iri.removeprefix(str(ENT)))}</a>"
    url = safe_url(piece.url) if piece.url else None
    if url:
        return f"<a href='{escape(url)}' rel='noopener noreferrer'>{escape(piece.text)}</a>"
    if piece.iri.startswith(str(AI)):
        return f"<span title='{escape(piece.iri)}'>{escape(piece.text)}</span>"
    if piece.iri and not piece.iri.startswith(str(SRC)):
        url = safe_url(piece.iri)
        if url:
            return f"<a href='{escape(url)}' rel='noopener noreferrer'>{escape(url)}</a>"
    return escape(piece.text)


def _downloads(links: Sequence[tuple[str, str]]) -> str:
    if not links:
        return ""
    items = " · ".join(f"<a href='{escape(path)}'>{escape(label)}</a>" for label, path in links)
    return f"<p class='meta' id='downloads'>Download: {items}</p>\n"


def _result_table(
    result: Result, sources: Sources, downloads: Sequence[tuple[str, str]] = ()
) -> str:
    if result.type == "ASK":
        return f"<p id='answer'>{'true' if result.askAnswer else 'false'}</p>\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        names = ["subject", "predicate", "object"]
        rows: list[dict[str, Node | None]] = [
            dict(zip(names, t, strict=True)) for t in sorted(result.graph)
        ]
    else:
        names, rows = result_table(result)
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{'<br>'.join(_piece(p) for p in cell)}</td>" for cell in row)
        + "</tr>\n"
        for row in readable_rows(names, rows, sources)
    )
    return (
        f"<p class='meta'>{len(rows)} row{'' if len(rows) == 1 else 's'}</p>\n"
        + _downloads(downloads)
        + f"<table id='results'><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
    )


def render_query_page(
    queries: Sequence[StoredQuery],
    *,
    chosen: StoredQuery | None,
    values: Mapping[str, str],
    sparql: str,
    view: str,
    result: Result | None = None,
    error: str | None = None,
    graph_path: str | None = None,
    truncated: bool = False,
    sources: Sources | None = None,
    downloads: Sequence[tuple[str, str]] = (),
) -> str:
    """The query page: a form (stored query and its parameters, or SPARQL text), then the
    answer as a table (sources by title, money with its bound, terms in words; the
    ``downloads`` links give the exact values), and as a graph in a frame (``graph_path``)
    when asked for."""
    options = ["<option value=''>(type SPARQL below)</option>"] + [
        f"<option value='{escape(q.name)}'"
        f"{' selected' if chosen and q.name == chosen.name else ''}>"
        f"{escape(q.title)} ({escape(q.name)})</option>"
        for q in queries
    ]
    fields = []
    if chosen is not None:
        fields.append(f"<p class='meta'>{escape(chosen.description)}</p>")
        for p in chosen.params:
            needed = " (required)" if p.required else ""
            fields.append(
                f"<label>{escape(p.name)} <span class='meta'>{escape(p.type)}{needed}: "
                f"{escape(p.description)}</span> <input name='{escape(p.name)}' "
                f"value='{escape(values.get(p.name, ''))}' placeholder='{escape(p.default or '')}'>"
                "</label>"
            )
    views = "".join(
        f"<option value='{v}'{' selected' if v == view else ''}>{v}</option>"
        for v in ("auto", "table", "graph")
    )
    form = (
        "<form method='get' action='/query'>\n"
        f"<label>Stored query: <select name='name'>{''.join(options)}</select></label>\n"
        + "".join(fields)
        + "<label>SPARQL (used when no stored query is chosen):<textarea name='sparql' "
        f"rows='8'>{escape(sparql)}</textarea></label>\n"
        f"<label>Show as: <select name='view'>{views}</select></label>\n"
        "<button type='submit'>Run</button>\n</form>\n"
    )
    out = [form]
    if error:
        out.append(f"<p class='error' id='error'>{escape(error)}</p>\n")
    if truncated:
        out.append("<p class='meta'>The answer was cut at the row limit.</p>\n")
    if graph_path:
        out.append(
            f"<iframe id='graph' src='{escape(graph_path)}' title='result graph'></iframe>\n"
        )
    if result is not None:
        out.append(_result_table(result, sources or {}, downloads))
    return page_html(chosen.title if chosen else "Query", "".join(out))


#: What a form asks for: the stored query chosen, its values, SPARQL text and view.
Form = tuple[StoredQuery | None, dict[str, str], str, str]


async def _run_for_page(
    site: Site, text: str, bindings: dict[str, Identifier] | None
) -> tuple[Result, bool] | Refusal:
    """Run a query through the workers, as /sparql does, and read the answer back."""
    try:
        kind = query_kind(text)
    except QueryError as err:
        return Refusal(400, str(err))
    graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
    try:
        answer = await run_job(site, text, "nt" if graph_kind else "json", bindings=bindings)
    except QueryTimeout as err:
        return Refusal(503, str(err))
    if isinstance(answer, str):
        return Refusal(400, answer)
    body, truncated = answer
    if graph_kind:
        result = Result(kind)
        result.graph = Graph().parse(data=body.decode("utf-8"), format="nt")
    else:
        result = Result.parse(io.BytesIO(body), format="json")
    return result, truncated


def _read_form(params: list[tuple[str, str]]) -> Form:
    values: dict[str, str] = {}
    name, sparql_text, view = "", "", "auto"
    for key, value in params:
        if key == "name":
            name = value.strip()
        elif key == "sparql":
            sparql_text = value
        elif key == "view":
            view = value if value in ("auto", "table", "graph") else "auto"
        elif value.strip():
            if key in values:
                raise QueryError(f"parameter {key!r} given twice")
            values[key] = value.strip()
    chosen = load_query(name) if name else None
    return chosen, values, sparql_text, view


async def _answer_form(site: Site, params: list[tuple[str, str]]) -> tuple[Form, Any]:
    """The form, and its answer (result, truncated, anchors), a refusal, or None."""
    try:
        form = _read_form(params)
    except AikgError as err:
        return (None, {}, "", "auto"), Refusal(400, web_message(err))
    chosen, values, sparql_text, _view = form
    if chosen is None and not sparql_text.strip():
        return form, None
    if chosen is not None and not values and any(p.required for p in chosen.params):
        return form, None  # just chosen: show its fields
    try:
        if chosen is not None:
            bindings = bind_params(site.g, chosen, values)
            text = chosen.text
        else:
            if values:
                raise QueryError("parameters go with a stored query; choose one")
            bindings, text = None, sparql_text
    except AikgError as err:
        return form, Refusal(400, web_message(err))
    answer = await _run_for_page(site, text, bindings)
    if isinstance(answer, Refusal):
        return form, answer
    anchors = query_anchors(chosen, bindings or {}) if chosen is not None else []
    return form, (*answer, anchors)


async def query_page(request: Request) -> Response:
    """``/query``: choose a stored query or type SPARQL; the answer as a table or a graph."""
    try:
        params = query_params(request)
    except BadRequest as err:
        return page_error(err.status, "Bad request", str(err))
    try:
        queries = list_queries()
    except AikgError as err:
        return page_error(500, "Server error", str(err))
    (chosen, values, sparql_text, view), answer = await _answer_form(site_of(request), params)
    refusal = answer if isinstance(answer, Refusal) else None
    result, truncated, graph_path = None, False, None
    downloads: list[tuple[str, str]] = []
    if isinstance(answer, tuple):
        result, truncated, _anchors = answer
        preferred = (
            chosen.view
            if chosen is not None
            else ("graph" if result.type in ("CONSTRUCT", "DESCRIBE") else "table")
        )
        if result.type != "ASK" and (view == "graph" or (view == "auto" and preferred == "graph")):
            graph_path = "/query/graph?" + urlencode(params)
        downloads = _download_links(chosen, values, sparql_text, result.type)
    page = render_query_page(
        queries,
        chosen=chosen,
        values=values,
        sparql=sparql_text,
        view=view,
        result=result,
        error=refusal.message if refusal else None,
        graph_path=graph_path,
        truncated=truncated,
        sources=site_of(request).sources() if result is not None else None,
        downloads=downloads,
    )
    return html_response(page, status=refusal.status if refusal else 200)


def _download_links(
    chosen: StoredQuery | None, values: Mapping[str, str], sparql_text: str, kind: str
) -> list[tuple[str, str]]:
    """The answer's exact values, as the endpoint gives them: CSV and JSON for a table, Turtle
    and N-Triples for a graph (a stored query from /queries/NAME, typed SPARQL from /sparql)."""
    formats = ["turtle", "nt"] if kind in ("CONSTRUCT", "DESCRIBE") else ["csv", "json"]
    if chosen is not None:
        base, pairs = f"/queries/{quote(chosen.name)}", list(values.items())
    else:
        base, pairs = "/sparql", [("query", sparql_text)]
    return [(fmt.upper() if len(fmt) < 5 else fmt.title(),
             f"{base}?{urlencode([*pairs, ('_format', fmt)])}") for fmt in formats]  # fmt: skip


async def query_graph(request: Request) -> Response:
    """``/query/graph``: the answer of ``/query``'s form drawn as a graph."""
    site = site_of(request)
    try:
        params = query_params(request)
    except BadRequest as err:
        return page_error(err.status, "Bad request", str(err))
    (chosen, *_), answer = await _answer_form(site, params)
    if answer is None:
        return page_error(400, "No query", "choose a stored query or type SPARQL")
    if isinstance(answer, Refusal):
        return page_error(answer.status, "Query failed", answer.message)
    result, _truncated, anchors = answer
    title = chosen.title if chosen is not None else "Query result"
    try:
        page = await anyio.to_thread.run_sync(
            lambda: render_query_view(site.store, result, title=title, anchors=anchors)
        )
    except AikgError as err:
        return page_error(400, "Cannot draw", str(err))
    return html_response(page, framed=True)
