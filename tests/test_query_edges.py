"""Queries at the edges of SPARQL, through the CLI, every store and HTTP: too deep, too long,
empty, DESCRIBE *, GRAPH, unbound cells in XML; each a clear message or the spec's answer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from rdflib import Graph
from rdflib.query import Result
from starlette.testclient import TestClient

from graph import ENT
from graph.sparql.safety import MAX_QUERY_CHARS, MAX_QUERY_DEPTH

from .conftest import RunCli, client_for

RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def client(shipped_graph: Graph) -> Iterator[TestClient]:
    with client_for(shipped_graph, workers=1) as c:
        yield c


def nested(kind: str, depth: int) -> str:
    """A query nesting ``depth`` levels of one kind of bracket."""
    if kind == "braces":
        return "ASK " + "{" * depth + "}" * depth
    if kind == "parentheses":  # FILTER's own parentheses are one level, its group another
        return "ASK { FILTER" + "(" * (depth - 1) + "true" + ")" * (depth - 1) + " }"
    if kind == "paths":
        return "ASK { ?s " + "(" * (depth - 1) + "ai:investsIn" + ")" * (depth - 1) + " ?o }"
    if kind == "comparison":  # 1<((2))&&3>0 looks like an IRI to a careless reader
        return "ASK { FILTER(1<" + "(" * (depth - 2) + "2" + ")" * (depth - 2) + "&&3>0) }"
    assert kind == "exists"
    pairs, odd = divmod(depth - 2, 2)
    return (
        "ASK { FILTER("
        + "EXISTS { FILTER (" * pairs
        + "(" * odd
        + "true"
        + ")" * odd
        + ") }" * pairs
        + ") }"
    )


KINDS = ["braces", "parentheses", "paths", "comparison", "exists"]


def clean_failure(result: object) -> str:
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert result.stdout == ""  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert stderr.startswith("error: ") and stderr.count("\n") <= 3
    return stderr


# --- size and nesting, bounded before parsing --------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_deep_nesting_is_refused_with_the_limit(run_cli: RunCli, kind: str) -> None:
    for depth in (MAX_QUERY_DEPTH + 1, 50, 60, 500):
        message = clean_failure(run_cli("sparql", nested(kind, depth)))
        assert f"nests brackets {depth} deep" in message
        assert f"at most {MAX_QUERY_DEPTH} levels" in message


@pytest.mark.parametrize("kind", KINDS)
def test_nesting_up_to_the_limit_is_answered(run_cli: RunCli, kind: str) -> None:
    result = run_cli("sparql", nested(kind, MAX_QUERY_DEPTH))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() in ("true", "false")


def test_brackets_in_strings_comments_and_iris_do_not_count(run_cli: RunCli) -> None:
    text = (
        "# {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n"
        f'ASK {{ FILTER("{"{" * 60}" != """{")" * 60}""" && <urn:x:{"(a)" * 30}> != <urn:y>) }}'
    )
    result = run_cli("sparql", text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "true\n"


def test_a_long_chain_is_a_clear_message(run_cli: RunCli) -> None:
    for text in ("ASK { {} " + "UNION {} " * 1500 + "}", "ASK { " + "OPTIONAL {} " * 1500 + "}"):
        message = clean_failure(run_cli("sparql", text))
        assert "too complex" in message and f"at most {MAX_QUERY_DEPTH} levels" in message


def test_a_query_over_the_size_limit_is_refused(run_cli: RunCli) -> None:
    text = "ASK {}" + " " * MAX_QUERY_CHARS
    message = clean_failure(run_cli("sparql", text))
    assert f"at most {MAX_QUERY_CHARS} are read" in message


def test_nesting_over_http_is_a_400_naming_the_limit(client: TestClient) -> None:
    for kind in KINDS:
        response = client.get("/sparql", params={"query": nested(kind, 60)})
        assert response.status_code == 400, (kind, response.text)
        assert f"at most {MAX_QUERY_DEPTH} levels" in response.text
        page = client.get("/query", params={"sparql": nested(kind, 60)})
        assert page.status_code == 400 and f"at most {MAX_QUERY_DEPTH} levels" in page.text
    chain = client.post(
        "/sparql",
        content="ASK { {} " + "UNION {} " * 1500 + "}",
        headers={"content-type": "application/sparql-query"},
    )
    assert chain.status_code == 400 and "too complex" in chain.text


# --- empty queries --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   \n\t", "# only a comment\n", "PREFIX x: <urn:x#>\nBASE <urn:b>  # and so"]
)
def test_an_empty_query_says_so(run_cli: RunCli, client: TestClient, text: str) -> None:
    message = clean_failure(run_cli("sparql", text))
    assert "the query is empty" in message and "Update" not in message
    response = client.post(
        "/sparql", content=text, headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 400 and "the query is empty" in response.text


# --- DESCRIBE * and GRAPH, as the spec says, on every backend ------------------------------------


def test_describe_star_describes_every_bound_resource(run_cli: RunCli) -> None:
    whole = run_cli("export", "-f", "nt")
    star = run_cli("sparql", "DESCRIBE * WHERE { ?s ?p ?o }", "-f", "nt")
    assert star.exit_code == 0, star.stderr
    assert len(Graph().parse(data=star.stdout, format="nt")) == len(
        Graph().parse(data=whole.stdout, format="nt")
    )
    one = run_cli("sparql", "DESCRIBE * WHERE { BIND(ent:xai AS ?x) }", "-f", "nt")
    explicit = run_cli("sparql", "DESCRIBE ent:xai", "-f", "nt")
    assert one.exit_code == 0, one.stderr
    assert sorted(one.stdout.splitlines()) == sorted(explicit.stdout.splitlines())


def test_describe_star_is_capped_over_http(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, max_rows=5, workers=1) as c:
        response = c.get(
            "/sparql",
            params={"query": "DESCRIBE * WHERE { ?s ?p ?o }"},
            headers={"accept": "application/n-triples"},
        )
    assert response.status_code == 200, response.text
    assert len(response.text.splitlines()) == 5
    assert response.headers["x-result-truncated"] == "true"


GRAPH_QUERIES = [
    ("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "0"),
    ("ASK { GRAPH <https://w3id.org/aikg/graph> { ?s ?p ?o } }", "false"),
    ("ASK { FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }", "false"),
    ("SELECT (COUNT(*) AS ?n) { ent:xai ?p ?o OPTIONAL { GRAPH ?g { ent:xai ?p ?o } } }", "all"),
    ("SELECT (COUNT(*) AS ?n) { { ent:xai ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", "all"),
    ("SELECT ?g FROM <urn:other> WHERE { GRAPH ?g { ?s ?p ?o } }", "0"),
]


def graph_answer(run_cli: RunCli, store: str, text: str) -> str:
    result = run_cli("--store", store, "sparql", text, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split()
    if text.startswith("ASK"):
        return lines[0]
    if "COUNT" in text:
        return lines[1]
    return str(len(lines) - 1)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), GRAPH_QUERIES)
def test_graph_patterns_match_no_named_graph_on_every_backend(
    run_cli: RunCli, loaded: dict[str, str], text: str, expected: str
) -> None:
    xai = run_cli("sparql", "SELECT (COUNT(*) AS ?n) { ent:xai ?p ?o }", "-f", "csv")
    if expected == "all":
        expected = xai.stdout.split()[1]
    answers = {
        store: graph_answer(run_cli, spec, text)
        for store, spec in {"memory": "memory", **loaded}.items()
    }
    assert answers == dict.fromkeys(answers, expected)


def test_graph_pattern_over_http(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": GRAPH_QUERIES[0][0]})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"] == []


# --- unbound cells in XML results --------------------------------------------------------------


def xml_rows(body: bytes) -> list[dict[str, str]]:
    root = ElementTree.fromstring(body)
    return [
        {b.attrib["name"]: "".join(b.itertext()) for b in row.iter(f"{RESULTS_NS}binding")}
        for row in root.iter(f"{RESULTS_NS}result")
    ]


def test_xml_results_leave_unbound_variables_out(run_cli: RunCli) -> None:
    text = "SELECT ?x ?y WHERE { VALUES (?x ?y) { (1 UNDEF) (UNDEF 2) } }"
    result = run_cli("sparql", text, "-f", "xml")
    assert result.exit_code == 0, result.stderr
    assert xml_rows(result.stdout_bytes) == [{"x": "1"}, {"y": "2"}]
    parsed = Result.parse(io.BytesIO(result.stdout_bytes), format="xml")
    assert [str(v) for v in parsed.vars or []] == ["x", "y"]


def test_stored_query_with_unbound_group_variable_as_xml(
    run_cli: RunCli, client: TestClient
) -> None:
    cli = run_cli("query", "announced_facts", "-f", "xml")
    assert cli.exit_code == 0, cli.stderr
    rows = xml_rows(cli.stdout_bytes)
    assert rows and any("date" not in row for row in rows)
    assert (
        len(rows)
        == len(run_cli("query", "announced_facts", "-f", "json").stdout.split('{"statement"')) - 1
    )
    http = client.get("/queries/investors_of", params={"entity": "openai", "_format": "xml"})
    assert http.status_code == 200, http.text
    assert http.headers["content-type"].startswith("application/sparql-results+xml")
    assert any(str(ENT.microsoft) in row.values() for row in xml_rows(http.content))


# --- messages -----------------------------------------------------------------------------------


def test_an_ask_query_is_an_ask_query(run_cli: RunCli, client: TestClient) -> None:
    message = clean_failure(run_cli("sparql", "ASK { ?s ?p ?o }", "-f", "nt"))
    assert "an ASK query returns results" in message
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "image/png"})
    assert response.status_code == 406 and "cannot answer an ASK query" in response.text
    forced = client.get("/queries/investors_of", params={"entity": "openai", "_format": "png"})
    assert forced.status_code == 400 and "for a SELECT query" in forced.text
