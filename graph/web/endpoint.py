"""The SPARQL 1.1 Protocol endpoint (`/sparql`) and the stored queries' JSON API (`/queries`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib.term import Identifier
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from graph.model.errors import AikgError, QueryError
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import StoredQuery, list_queries, load_query
from graph.sparql.results import a_query
from graph.store.text import query_kind
from graph.web.responses import (
    GRAPH_TYPES,
    SELECT_TYPES,
    error_response,
    media_type,
    negotiate,
    service_description,
    web_message,
)
from graph.web.site import BadRequest, Site, form_pairs, query_params, site_of
from graph.web.workers import Job, QueryTimeout

__all__ = ["run_job", "sparql", "stored", "stored_list"]


async def run_job(
    site: Site,
    text: str,
    fmt: str,
    *,
    bindings: dict[str, Identifier] | None = None,
    default_graphs: Sequence[str] = (),
) -> tuple[bytes, bool] | str:
    """The answer's bytes in ``fmt`` and whether the row cap cut it, or what went wrong.

    Raises:
        QueryTimeout: the query ran past the time limit; its worker was stopped.
    """
    job: Job = {
        "text": text,
        "bindings": bindings,
        "default_graphs": list(default_graphs),
        "format": fmt,
        "max_rows": site.settings.max_rows,
    }
    status, payload = await site.pool.run(job)
    if status != "ok":
        return str(payload)
    body, truncated = payload
    return body, truncated


def _format_for(request: Request, kind: str, forced: str | None) -> str | Response:
    """The result format to answer a ``kind`` query in, from ``_format`` or ``Accept``."""
    graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
    offered = GRAPH_TYPES if graph_kind else SELECT_TYPES
    if forced is not None:
        if forced not in offered.values():
            return error_response(400, f"unknown _format {forced!r} for {a_query(kind)}")
        return forced
    fmt = negotiate(request.headers.get("accept"), offered, "turtle" if graph_kind else "json")
    if fmt is None:
        wanted = ", ".join(sorted(set(offered)))
        return error_response(
            406, f"cannot answer {a_query(kind)} in that Accept type; offer: {wanted}"
        )
    return fmt


async def respond(
    request: Request,
    text: str,
    *,
    bindings: dict[str, Identifier] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    forced: str | None = None,
) -> Response:
    """Answer a query as the protocol says: negotiated, capped, timed, never a traceback."""
    try:
        kind = query_kind(text)
    except QueryError as err:
        return error_response(400, str(err))
    if named_graphs:
        return error_response(400, "named graphs are not supported: the endpoint holds one graph")
    fmt = _format_for(request, kind, forced)
    if isinstance(fmt, Response):
        return fmt
    try:
        answer = await run_job(
            site_of(request), text, fmt, bindings=bindings, default_graphs=default_graphs
        )
    except QueryTimeout as err:
        return error_response(503, str(err))
    if isinstance(answer, str):
        return error_response(400, answer)
    body, truncated = answer
    headers = {"X-Result-Truncated": "true"} if truncated else {}
    return Response(body, media_type=media_type(kind, fmt), headers=headers)


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _posted(request: Request, params: list[tuple[str, str]]) -> Response | None:
    """Add a POSTed query's parameters to ``params``, or the error response."""
    limit = site_of(request).settings.max_request_bytes
    try:
        body = await read_body(request, limit)
    except ClientDisconnect:  # gone, or closed for sending too slowly: nobody reads this
        return error_response(408, "the request body did not arrive")
    if body is None:
        return error_response(413, f"the request is larger than {limit} bytes")
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        try:
            params += form_pairs(body, "the form")
        except BadRequest as err:
            return error_response(err.status, str(err))
    elif media == "application/sparql-query":
        if any(k == "query" for k, _ in params):
            return error_response(400, "give the query either in the body or as query=, not both")
        try:
            params.append(("query", body.decode("utf-8")))
        except UnicodeDecodeError as err:
            return error_response(
                400,
                f"the query in the body is not UTF-8: byte 0x{body[err.start]:02x} at offset "
                f"{err.start}; encode the text as UTF-8",
            )
    elif media == "application/sparql-update":
        return error_response(400, "SPARQL Update is refused: the endpoint is read-only")
    else:
        return error_response(
            415, "POST a query as application/sparql-query or application/x-www-form-urlencoded"
        )
    return None


async def sparql(request: Request) -> Response:
    """``/sparql``: GET or POST a query; without one, the service description."""
    site = site_of(request)
    try:
        params = query_params(request)
    except BadRequest as err:
        return error_response(err.status, str(err))
    if request.method == "POST":
        refused = await _posted(request, params)
        if refused is not None:
            return refused
    if any(k == "update" for k, _ in params):
        return error_response(400, "SPARQL Update is refused: the endpoint is read-only")
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        return error_response(400, "give exactly one query parameter")
    if not queries:
        if request.method == "POST" or params:
            return error_response(400, "no query given")
        endpoint = str(request.url.replace(query=""))
        return Response(
            service_description(site.g, endpoint), media_type="text/turtle; charset=utf-8"
        )
    return await respond(
        request,
        queries[0],
        default_graphs=[v for k, v in params if k == "default-graph-uri"],
        named_graphs=[v for k, v in params if k == "named-graph-uri"],
        forced=next((v for k, v in params if k == "_format"), None),
    )


def _describe(q: StoredQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "view": q.view,
        "url": f"/queries/{q.name}",
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
            }
            for p in q.params
        ],
    }


async def stored_list(request: Request) -> Response:
    """``/queries``: every stored query with its parameters, as JSON."""
    try:
        found = list_queries()
    except AikgError as err:
        return error_response(500, str(err))
    return JSONResponse([_describe(q) for q in found])


async def stored(request: Request) -> Response:
    """``/queries/NAME``: a stored query, parameters from the query string."""
    site = site_of(request)
    try:
        params = query_params(request)
    except BadRequest as err:
        return error_response(err.status, str(err))
    forced = next((v for k, v in params if k == "_format"), None)
    values: dict[str, object] = {}
    for key, value in params:
        if key == "_format":
            continue
        if key in values:
            return error_response(400, f"parameter {key!r} given twice")
        values[key] = value
    try:
        query = load_query(request.path_params["name"])
        bindings = bind_params(site.g, query, values)
    except AikgError as err:
        return error_response(404 if "no stored query" in str(err) else 400, web_message(err))
    return await respond(request, query.text, bindings=bindings, forced=forced)
