"""The SPARQL endpoint in-process: protocol conformance as data, content negotiation, hardening."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from rdflib import Graph
from starlette.testclient import TestClient

from graph import ENT

from .conftest import RunCli, client_for

COMPETITORS = "SELECT ?c WHERE { ent:openai ai:competesWith ?c } ORDER BY ?c"
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
# Four blocks of 300 triples joined on nothing: 8.1 billion rows to count, far past any
# limit on every engine (a catastrophic regex is no longer slow: Oxigraph's regex is linear).
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 300 } "
    "{ SELECT ?j WHERE { ?j ?k ?l } LIMIT 300 } }"
)


@pytest.fixture(scope="module")
def client(shipped_graph: Graph) -> Iterator[TestClient]:
    with client_for(shipped_graph) as c:
        yield c


# --- SPARQL 1.1 Protocol cases that apply to a read-only endpoint, as data ---------------------


@dataclass(frozen=True)
class Case:
    """One protocol test: a request and what the answer must be."""

    name: str
    method: str
    status: int
    params: dict[str, str | list[str]] = field(default_factory=dict)
    body: str | None = None
    content_type: str | None = None
    accept: str | None = None
    media: str | None = None  # expected Content-Type of a success


CASES = [
    Case("query_via_get", "GET", 200, {"query": COMPETITORS},
         media="application/sparql-results+json"),
    Case("query_via_url_encoded_post", "POST", 200, body=f"query={COMPETITORS}",
         content_type=FORM, media="application/sparql-results+json"),
    Case("query_via_post", "POST", 200, body=COMPETITORS, content_type=QUERY_TYPE,
         media="application/sparql-results+json"),
    Case("query_content_type_select_xml", "GET", 200, {"query": COMPETITORS},
         accept="application/sparql-results+xml", media="application/sparql-results+xml"),
    Case("query_content_type_select_csv", "GET", 200, {"query": COMPETITORS},
         accept="text/csv", media="text/csv"),
    Case("query_content_type_select_tsv", "GET", 200, {"query": COMPETITORS},
         accept="text/tab-separated-values", media="text/tab-separated-values"),
    Case("query_content_type_select_q_values", "GET", 200, {"query": COMPETITORS},
         accept="text/csv;q=0.2, application/sparql-results+xml;q=0.9",
         media="application/sparql-results+xml"),
    Case("query_content_type_ask", "GET", 200, {"query": "ASK { ?s ?p ?o }"},
         accept="application/sparql-results+json", media="application/sparql-results+json"),
    Case("query_content_type_describe", "GET", 200, {"query": "DESCRIBE ent:xai"},
         accept="text/turtle", media="text/turtle"),
    Case("query_content_type_construct_nt", "GET", 200,
         {"query": "CONSTRUCT WHERE { ent:xai ?p ?o }"},
         accept="application/n-triples", media="application/n-triples"),
    Case("query_content_type_construct_jsonld", "GET", 200,
         {"query": "CONSTRUCT WHERE { ent:xai ?p ?o }"},
         accept="application/ld+json", media="application/ld+json"),
    Case("query_content_type_construct_rdfxml", "GET", 200,
         {"query": "CONSTRUCT WHERE { ent:xai ?p ?o }"},
         accept="application/rdf+xml", media="application/rdf+xml"),
    Case("query_accept_any", "GET", 200, {"query": "CONSTRUCT WHERE { ent:xai ?p ?o }"},
         accept="*/*", media="text/turtle"),
    Case("query_dataset_default_graph", "GET", 200,
         {"query": "ASK { ent:openai ai:competesWith ent:xai }",
          "default-graph-uri": "https://w3id.org/aikg/graph"},
         media="application/sparql-results+json"),
    Case("query_dataset_unknown_default_graph_is_empty_not_fetched", "GET", 200,
         {"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://127.0.0.1:9/data.ttl"},
         media="application/sparql-results+json"),
    Case("query_post_form_with_default_graph", "POST", 200,
         body="query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"
              "&default-graph-uri=https%3A%2F%2Fw3id.org%2Faikg%2Fgraph",
         content_type=FORM, media="application/sparql-results+json"),
    Case("bad_query_method", "PUT", 405, {"query": COMPETITORS}),
    Case("bad_multiple_queries", "GET", 400, {"query": [COMPETITORS, "ASK {}"]}),
    Case("bad_query_wrong_media_type", "POST", 415, body=COMPETITORS, content_type="text/plain"),
    Case("bad_query_missing_form_type", "POST", 415, body=f"query={COMPETITORS}"),
    Case("bad_query_missing_direct_type", "POST", 415, body=COMPETITORS),
    Case("bad_query_non_utf8", "POST", 400, body=None, content_type=QUERY_TYPE),
    Case("bad_query_syntax", "GET", 400, {"query": "SELECT * WHERE {"}),
    Case("bad_post_no_query", "POST", 400, body="default-graph-uri=x", content_type=FORM),
    Case("bad_update_via_query_get", "GET", 400, {"query": "CLEAR ALL"}),
    Case("bad_update_via_query_post", "POST", 400, body="INSERT DATA { <a:b> <a:c> <a:d> }",
         content_type=QUERY_TYPE),
    Case("bad_update_param", "POST", 400, body="update=CLEAR%20ALL", content_type=FORM),
    Case("bad_update_media_type", "POST", 400, body="CLEAR ALL",
         content_type="application/sparql-update"),
    Case("bad_not_acceptable", "GET", 406, {"query": COMPETITORS}, accept="image/png"),
    Case("bad_not_acceptable_construct", "GET", 406,
         {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, accept="application/sparql-results+json"),
]  # fmt: skip


def send(client: TestClient, case: Case) -> object:
    headers = {}
    if case.content_type:
        headers["content-type"] = case.content_type
    if case.accept:
        headers["accept"] = case.accept
    content: bytes | None
    if case.name == "bad_query_non_utf8":
        content = b"SELECT * WHERE { ?s ?p \xff }"
    else:
        content = case.body.encode("utf-8") if case.body is not None else None
    return client.request(
        case.method, "/sparql", params=case.params, content=content, headers=headers
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(client: TestClient, case: Case) -> None:
    response = send(client, case)
    assert response.status_code == case.status, response.text  # type: ignore[attr-defined]
    if case.media:
        assert response.headers["content-type"].split(";")[0] == case.media  # type: ignore[attr-defined]
    else:
        assert "Traceback" not in response.text  # type: ignore[attr-defined]


def test_select_results_are_the_answer(client: TestClient) -> None:
    data = client.get("/sparql", params={"query": COMPETITORS}).json()
    values = [b["c"]["value"] for b in data["results"]["bindings"]]
    assert values == [str(ENT.anthropic), str(ENT.google), str(ENT.xai)]


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    sd = Graph().parse(data=response.text, format="turtle")
    found = sd.query(
        "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
        "SELECT ?e ?lang WHERE { ?s a sd:Service ; sd:endpoint ?e ; sd:supportedLanguage ?lang }"
    )
    [(endpoint, language)] = list(found)  # type: ignore[misc]
    assert str(endpoint) == "http://localhost/sparql"
    assert str(language).endswith("#SPARQL11Query")


def test_stored_queries_over_http(client: TestClient) -> None:
    listing = client.get("/queries").json()
    assert "investors_of" in {q["name"] for q in listing}
    rows = client.get("/queries/investors_of", params={"entity": "openai"}).json()
    investors = {b["investor"]["value"] for b in rows["results"]["bindings"]}
    assert {str(ENT.microsoft), str(ENT.nvidia), str(ENT.softbank), str(ENT.mgx)} <= investors
    holds = client.get(
        "/queries/holds_on",
        params={"as_of": "2025-06-30", "subject": "microsoft", "object": "openai",
                "family": "supply"},
        headers={"accept": "text/csv"},
    )  # fmt: skip
    assert "RightOfFirstRefusal" in holds.text and "#Exclusive" not in holds.text
    sub = client.get("/queries/subgraph_around", params={"entity": "stargate"})
    assert sub.headers["content-type"].startswith("text/turtle")
    missing = client.get("/queries/investors_of")
    assert missing.status_code == 400 and "'entity'" in missing.text
    unknown = client.get("/queries/investors_of", params={"entity": "opnai"})
    assert unknown.status_code == 400 and "did you mean openai" in unknown.text
    assert client.get("/queries/no_such_query").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "ASK { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?q ?x } } }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "DROP DEFAULT",
    ],
)
def test_refused_before_evaluation(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "refused" in response.text and "Traceback" not in response.text


@pytest.mark.slow
def test_slow_query_is_stopped_and_the_worker_replaced(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 503 and "stopped after 3 s" in response.text
    # Both workers still answer afterwards.
    for _ in range(3):
        assert client.get("/sparql", params={"query": COMPETITORS}).status_code == 200


def test_row_cap(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, max_rows=3, workers=1) as c:
        capped = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert len(capped.json()["results"]["bindings"]) == 3
        assert capped.headers["x-result-truncated"] == "true"
        whole = c.get("/sparql", params={"query": COMPETITORS})
        assert "x-result-truncated" not in whole.headers


def test_request_size_limit(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, max_request_bytes=500, workers=1) as c:
        padding = "#" + "x" * 600 + "\n"
        big = c.post("/sparql", content=padding + COMPETITORS, headers={"content-type": QUERY_TYPE})
        assert big.status_code == 413
        assert c.get("/sparql", params={"query": padding + COMPETITORS}).status_code == 414
        assert c.get("/sparql", params={"query": COMPETITORS}).status_code == 200


def test_host_header_is_checked(client: TestClient) -> None:
    evil = client.get("/sparql", params={"query": COMPETITORS}, headers={"host": "evil.example"})
    assert evil.status_code == 400
    local = client.get("/sparql", params={"query": COMPETITORS}, headers={"host": "127.0.0.1:8000"})
    assert local.status_code == 200


def test_cors_is_off_unless_asked(client: TestClient, shipped_graph: Graph) -> None:
    origin = {"origin": "https://example.org"}
    plain = client.get("/sparql", params={"query": COMPETITORS}, headers=origin)
    assert "access-control-allow-origin" not in plain.headers
    with client_for(shipped_graph, cors=True, workers=1) as c:
        allowed = c.get("/sparql", params={"query": COMPETITORS}, headers=origin)
        assert allowed.headers["access-control-allow-origin"] == "*"


def test_json_results_parse(client: TestClient) -> None:
    body = client.get("/sparql", params={"query": "ASK { ent:openai ai:competesWith ent:xai }"})
    assert json.loads(body.text)["boolean"] is True


def test_extra_allowed_host(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, allowed_hosts=("kg.example",), workers=1) as c:
        named = c.get("/sparql", params={"query": COMPETITORS}, headers={"host": "kg.example"})
        assert named.status_code == 200


def test_unexpected_error_does_not_leak_a_traceback(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.web.endpoint

    def explode(*_args: object) -> None:
        raise RuntimeError("secret internals at /home/someone")

    monkeypatch.setattr(graph.web.endpoint, "list_queries", explode)
    response = client.get("/queries")
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text


def test_every_serve_option_is_documented() -> None:
    from pathlib import Path

    from graph.cli.sparql import serve

    docs = (Path(__file__).resolve().parent.parent / "docs" / "http.md").read_text("utf-8")
    for param in serve.params:
        for flag in param.opts:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in docs, f"{flag} is not documented in docs/http.md"


# --- serve's options, checked before anything starts ------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--port", "99999", "99999 is not in the range 0<=x<=65535"),
        ("--port", "-1", "-1 is not in the range 0<=x<=65535"),
        ("--port", "http", "'http' is not a valid integer"),
        ("--timeout", "-1", "is not in the range x>0"),
        ("--timeout", "0", "is not in the range x>0"),
        ("--timeout", "nan", "'nan' is not a finite number of seconds"),
        ("--timeout", "inf", "'inf' is not a finite number of seconds"),
        ("--timeout", "soon", "'soon' is not a valid number of seconds"),
        ("--max-rows", "-5", "-5 is not in the range x>=1"),
        ("--max-rows", "0", "0 is not in the range x>=1"),
        ("--max-request-bytes", "0", "0 is not in the range x>=1"),
        ("--workers", "0", "0 is not in the range x>=1"),
        ("--workers", "-2", "-2 is not in the range x>=1"),
        ("--read-timeout", "0", "is not in the range x>0"),
        ("--read-timeout", "nan", "'nan' is not a finite number of seconds"),
        ("--max-connections", "0", "0 is not in the range x>=1"),
    ],
)
def test_serve_refuses_bad_options(run_cli: RunCli, option: str, value: str, expected: str) -> None:
    result = run_cli("serve", option, value)
    assert result.exit_code == 2, result.output  # click's usage error
    assert f"Invalid value for '{option}'" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_serve_on_a_port_in_use_says_so(run_cli: RunCli) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = run_cli("serve", "--port", str(port))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"error: cannot serve on 127.0.0.1:{port}: the port is in use by another program; "
        "choose another with --port, or --port 0 for a free one\n"
    )
    assert time.monotonic() - started < 5  # said before the graph is built


def test_serve_on_an_address_of_another_machine(run_cli: RunCli) -> None:
    result = run_cli("serve", "--host", "192.0.2.1", "--port", "0")  # TEST-NET-1, never local
    assert result.exit_code == 1, result.output
    assert "192.0.2.1 is not an address of this machine" in result.stderr
    assert "Traceback" not in result.output


def test_serve_on_a_host_that_does_not_resolve(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_name(*_args: object, **_kwargs: object) -> None:  # no DNS request is made
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    result = run_cli("serve", "--host", "no-such-host.invalid")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "error: cannot serve on --host 'no-such-host.invalid': it does not resolve"
    )
    assert "Name or service not known" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "values",
    [
        {"port": 70000},
        {"timeout": float("nan")},
        {"timeout": -1.0},
        {"max_rows": -5},
        {"workers": 0},
        {"max_request_bytes": 0},
    ],
)
def test_settings_refuse_values_out_of_range(values: dict[str, float]) -> None:
    from graph.model.errors import AikgError
    from graph.web import Settings

    with pytest.raises(AikgError, match="must be"):
        Settings(**values)  # type: ignore[arg-type]


# --- pyoxigraph's answers are read and dropped on the thread that made them ---------------------

UNSENDABLE = "is unsendable, but is being dropped on another thread"


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Python could not raise (an object dropped on the wrong thread), as messages."""
    import sys

    seen: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(str(u.exc_value)))
    return seen


