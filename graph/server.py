"""A read-only SPARQL 1.1 Protocol endpoint with stored queries, queries run in killable workers."""

from __future__ import annotations

import asyncio
import difflib
import io
import multiprocessing
import multiprocessing.connection
import re
import socket
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, VOID
from rdflib.query import Result
from rdflib.term import Identifier
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from .entities import resolve_entity
from .errors import AikgError, QueryError, UnknownEntityError
from .namespaces import AI, ENT, FORMATS, SD
from .network import to_networkx
from .queries import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    StoredQuery,
    bind_params,
    check_query,
    execute_query,
    list_queries,
    load_query,
    serialize_result,
)
from .stores import MemoryStore
from .views import query_anchors, render_ego, render_query_view, render_views, source_details
from .web import (
    PAGE_CSP,
    entity_path,
    render_entity_page,
    render_home,
    render_message,
    render_query_page,
)

__all__ = ["QueryTimeout", "Settings", "WorkerPool", "create_app", "negotiate", "serve_app"]


@dataclass(frozen=True)
class Settings:
    """What the endpoint allows; the defaults are the safe ones."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_rows: int = 10000
    max_request_bytes: int = 100_000
    workers: int = 2
    cors: bool = False
    #: Extra Host header names to accept besides the bound host and localhost.
    allowed_hosts: tuple[str, ...] = ()


#: How many entity neighbourhood pages the server keeps rendered.
EGO_CACHE = 64


class QueryTimeout(AikgError):
    """A query ran past the time limit and its worker was stopped."""


# --- worker processes ---------------------------------------------------------------------

Job = dict[str, Any]


def _answer(g: Graph, job: Job) -> tuple[str, Any]:
    try:
        result = execute_query(
            g, job["text"], bindings=job["bindings"], default_graphs=job["default_graphs"]
        )
        max_rows = job["max_rows"]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            size = len(result.graph) if result.graph is not None else 0
        elif result.type == "SELECT":
            size = len(result.bindings)
        else:
            size = 0
        body = serialize_result(result, job["format"], max_rows=max_rows)
        return "ok", (body, size > max_rows)
    except AikgError as err:
        return "error", str(err)
    except Exception as err:  # never let a worker die on a query; report without traceback
        return "error", f"the query failed: {type(err).__name__}"


def _worker_main(g: Graph, conn: multiprocessing.connection.Connection) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_answer(g, job))


class _Worker:
    def __init__(self, g: Graph) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(g, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """Forked processes holding the graph; a query past its time limit kills its worker,
    which is replaced, while the other workers keep answering."""

    def __init__(self, g: Graph, *, size: int = 2, timeout: float = 10.0) -> None:
        self.g = g
        self.timeout = timeout
        self.size = max(1, size)
        self._workers = [_Worker(g) for _ in range(self.size)]
        self._idle: asyncio.Queue[_Worker] | None = None

    def _queue(self) -> asyncio.Queue[_Worker]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for worker in self._workers:
                self._idle.put_nowait(worker)
        return self._idle

    async def run(self, job: Job) -> tuple[str, Any]:
        """Send ``job`` to an idle worker and wait at most ``timeout`` seconds in all.

        Raises:
            QueryTimeout: no worker became free, or the query ran too long.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        idle = self._queue()
        try:
            worker = await asyncio.wait_for(idle.get(), timeout=self.timeout)
        except TimeoutError:
            raise QueryTimeout("every query worker is busy; try again later") from None
        try:
            worker.conn.send(job)
            remaining = max(0.0, deadline - loop.time())
            ready = await anyio.to_thread.run_sync(worker.conn.poll, remaining)
            if ready:
                answer: tuple[str, Any] = await anyio.to_thread.run_sync(worker.conn.recv)
                idle.put_nowait(worker)
                return answer
        except (EOFError, OSError):
            pass
        self._replace(worker)
        raise QueryTimeout(f"the query was stopped after {self.timeout:g} s")

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        fresh = _Worker(self.g)
        self._workers = [fresh if w is worker else w for w in self._workers]
        self._queue().put_nowait(fresh)

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._workers:
            worker.stop()


# --- content negotiation ------------------------------------------------------------------

