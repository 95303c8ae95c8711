"""A read-only SPARQL 1.1 Protocol endpoint with stored queries, pages and views."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from rdflib import Graph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route

from graph.web import endpoint, entity, home, query_page
from graph.web.settings import Settings
from graph.web.site import Site

__all__ = ["ROUTES", "create_app", "serve_app"]


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
    Route("/query", query_page.query_page, methods=["GET"]),
    Route("/query/graph", query_page.query_graph, methods=["GET"]),
]


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
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=sorted(hosts))]
    if settings.cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"])
        )
    app = Starlette(routes=ROUTES, middleware=middleware, lifespan=lifespan)
    app.state.site = site
    app.state.pool = site.pool
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
