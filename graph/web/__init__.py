"""The web app: a read-only SPARQL endpoint, one module per page kind, killable query workers."""

from graph.web.app import create_app, serve_app
from graph.web.settings import Settings

__all__ = ["Settings", "create_app", "serve_app"]
