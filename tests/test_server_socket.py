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
REGEX = 'SELECT * WHERE { BIND(CONCAT("' + "a" * 40 + '", "b") AS ?x) FILTER regex(?x, "^(a+)+$") }'
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
@pytest.mark.parametrize("heavy", [REGEX, PATH], ids=["catastrophic-regex", "property-path"])
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