def test_store_answers_stay_on_their_thread(
    shipped_graph: Graph,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    unraisable: list[str],
) -> None:
    import gc
    import threading

    import graph.store.engine
    from graph.model.errors import QueryError
    from graph.sparql.safety import check_query
    from graph.store.memory import MemoryStore

    store = MemoryStore(shipped_graph)  # what the pages read: pyoxigraph in memory
    texts = [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
        "CONSTRUCT WHERE { ent:xai ?p ?o }",
        "ASK { ?s ?p ?o }",
        "DESCRIBE ent:xai",
    ]
    errors: list[BaseException] = []

    def answer() -> None:
        for text in texts:
            store.query(text)

    def fail() -> None:
        try:
            store.query("SELECT * WHERE { ?s ?p ?o }")  # fails while its answer is read
        except QueryError as err:
            errors.append(err)

    def broken_rows(solutions: object, _variables: object) -> None:
        next(iter(solutions))  # type: ignore[call-overload]
        raise RuntimeError("a row that cannot be read")

    for _ in range(3):
        thread = threading.Thread(target=answer)
        thread.start()
        thread.join()
        with monkeypatch.context() as patch:
            patch.setattr(graph.store.engine, "rdf_rows", broken_rows)
            thread = threading.Thread(target=fail)
            thread.start()
            thread.join()
    assert [str(e) for e in errors] == ["the query failed: a row that cannot be read"] * 3
    errors.clear()  # the errors, and whatever they hold, end here, on this thread
    check_query("ASK { ?s ?p ?o }")  # a parse here frees what the parser cached there
    gc.collect()
    assert UNSENDABLE not in capfd.readouterr().err
    assert [m for m in unraisable if UNSENDABLE in m] == []


