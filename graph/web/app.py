"""A read-only SPARQL 1.1 Protocol endpoint with stored queries, pages and views."""

from __future__ import annotations

import errno
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from rdflib import Graph
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.model.errors import AikgError
from graph.web import endpoint, entity, home, query_page
from graph.web.protocol import KEEP_ALIVE_SECONDS, bounded_protocol, head_limit
from graph.web.responses import error_response
from graph.web.settings import Settings
from graph.web.site import Site

__all__ = ["ROUTES", "bind_socket", "create_app", "serve_app"]


#: Every route, each to a handler in the module of its page kind.
ROUTES = [
    Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
    Route("/queries", endpoint.stored_list, methods=["GET"]),
    Route("/queries/{name}", endpoint.stored, methods=["GET"]),
    Route("/", home.home, methods=["GET"]),
    Route("/views/", home.views_page, methods=["GET"]),
    Route("/views/{name}", home.views_page, methods=["GET"]),
    Route("/entities", entity.entity_search, methods=["GET"]),
    Route("/entities/{slug}", entity.entity_page, methods=["GET"]),
    Route("/entities/{slug}/graph", entity.entity_graph, methods=["GET"]),
    Route("/entities/{slug}/statements.{fmt:str}", entity.entity_statements, methods=["GET"]),
    Route("/query", query_page.query_page, methods=["GET"]),
    Route("/query/graph", query_page.query_graph, methods=["GET"]),
]


class NoSniff:
    """ASGI middleware: every response says ``X-Content-Type-Options: nosniff``, so that no
    browser reads a plain-text error (which may echo the query) as HTML or script."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, sending)


async def _server_error(request: Request, exc: Exception) -> Response:
    """A failure nobody foresaw: a 500 that tells nothing of the internals (nor a traceback)."""
    return error_response(500, "internal server error: the request could not be answered")


def create_app(g: Graph, *, settings: Settings | None = None) -> Starlette:
    """The endpoint's ASGI app; its worker processes start now and stop at shutdown.

    Routes: ``/sparql`` (GET, POST; a service description without a query),
    ``/queries`` (the list, JSON) and ``/queries/NAME`` (a stored query, parameters
    from the query string, ``_format`` to override negotiation), and the HTML pages:
    ``/``, ``/views/NAME``, ``/entities/SLUG``, ``/query``.
    """
    settings = settings or Settings()
    site = Site.start(g, settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            site.pool.close()

    hosts = {settings.host, "localhost", "127.0.0.1", "::1", "[::1]", *settings.allowed_hosts}
    middleware = [
        Middleware(NoSniff),
        Middleware(TrustedHostMiddleware, allowed_hosts=sorted(hosts)),
    ]
    if settings.cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"])
        )
    app = Starlette(
        routes=ROUTES,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={Exception: _server_error},
    )
    app.state.site = site
    app.state.pool = site.pool
    return app


def _bind_problem(err: OSError, host: str, port: int) -> str:
    """Why binding ``host``:``port`` failed, in one line with what to do."""
    where = f"{host}:{port}"
    if err.errno == errno.EADDRINUSE:
        return (
            f"cannot serve on {where}: the port is in use by another program; "
            "choose another with --port, or --port 0 for a free one"
        )
    if err.errno == errno.EACCES:
        return (
            f"cannot serve on {where}: permission denied "
            "(ports below 1024 need privileges); choose a port from 1024 up"
        )
    if err.errno == errno.EADDRNOTAVAIL:
        return (
            f"cannot serve on {where}: {host} is not an address of this machine; "
            "give one of its interfaces with --host (127.0.0.1 by default)"
        )
    return f"cannot serve on {where}: {err.strerror or err}"


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (``0`` picks a free port).

    Raises:
        AikgError: the host does not resolve, or the address cannot be bound (the port in
            use, a privileged port, an address of another machine), said in one line.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise AikgError(
            f"cannot serve on --host {host!r}: it does not resolve to an address ({reason}); "
            "give an IP address or a name of this machine"
        ) from None
    # A name is bound on its IPv4 address when it has one (localhost: 127.0.0.1, as before).
    infos.sort(key=lambda info: info[0] != (socket.AF_INET6 if ":" in host else socket.AF_INET))
    family, kind, proto, _name, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)  # connections wait in the backlog until uvicorn accepts them
    except OSError as err:
        sock.close()
        raise AikgError(_bind_problem(err, host, port)) from None
    return sock


def serve_app(
    g: Graph,
    *,
    settings: Settings,
    announce: Callable[[str], None] = print,
    sock: socket.socket | None = None,
) -> None:
    """Serve ``g`` over HTTP until interrupted; ``announce`` receives the server's base URL
    (``http://127.0.0.1:8000/``: the HTML home page; the SPARQL endpoint is its ``sparql``).

    ``sock`` is a socket already bound (:func:`bind_socket`), so that a bad address is
    reported before the graph is built; by default one is bound here.

    Raises:
        AikgError: the address cannot be bound (see :func:`bind_socket`).
    """
    import uvicorn

    if sock is None:
        sock = bind_socket(settings.host, settings.port)
    port = sock.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    app = create_app(g, settings=settings)
    config = uvicorn.Config(
        app,
        log_level="warning",
        timeout_graceful_shutdown=2,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        http=bounded_protocol(
            read_timeout=settings.read_timeout, max_connections=settings.max_connections
        ),
        h11_max_incomplete_event_size=head_limit(settings.max_request_bytes),
    )
    server = uvicorn.Server(config)
    announce(f"http://{host}:{port}/")
    server.run(sockets=[sock])