_SELECT_TYPES: dict[str, str] = {
    **{media: fmt for fmt, media in RESULT_FORMATS.items()},
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPH_TYPES: dict[str, str] = {
    **{media: fmt for fmt, media in GRAPH_FORMATS.items()},
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "xml",
}


def negotiate(accept: str | None, offered: dict[str, str], default: str) -> str | None:
    """The format for an ``Accept`` header, or None when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", _SELECT_TYPES, "json")
    'json'
    >>> negotiate("image/png", _SELECT_TYPES, "json") is None
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


def _media_type(kind: str, fmt: str) -> str:
    media = GRAPH_FORMATS[fmt] if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS[fmt]
    return media + "; charset=utf-8"


# --- the application ----------------------------------------------------------------------


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _html(page: str, *, status: int = 200, framed: bool = False) -> HTMLResponse:
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


def _page_error(
    status: int, title: str, message: str, *, links: Sequence[tuple[str, str]] = ()
) -> HTMLResponse:
    return _html(render_message(title, message, links=links), status=status)


def _entity_names(g: Graph) -> dict[str, URIRef]:
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


def _query_kind(text: str) -> str:
    return str(check_query(text).algebra.name).removesuffix("Query").upper()


def _service_description(g: Graph, endpoint: str) -> bytes:
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


def create_app(g: Graph, *, settings: Settings | None = None) -> Starlette:
    """The endpoint's ASGI app; its worker processes start now and stop at shutdown.

    Routes: ``/sparql`` (GET, POST; a service description without a query),
    ``/queries`` (the list, JSON) and ``/queries/NAME`` (a stored query, parameters
    from the query string, ``_format`` to override negotiation).
    """
    settings = settings or Settings()
    pool = WorkerPool(g, size=settings.workers, timeout=settings.timeout)
    # One store for every page: the networks are projected on a copy made once.
    store = MemoryStore(g)

    async def respond(
        request: Request,
        text: str,
        *,
        bindings: dict[str, Identifier] | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        forced: str | None = None,
    ) -> Response:
        try:
            kind = _query_kind(text)
        except QueryError as err:
            return _error(400, str(err))
        if named_graphs:
            return _error(400, "named graphs are not supported: the endpoint holds one graph")
        graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
        offered = _GRAPH_TYPES if graph_kind else _SELECT_TYPES
        if forced is not None:
            fmt: str | None = forced if forced in offered.values() else None
            if fmt is None:
                return _error(400, f"unknown _format {forced!r} for a {kind} query")
        else:
            fmt = negotiate(
                request.headers.get("accept"), offered, "turtle" if graph_kind else "json"
            )
        if fmt is None:
            wanted = ", ".join(sorted({m for m in offered}))
            return _error(406, f"cannot answer a {kind} query in that Accept type; offer: {wanted}")
        job = {
            "text": text,
            "bindings": bindings,
            "default_graphs": list(default_graphs),
            "format": fmt,
            "max_rows": settings.max_rows,
        }
        try:
            status, payload = await pool.run(job)
        except QueryTimeout as err:
            return _error(503, str(err))
        if status != "ok":
            return _error(400, payload)
        body, truncated = payload
        headers = {"X-Result-Truncated": "true"} if truncated else {}
        return Response(body, media_type=_media_type(kind, fmt), headers=headers)

    async def read_body(request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) > settings.max_request_bytes
        ):
            return None
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > settings.max_request_bytes:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(request: Request) -> Response:
        if len(request.url.query) > settings.max_request_bytes:
            return _error(414, "the query string is too long")
        params = parse_qsl(request.url.query, keep_blank_values=True)
        if request.method == "POST":
            body = await read_body(request)
            if body is None:
                return _error(413, f"the request is larger than {settings.max_request_bytes} bytes")
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/x-www-form-urlencoded":
                try:
                    params += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return _error(400, "the form is not UTF-8")
            elif media == "application/sparql-query":
                if any(k == "query" for k, _ in params):
                    return _error(400, "give the query either in the body or as query=, not both")
                try:
                    params.append(("query", body.decode("utf-8")))
                except UnicodeDecodeError:
                    return _error(400, "the query is not UTF-8")
            elif media == "application/sparql-update":
                return _error(400, "SPARQL Update is refused: the endpoint is read-only")
            else:
                return _error(
                    415,
                    "POST a query as application/sparql-query or application/x-www-form-urlencoded",
                )
        if any(k == "update" for k, _ in params):
            return _error(400, "SPARQL Update is refused: the endpoint is read-only")
        queries = [v for k, v in params if k == "query"]
        if len(queries) > 1:
            return _error(400, "give exactly one query parameter")
        if not queries:
            if request.method == "POST" or params:
                return _error(400, "no query given")
            endpoint = str(request.url.replace(query=""))
            return Response(
                _service_description(g, endpoint), media_type="text/turtle; charset=utf-8"
            )
        return await respond(
            request,
            queries[0],
            default_graphs=[v for k, v in params if k == "default-graph-uri"],
            named_graphs=[v for k, v in params if k == "named-graph-uri"],
        )

    async def stored_list(request: Request) -> Response:
        try:
            found = list_queries()
        except AikgError as err:
            return _error(500, str(err))
        return JSONResponse(
            [
                {
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
                for q in found
            ]
        )

    async def stored(request: Request) -> Response:
        if len(request.url.query) > settings.max_request_bytes:
            return _error(414, "the query string is too long")
        params = parse_qsl(request.url.query, keep_blank_values=True)
        forced = next((v for k, v in params if k == "_format"), None)
        values: dict[str, object] = {}
        for key, value in params:
            if key == "_format":
                continue
            if key in values:
                return _error(400, f"parameter {key!r} given twice")
            values[key] = value
        try:
            query = load_query(request.path_params["name"])
            bindings = bind_params(g, query, values)
        except AikgError as err:
            return _error(404 if "no stored query" in str(err) else 400, str(err))
        return await respond(request, query.text, bindings=bindings, forced=forced)

    # --- HTML pages --------------------------------------------------------------------

    cache: dict[str, Any] = {}
    egos: dict[str, str] = {}  # neighbourhood pages, oldest first

    def cached(key: str, make: Callable[[], Any]) -> Any:
        if key not in cache:
            cache[key] = make()
        return cache[key]

    async def cached_async(key: str, make: Callable[[], Any]) -> Any:
        if key not in cache:
            value = await anyio.to_thread.run_sync(make)
            cache.setdefault(key, value)
        return cache[key]

    def history() -> Any:
        return cached("history", lambda: to_networkx(store, history=True, merge_symmetric=True))

    def sources() -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = cached("sources", lambda: source_details(g))
        return found

    async def query_string(request: Request) -> list[tuple[str, str]] | Response:
        if len(request.url.query) > settings.max_request_bytes:
            return _page_error(414, "Too long", "the query string is too long")
        return parse_qsl(request.url.query, keep_blank_values=True)

    async def home(request: Request) -> Response:
        try:
            queries = list_queries()
        except AikgError as err:
            return _page_error(500, "Server error", str(err))
        entities = cached("entities", lambda: len(set(g.subjects(RDF.type, AI.Entity))))
        return _html(render_home(triples=len(g), entities=entities, queries=queries))

    async def views_page(request: Request) -> Response:
        name = request.path_params.get("name", "index.html")
        try:
            _views, pages = await cached_async("views", lambda: render_views(store))
        except AikgError as err:
            return _page_error(500, "Server error", str(err))
        if name not in pages:
            links = [(n, f"/views/{n}") for n in sorted(pages)]
            return _page_error(404, "Not found", f"no view {name!r}", links=links)
        return _html(pages[name])

    def not_found_entity(name: str, err: UnknownEntityError) -> Response:
        names: dict[str, URIRef] = cached("names", lambda: _entity_names(g))
        key = name.strip().casefold()
        near = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
        near += sorted(n for n in names if key and key in n and n not in near)[: 5 - len(near)]
        links: list[tuple[str, str]] = []
        for candidate in near:
            path = entity_path(str(names[candidate]))
            if path and all(path != p for _, p in links):
                links.append((str(g.value(names[candidate], RDFS.label) or candidate), path))
        return _page_error(404, "Unknown entity", str(err), links=links)

    async def entity_search(request: Request) -> Response:
        params = await query_string(request)
        if isinstance(params, Response):
            return params
        name = next((v for k, v in params if k == "name"), "")
        try:
            iri = resolve_entity(g, name)
        except UnknownEntityError as err:
            return not_found_entity(name, err)
        return RedirectResponse(entity_path(str(iri)) or "/", status_code=303)

    async def entity_page(request: Request) -> Response:
        slug = request.path_params["slug"]
        iri = str(ENT) + slug
        G = await cached_async("history", history)
        if iri not in G:
            try:
                found = resolve_entity(g, slug)
            except UnknownEntityError as err:
                return not_found_entity(slug, err)
            return RedirectResponse(entity_path(str(found)) or "/", status_code=303)
        page = render_entity_page(
            g,
            G,
            iri,
            sources=sources(),
            graph_path=f"/entities/{request.path_params['slug']}/graph",
        )
        return _html(page)

    async def entity_graph(request: Request) -> Response:
        slug = request.path_params["slug"]
        if str(ENT) + slug not in await cached_async("history", history):
            return _page_error(404, "Unknown entity", f"unknown entity {slug!r}")
        page = egos.get(slug)
        if page is None:
            page = await anyio.to_thread.run_sync(lambda: render_ego(store, slug))
            egos[slug] = page
            while len(egos) > EGO_CACHE:  # keep memory bounded: drop the oldest
                egos.pop(next(iter(egos)))
        return _html(page, framed=True)

    async def run_for_page(
        text: str, bindings: dict[str, Identifier] | None
    ) -> tuple[Result, bool] | str:
        """Run a query through the workers, as /sparql does, and read the answer back."""
        try:
            kind = _query_kind(text)
        except QueryError as err:
            return str(err)
        graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
        job: Job = {
            "text": text,
            "bindings": bindings,
            "default_graphs": [],
            "format": "nt" if graph_kind else "json",
            "max_rows": settings.max_rows,
        }
        try:
            status, payload = await pool.run(job)
        except QueryTimeout as err:
            return str(err)
        if status != "ok":
            return str(payload)
        body, truncated = payload
        if graph_kind:
            result = Result(kind)
            result.graph = Graph().parse(data=body.decode("utf-8"), format="nt")
        else:
            result = Result.parse(io.BytesIO(body), format="json")
        return result, truncated

    def read_form(
        params: list[tuple[str, str]],
    ) -> tuple[StoredQuery | None, dict[str, str], str, str]:
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

    async def answer_form(
        params: list[tuple[str, str]],
    ) -> tuple[StoredQuery | None, dict[str, str], str, str, Any]:
        """The chosen query, form values, SPARQL text, view, and the answer or an error."""
        try:
            chosen, values, sparql_text, view = read_form(params)
        except AikgError as err:
            return None, {}, "", "auto", str(err)
        if chosen is None and not sparql_text.strip():
            return chosen, values, sparql_text, view, None
        if chosen is not None and not values and any(p.required for p in chosen.params):
            return chosen, values, sparql_text, view, None  # just chosen: show its fields
        try:
            if chosen is not None:
                bindings = bind_params(g, chosen, values)
                text = chosen.text
            else:
                if values:
                    raise QueryError("parameters go with a stored query; choose one")
                bindings, text = None, sparql_text
        except AikgError as err:
            return chosen, values, sparql_text, view, str(err)
        answer = await run_for_page(text, bindings)
        if isinstance(answer, str):
            return chosen, values, sparql_text, view, answer
        anchors = query_anchors(chosen, bindings or {}) if chosen is not None else []
        return chosen, values, sparql_text, view, (*answer, anchors)

    async def query_page(request: Request) -> Response:
        params = await query_string(request)
        if isinstance(params, Response):
            return params
        try:
            queries = list_queries()
        except AikgError as err:
            return _page_error(500, "Server error", str(err))
        chosen, values, sparql_text, view, answer = await answer_form(params)
        error = answer if isinstance(answer, str) else None
        result, truncated, graph_path = None, False, None
        if isinstance(answer, tuple):
            result, truncated, _anchors = answer
            preferred = (
                chosen.view
                if chosen is not None
                else ("graph" if result.type in ("CONSTRUCT", "DESCRIBE") else "table")
            )
            if result.type != "ASK" and (
                view == "graph" or (view == "auto" and preferred == "graph")
            ):
                graph_path = "/query/graph?" + urlencode(params)
        page = render_query_page(
            queries,
            chosen=chosen,
            values=values,
            sparql=sparql_text,
            view=view,
            result=result,
            error=error,
            graph_path=graph_path,
            truncated=truncated,
        )
        return _html(page, status=400 if error else 200)

    async def query_graph(request: Request) -> Response:
        params = await query_string(request)
        if isinstance(params, Response):
            return params
        chosen, _values, _text, _view, answer = await answer_form(params)
        if answer is None:
            return _page_error(400, "No query", "choose a stored query or type SPARQL")
        if isinstance(answer, str):
            return _page_error(400, "Query failed", answer)
        result, _truncated, anchors = answer
        title = chosen.title if chosen is not None else "Query result"
        try:
            page = await anyio.to_thread.run_sync(
                lambda: render_query_view(store, result, title=title, anchors=anchors)
            )
        except AikgError as err:
            return _page_error(400, "Cannot draw", str(err))
        return _html(page, framed=True)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    hosts = {settings.host, "localhost", "127.0.0.1", "::1", "[::1]", *settings.allowed_hosts}
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=sorted(hosts))]
    if settings.cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"])
        )
    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", stored_list, methods=["GET"]),
            Route("/queries/{name}", stored, methods=["GET"]),
            Route("/", home, methods=["GET"]),
            Route("/views/", views_page, methods=["GET"]),
            Route("/views/{name}", views_page, methods=["GET"]),
            Route("/entities", entity_search, methods=["GET"]),
            Route("/entities/{slug}", entity_page, methods=["GET"]),
            Route("/entities/{slug}/graph", entity_graph, methods=["GET"]),
            Route("/query", query_page, methods=["GET"]),
            Route("/query/graph", query_graph, methods=["GET"]),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.pool = pool
    return app


def serve_app(g: Graph, *, settings: Settings, announce: Callable[[str], None] = print) -> None:
    """Serve ``g`` over HTTP until interrupted; ``announce`` receives the endpoint's URL."""
    import uvicorn

    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((settings.host, settings.port))
    sock.listen(128)  # connections wait in the backlog until uvicorn accepts them
    port = sock.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    app = create_app(g, settings=settings)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    announce(f"http://{host}:{port}/sparql")
    server.run(sockets=[sock])
