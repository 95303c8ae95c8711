"""The real server on a free loopback port: SPARQLWrapper, SPARQLStore, curl, a stall guard."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

from graph import ENT

from .conftest import serving

ROOT = Path(__file__).resolve().parent.parent
AIKG = Path(sys.executable).parent / "aikg"
PREFIXES = (
    "PREFIX ai: <https://w3id.org/aikg/ontology#>\nPREFIX ent: <https://w3id.org/aikg/entity/>\n"
)
# Four blocks of 300 triples joined on nothing: 8.1 billion rows to count, far past any
# limit on every engine (a catastrophic regex is no longer slow: Oxigraph's regex is linear).
PRODUCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 300 } "
    "{ SELECT ?j WHERE { ?j ?k ?l } LIMIT 300 } }"
)
PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:nil)* ?b . ?b (!rdf:nil)* ?c . ?c (!rdf:nil)* ?d }"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """`aikg serve --port 0` in a subprocess; yields the printed /sparql URL."""
    with serving("--timeout", "4") as url:
        yield url


def test_serve_prints_the_home_page_and_the_endpoint_apart(endpoint: str) -> None:
    """The first printed line opens the HTML home page in a browser; the second is what a
    SPARQL client is given (the fixture read both lines)."""
    home = httpx.get(endpoint.removesuffix("sparql"), timeout=10)
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert "<a href='/sparql'>" in home.text
    described = httpx.get(endpoint, timeout=10)
    assert described.headers["content-type"].startswith("text/turtle")


def test_sparqlwrapper_get_and_post(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(PREFIXES + "SELECT ?p WHERE { ?p ai:chairOf ent:stargate }")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert [r["p"]["value"] for r in rows] == [str(ENT["masayoshi-son"])]
    client.setMethod(POST)
    again = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert again == rows
    client.setQuery(PREFIXES + "CONSTRUCT WHERE { ent:xai ?p ?o }")
    client.setReturnFormat(TURTLE)
    turtle = client.query().convert()
    assert (ENT.xai, None, ENT.colossus) in Graph().parse(data=turtle, format="turtle")


def test_rdflib_sparqlstore(endpoint: str) -> None:
    g = Graph(SPARQLStore(endpoint))
    rows = g.query(PREFIXES + "SELECT ?c WHERE { ent:openai ai:competesWith ?c } ORDER BY ?c")
    assert [row[0] for row in rows] == [ENT.anthropic, ENT.google, ENT.xai]  # type: ignore[index]
    assert (ENT.openai, URIRef("https://w3id.org/aikg/ontology#competesWith"), ENT.xai) in g


def test_curl_examples_in_docs_work(endpoint: str) -> None:
    docs = (ROOT / "docs" / "http.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", docs, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.startswith("curl")]
    assert len(commands) >= 8
    base = endpoint.removesuffix("/sparql")
    for command in commands:
        done = subprocess.run(
            command.replace("http://127.0.0.1:8000", base),
            shell=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert done.stdout.strip(), command


@pytest.mark.slow
@pytest.mark.parametrize("heavy", [PRODUCT, PATH], ids=["cross-product", "property-path"])
def test_heavy_query_does_not_stall_the_endpoint(endpoint: str, heavy: str) -> None:
    answers: list[int] = []

    def ask_heavy() -> None:
        response = httpx.get(endpoint, params={"query": heavy}, timeout=60)
        answers.append(response.status_code)

    worker = threading.Thread(target=ask_heavy)
    worker.start()
    time.sleep(0.5)
    started = time.monotonic()
    simple = httpx.get(
        endpoint, params={"query": "ASK { ent:openai ai:competesWith ent:xai }"}, timeout=30
    )
    elapsed = time.monotonic() - started
    assert simple.status_code == 200 and simple.json()["boolean"] is True
    assert elapsed < 1.0, f"a simple query took {elapsed:.2f} s beside a heavy one"
    worker.join(timeout=60)
    assert answers == [503]


def test_host_header_over_the_socket(endpoint: str) -> None:
    response = httpx.get(endpoint, headers={"host": "attacker.example"}, timeout=30)
    assert response.status_code == 400


# --- long request heads over a real socket: an answer, never a reset --------------------------


def raw_request(endpoint: str, head: bytes, *, chunk: int | None = None) -> tuple[int, bytes]:
    """Send ``head`` (a whole request) over a new connection; the status and body back."""
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(endpoint)
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        if chunk is None:
            sock.sendall(head)
        else:  # a slow client: the head arrives in small pieces
            for start in range(0, len(head), chunk):
                sock.sendall(head[start : start + chunk])
                time.sleep(0.001)
        data = b""
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
    status_line, _, rest = data.partition(b"\r\n")
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert b"x-content-type-options: nosniff" in headers.lower(), headers
    return int(status_line.split()[1]), body


def get_head(size: int, *, extra: bytes = b"") -> bytes:
    query = "ASK{}" + "%20" * ((size - 5) // 3)
    return (
        f"GET /sparql?query={query} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode()
        + extra
        + b"Connection: close\r\n\r\n"
    )


@pytest.mark.parametrize("size", [130_000, 300_000, 1_000_000, 4_000_000])
def test_a_long_query_string_is_a_414_not_a_reset(endpoint: str, size: int) -> None:
    status, body = raw_request(endpoint, get_head(size))
    assert status == 414, body
    assert b"too long" in body or b"longer than" in body


def test_query_strings_within_the_limit_are_answered_however_they_arrive(endpoint: str) -> None:
    for size, chunk in ((20_000, 512), (60_000, 4096), (99_000, None)):
        status, body = raw_request(endpoint, get_head(size), chunk=chunk)
        assert status == 200, (size, body)
        assert b'"boolean": true' in body
    status, _ = raw_request(endpoint, get_head(101_000), chunk=8192)
    assert status == 414


def test_headers_too_large_are_a_431(endpoint: str) -> None:
    padding = b"X-Padding: " + b"a" * 200_000 + b"\r\n"
    status, body = raw_request(endpoint, get_head(100, extra=padding))
    assert status == 431 and b"headers are larger than" in body


def test_a_malformed_request_is_a_400_that_says_nosniff(endpoint: str) -> None:
    status, _body = raw_request(endpoint, b"GET /sparql HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n")
    assert status == 400


def test_bytes_in_a_query_string_are_utf8_or_refused(endpoint: str) -> None:
    def head(query: bytes) -> bytes:
        return (
            b"GET /sparql?query="
            + query
            + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )

    escaped = b"ASK%7BFILTER(STRLEN(%22%C3%A9%22)=1)%7D"
    status, body = raw_request(endpoint, head(escaped))
    assert status == 200 and b'"boolean": true' in body, body
    status, body = raw_request(endpoint, head(escaped.replace(b"%C3%A9", b"%FF")))
    assert status == 400 and b"the query string is not UTF-8: parameter 'query'" in body
    # Unescaped bytes beyond ASCII are not a valid request line: refused before the app.
    status, _body = raw_request(endpoint, head('ASK{FILTER(STRLEN("é")=1)}'.encode()))
    assert status == 400


# --- slow clients and too many connections: dropped, never held ------------------------------


@pytest.fixture(scope="module")
def limited() -> Iterator[tuple[str, int]]:
    """A server that gives a client 1 s to send its request and holds 3 connections."""
    from urllib.parse import urlsplit

    with serving("--read-timeout", "1", "--max-connections", "3") as url:
        address = urlsplit(url)
        assert address.hostname == "127.0.0.1" and address.port is not None
        yield address.hostname, address.port


def read_until_closed(sock: socket.socket, *, within: float) -> bytes:
    """Everything the server sends until it closes the connection (at most ``within`` s)."""
    sock.settimeout(within)
    data = b""
    while piece := sock.recv(65536):
        data += piece
    return data


ASK_REQUEST = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n"


def test_a_stalled_request_head_is_a_408_then_closed(limited: tuple[str, int]) -> None:
    started = time.monotonic()
    with socket.create_connection(limited, timeout=10) as sock:
        sock.sendall(ASK_REQUEST)  # the blank line that ends the head never comes
        data = read_until_closed(sock, within=10)
    assert 0.8 < time.monotonic() - started < 6
    assert data.startswith(b"HTTP/1.1 408 Request Timeout\r\n"), data
    assert b"x-content-type-options: nosniff" in data
    assert data.endswith(b"the request did not arrive within 1 s: send the whole request at once\n")


def test_a_trickling_client_is_dropped_at_the_deadline(limited: tuple[str, int]) -> None:
    """Bytes that keep coming do not extend the deadline (uvicorn alone restarts it)."""
    started = time.monotonic()
    answer = b""
    with socket.create_connection(limited, timeout=10) as sock:
        sock.settimeout(0.1)
        for byte in ASK_REQUEST * 4:  # one byte every 0.1 s: 20 s if never dropped
            try:
                sock.send(bytes([byte]))
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if answer:
                break
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert time.monotonic() - started < 4


def test_a_stalled_body_is_a_408(limited: tuple[str, int]) -> None:
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK"
    )
    with socket.create_connection(limited, timeout=10) as sock:
        sock.sendall(head)
        data = read_until_closed(sock, within=10)
    assert data.startswith(b"HTTP/1.1 408 "), data
    assert data.count(b"HTTP/1.1") == 1  # the app's own answer to a gone client is not sent


def test_a_silent_connection_is_closed(limited: tuple[str, int]) -> None:
    started = time.monotonic()
    with socket.create_connection(limited, timeout=10) as sock:
        assert read_until_closed(sock, within=10) == b""
    assert 0.8 < time.monotonic() - started < 6


def test_a_kept_alive_connection_serves_its_next_request(limited: tuple[str, int]) -> None:
    """Idle between requests is uvicorn's keep-alive (5 s), not the 1 s read deadline."""
    with socket.create_connection(limited, timeout=10) as sock:
        for _ in range(2):
            sock.sendall(ASK_REQUEST + b"\r\n")
            data = b""
            while not data.endswith(b"}"):  # the head and the JSON body, maybe apart
                data += sock.recv(65536)
            assert data.startswith(b"HTTP/1.1 200 OK\r\n"), data
            time.sleep(1.5)


def test_connections_past_the_limit_get_a_503(limited: tuple[str, int]) -> None:
    held = [socket.create_connection(limited, timeout=10) for _ in range(3)]
    try:
        time.sleep(0.2)
        with socket.create_connection(limited, timeout=10) as sock:
            sock.sendall(ASK_REQUEST + b"Connection: close\r\n\r\n")
            data = read_until_closed(sock, within=10)
        head, _, body = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503 Service Unavailable\r\n"), data
        assert b"retry-after: 1" in head and b"x-content-type-options: nosniff" in head
        assert body == b"the server has 3 connections open, its limit; retry in a moment\n"
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 5
    while True:  # the held connections are gone: the next client is served
        with socket.create_connection(limited, timeout=10) as sock:
            sock.sendall(ASK_REQUEST + b"Connection: close\r\n\r\n")
            data = read_until_closed(sock, within=10)
        if data.startswith(b"HTTP/1.1 200 ") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert data.startswith(b"HTTP/1.1 200 "), data
