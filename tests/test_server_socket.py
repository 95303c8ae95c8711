"""The real server on a free loopback port: SPARQLWrapper, SPARQLStore, curl, a stall guard."""

from __future__ import annotations

import re
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
