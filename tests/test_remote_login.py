"""A login in a remote store's URL: sent as Basic authorization to its host only, never shown."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from graph.store import open_store

from .conftest import RunCli, free_port


class Endpoint:
    """A local HTTP server that records the Authorization header of every request.

    It answers ASK queries with true, asks for a login when ``password`` is set and
    the request lacks it, and redirects everything to ``redirect_to`` when that is set.
    """

    def __init__(self, *, password: str | None = None, redirect_to: str | None = None) -> None:
        self.seen: list[str | None] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

            def do_GET(self) -> None:
                login = self.headers.get("Authorization")
                endpoint.seen.append(login)
                if redirect_to is not None:
                    self.send_response(303)  # urllib follows it with a GET
                    self.send_header("Location", redirect_to)
                    self.end_headers()
                    return
                if password is not None and login != _basic("ann", password):
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                    self.end_headers()
                    self.wfile.write(b"login required")
                    return
                body = json.dumps({"head": {}, "boolean": True}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def login_url(self, user: str, password: str) -> str:
        return self.url.replace("http://", f"http://{user}:{password}@")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def endpoints() -> Iterator[list[Endpoint]]:
    made: list[Endpoint] = []
    yield made
    for endpoint in made:
        endpoint.close()


def test_the_login_is_sent_decoded(endpoints: list[Endpoint]) -> None:
    endpoint = Endpoint(password="s:cret")
    endpoints.append(endpoint)
    store = open_store("sparql:" + endpoint.login_url("ann", "s%3Acret"))
    assert store.query("ASK { ?s ?p ?o }").askAnswer is True
    assert endpoint.seen == [_basic("ann", "s:cret")]
    assert store.describe() == "sparql:" + endpoint.login_url("ann", "***")


def test_a_refused_login_is_reported_without_the_password(
    run_cli: RunCli, endpoints: list[Endpoint]
) -> None:
    endpoint = Endpoint(password="right")
    endpoints.append(endpoint)
    spec = "sparql:" + endpoint.login_url("ann", "wrong-secret")
    result = run_cli("--store", spec, "sparql", "ASK { ?s ?p ?o }")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{endpoint.url} answered 401" in result.stderr
    assert "wrong-secret" not in result.stderr + result.stdout
    good = run_cli("--store", "sparql:" + endpoint.login_url("ann", "right"), "sparql",
                   "ASK { ?s ?p ?o }")  # fmt: skip
    assert good.exit_code == 0, good.stderr
    assert good.stdout.strip() == "true"


def test_the_login_does_not_follow_a_redirect(endpoints: list[Endpoint]) -> None:
    elsewhere = Endpoint()
    endpoint = Endpoint(redirect_to=elsewhere.url)
    endpoints += [elsewhere, endpoint]
    store = open_store("sparql:" + endpoint.login_url("ann", "secret"))
    store.query("ASK { ?s ?p ?o }")
    assert endpoint.seen == [_basic("ann", "secret")]
    assert elsewhere.seen == [None]


def test_an_unreachable_server_is_reported_without_the_password(run_cli: RunCli) -> None:
    spec = f"sparql:http://ann:hunter2@127.0.0.1:{free_port()}/sparql"
    result = run_cli("--store", spec, "sparql", "ASK { ?s ?p ?o }")
    assert result.exit_code == 1 and "cannot reach the SPARQL endpoint" in result.stderr
    assert "hunter2" not in result.stderr
    bad_port = run_cli("--store", "sparql:http://ann:hunter2@127.0.0.1:http/sparql", "stats")
    assert bad_port.exit_code == 1 and "the port is not a number" in bad_port.stderr
    assert "hunter2" not in bad_port.stderr