def test_pages_read_in_threads_leave_nothing_to_drop(
    shipped_graph: Graph, capfd: pytest.CaptureFixture[str], unraisable: list[str]
) -> None:
    import gc

    from graph.sparql.safety import check_query

    with client_for(shipped_graph, workers=1) as c:
        assert c.get("/entities/openai").status_code == 200
        assert c.get("/entities/xai/graph").status_code == 200
        drawn = c.get("/query/graph", params={"name": "subgraph_around", "entity": "xai"})
        assert drawn.status_code == 200
        assert c.get("/sparql", params={"query": COMPETITORS}).status_code == 200
        check_query("ASK { ?s ?p ?o }")
        gc.collect()
    assert UNSENDABLE not in capfd.readouterr().err
    assert [m for m in unraisable if UNSENDABLE in m] == []


# --- the same status on every route; nosniff on every response ---------------------------------


def busy_pool(client: TestClient, monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    from graph.web.workers import QueryTimeout

    async def refuse(_job: object) -> None:
        raise QueryTimeout(message)

    monkeypatch.setattr(client.app.state.pool, "run", refuse)  # type: ignore[attr-defined]


SERVER_SIDE = [
    ("/sparql", {"query": COMPETITORS}),
    ("/queries/investors_of", {"entity": "openai"}),
    ("/query", {"sparql": COMPETITORS}),
    ("/query", {"name": "investors_of", "entity": "openai"}),
    ("/query/graph", {"name": "subgraph_around", "entity": "xai"}),
]


@pytest.mark.parametrize("message", ["every query worker is busy; try again later",
                                     "the query was stopped after 3 s"])  # fmt: skip
@pytest.mark.parametrize(("path", "params"), SERVER_SIDE)
def test_server_side_failures_are_503_on_every_route(
    shipped_graph: Graph,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    params: dict[str, str],
    message: str,
) -> None:
    with client_for(shipped_graph, workers=1) as c:
        busy_pool(c, monkeypatch, message)
        response = c.get(path, params=params)
    assert response.status_code == 503, response.text
    assert message in response.text


@pytest.mark.slow
def test_a_timeout_is_503_on_the_query_pages_too(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, workers=1) as c:  # stops queries after 3 s
        for path in ("/sparql", "/query", "/query/graph"):
            key = "query" if path == "/sparql" else "sparql"
            response = c.get(path, params={key: SLOW, "view": "graph"})
            assert response.status_code == 503, (path, response.text)
            assert "stopped after 3 s" in response.text


def test_every_response_says_nosniff(client: TestClient, shipped_graph: Graph) -> None:

    requests = [
        ("GET", "/sparql", {"query": COMPETITORS}, {}),
        ("GET", "/sparql", {}, {}),
        ("GET", "/sparql", {"query": "SELECT <script>"}, {}),
        ("GET", "/sparql", {"query": COMPETITORS}, {"accept": "image/png"}),
        ("GET", "/sparql", {"query": COMPETITORS}, {"host": "evil.example"}),
        ("POST", "/sparql", {}, {"content-type": "text/html"}),
        ("PUT", "/sparql", {}, {}),
        ("GET", "/queries", {}, {}),
        ("GET", "/queries/investors_of", {"entity": "openai"}, {}),
        ("GET", "/queries/nope", {}, {}),
        ("GET", "/no/such/route", {}, {}),
        ("GET", "/", {}, {}),
        ("GET", "/entities/openai", {}, {}),
        ("GET", "/entities/nobody", {}, {}),
        ("GET", "/query", {"sparql": "ASK {"}, {}),
        ("GET", "/views/", {}, {}),
    ]
    for method, path, params, headers in requests:
        response = client.request(method, path, params=params, headers=headers)
        assert response.headers.get("x-content-type-options") == "nosniff", (method, path)
    with client_for(shipped_graph, max_request_bytes=50, workers=1) as c:
        for response in (
            c.get("/sparql", params={"query": COMPETITORS}),
            c.post("/sparql", content=COMPETITORS, headers={"content-type": QUERY_TYPE}),
        ):
            assert response.status_code in (413, 414)
            assert response.headers["x-content-type-options"] == "nosniff"


def test_an_unforeseen_failure_is_a_500_that_says_nosniff(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.web.endpoint

    def explode(*_args: object) -> None:
        raise RuntimeError("secret internals at /home/someone")

    monkeypatch.setattr(graph.web.endpoint, "list_queries", explode)
    response = client.get("/queries")
    assert response.status_code == 500
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "secret" not in response.text and "Traceback" not in response.text


# --- one rule for text that is not UTF-8: refused, naming where --------------------------------


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/sparql", b"query=ASK%20%7B%20FILTER(%22%FF%22)%20%7D"),
        ("/sparql", b"query=ASK%20%7B%7D&default-graph-uri=%C3"),
        ("/queries/investors_of", b"entity=open%E9ai"),
        ("/query", b"sparql=ASK%7B%7D%FE"),
        ("/query/graph", b"name=subgraph_around&entity=%FFxai"),
        ("/entities", b"name=%C0%AF"),
    ],
)
def test_a_query_string_that_is_not_utf8_is_refused(
    client: TestClient, path: str, raw: bytes
) -> None:
    response = client.get(f"{path}?{raw.decode('ascii')}")
    assert response.status_code == 400, response.text
    assert "the query string is not UTF-8: parameter" in response.text
    assert "\ufffd" not in response.text


def test_a_body_or_form_that_is_not_utf8_is_refused_alike(client: TestClient) -> None:
    body = client.post(
        "/sparql", content=b'ASK { FILTER("\xff") }', headers={"content-type": QUERY_TYPE}
    )
    assert body.status_code == 400
    assert "the query in the body is not UTF-8: byte 0xff at offset 14" in body.text
    form = client.post("/sparql", content=b"query=ASK%7B%7D%FF", headers={"content-type": FORM})
    assert form.status_code == 400 and "the form is not UTF-8: parameter 'query'" in form.text


def test_utf8_in_a_query_string_is_read(client: TestClient) -> None:
    text = 'ASK { FILTER(STRLEN("é") = 1) }'
    escaped = client.get("/sparql", params={"query": text})
    assert escaped.status_code == 200 and escaped.json()["boolean"] is True
