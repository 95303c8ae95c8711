"""Store backends: every stored query answers alike in memory, on disk and on a real server."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from graph.sparql import bind_params, list_queries, load_query, result_rows
from graph.store import MemoryStore, RemoteStore, Store, open_store
from graph.store.text import bind_text

from .conftest import RunCli, free_port

# Each stored query with the parameters it is run with (several runs for some).
RUNS: list[tuple[str, dict[str, str]]] = [
    ("announced_facts", {}),
    ("conflicts", {}),
    ("competitors_of", {"entity": "openai"}),
    ("dependencies_of", {"entity": "openai"}),
    ("dependents_of", {"entity": "amazon"}),
    ("dependents_of", {"entity": "openai"}),
    ("entity_profile", {"entity": "softbank"}),
    ("facts_by_source", {"source": "nigeriadna-coreweave-openai"}),
    ("facts_by_source", {}),
    ("holds_on", {"as_of": "2024-12-31"}),
    ("holds_on", {"as_of": "2025-06-30", "subject": "openai", "family": "supply"}),
    ("holds_on", {"as_of": "2025-06-30", "object": "openai"}),
    ("investment_totals", {"target": "anthropic"}),
    ("investment_totals", {}),
    ("investors_of", {"entity": "openai"}),
    ("large_amounts", {}),
    ("large_amounts", {"min_amount": "1000000"}),
    ("largest_deals", {}),
    ("largest_deals", {"year": "2025", "currency": "USD"}),
    ("money_flows", {"entity": "anthropic"}),
    ("money_flows", {}),
    ("partners_of", {"entity": "stargate"}),
    ("people_roles", {"entity": "stargate"}),
    ("people_roles", {}),
    ("relationship_timeline", {"a": "microsoft", "b": "openai"}),
    ("reported_only_facts", {"entity": "colossus"}),
    ("reported_only_facts", {}),
    ("reported_versus_announced", {}),
    ("search_entities", {"text": "nvidia"}),
    ("search_entities", {"text": 'a" } ; DROP ALL\n> . <urn:x> ?p ?o'}),
    ("single_source_facts", {}),
    ("subgraph_around", {"entity": "stargate"}),
    ("technology_partners_of", {"project": "stargate"}),
]

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "long", "int")}


def _norm(term: Node | None) -> object:
    """A term comparable across engines: numbers by value, blank nodes alike."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC:
        try:
            return ("number", Decimal(str(term)).normalize())
        except InvalidOperation:
            return ("literal", str(term))
    if isinstance(term, Literal) and term.datatype is None and term.language is None:
        # GROUP_CONCAT joins in an order each engine picks: compare the parts.
        return ("string", sorted(re.split(r"; | ", str(term))))
    if isinstance(term, Literal):
        return ("literal", str(term), term.language, str(term.datatype or ""))
    assert isinstance(term, URIRef)
    return ("iri", str(term))


def _answer(result: Result) -> Any:
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return sorted((repr(_norm(s)), repr(_norm(p)), repr(_norm(o))) for s, p, o in result.graph)
    names = [str(v) for v in result.vars or []]
    rows = [tuple(repr(_norm(row.get(Variable(n)))) for n in names) for row in result.bindings]
    return names, sorted(rows)


def test_every_stored_query_is_run_here() -> None:
    assert {name for name, _ in RUNS} == {q.name for q in list_queries()}


@pytest.mark.parametrize("backend", ["oxigraph", "remote"])
def test_every_stored_query_answers_as_in_memory(
    shipped_graph: Graph, loaded: dict[str, str], backend: str
) -> None:
    memory = MemoryStore(shipped_graph)
    store: Store = open_store(loaded[backend])
    nonempty = 0
    for name, params in RUNS:
        stored = load_query(name)
        bindings = bind_params(shipped_graph, stored, params)
        expected = _answer(memory.query(stored.text, bindings=bindings))
        got = _answer(store.query(stored.text, bindings=bindings))
        assert got == expected, f"{name} {params} differs on {backend}"
        nonempty += bool(expected[1] if isinstance(expected, tuple) else expected)
    assert nonempty >= len(RUNS) - 2  # the answers compared are real ones
    del store


def test_loaded_store_holds_the_graph(shipped_graph: Graph, loaded: dict[str, str]) -> None:
    for spec in loaded.values():
        store = open_store(spec)
        assert not store.is_empty()
        assert len(store.graph()) == len(shipped_graph)
        del store


@pytest.mark.parametrize("backend", ["oxigraph", "remote"])
def test_cli_query_and_sparql_through_store(
    run_cli: RunCli, loaded: dict[str, str], backend: str
) -> None:
    for args in (
        ["query", "competitors_of", "-p", "entity=openai"],
        ["query", "partners_of", "-p", "entity=stargate", "-f", "csv"],
        ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ai:Organization }"],
        ["sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = ent:openai) }"],
    ):
        expected = run_cli(*args)
        got = run_cli("--store", loaded[backend], *args)
        assert got.exit_code == 0, got.stderr
        assert got.stdout == expected.stdout and expected.stdout


@pytest.mark.parametrize("backend", ["oxigraph", "remote"])
def test_store_refuses_updates_and_service(
    run_cli: RunCli, loaded: dict[str, str], backend: str
) -> None:
    for text in (
        "DROP ALL",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://example.org/x>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    ):
        result = run_cli("--store", loaded[backend], "sparql", text)
        assert result.exit_code == 1
        assert "refused" in result.stderr and "Traceback" not in result.stderr
    count = run_cli("--store", loaded[backend], "sparql", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert count.stdout == run_cli("sparql", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").stdout


def test_hostile_string_is_bound_as_one_literal(loaded: dict[str, str]) -> None:
    hostile = 'x" } ; DROP ALL\n> } SELECT * { ?s ?p ?o } #'
    text = "SELECT ?v WHERE { BIND(STR(?text) AS ?v) }"
    bound = bind_text(text, {"text": Literal(hostile)})
    assert hostile not in bound  # escaped, never pasted
    for spec in loaded.values():
        rows = result_rows(open_store(spec).query(text, bindings={"text": Literal(hostile)}))
        assert rows == [{"v": hostile}]
    assert not open_store(loaded["remote"]).is_empty()


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?where WHERE { BIND("""a { WHERE } "b" """ AS ?where) FILTER(?x = ?x) }',
        "SELECT ?x (COUNT(*) AS ?n) { ?s ?p ?o # a { WHERE in a comment\n} GROUP BY ?x",
        "CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?o FILTER(?s = ent:openai && ?x = ?x) }",
        "ASK { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 } FILTER(?x = ?x) }",
    ],
)
def test_values_block_opens_the_top_level_where_group(text: str, loaded: dict[str, str]) -> None:
    bindings = {"x": Literal(1)}
    bound = bind_text(text, bindings)
    assert bound.count("VALUES (?x)") == 1
    expected = _answer(MemoryStore(Graph()).query(text, bindings=bindings))
    assert expected == _answer(MemoryStore(Graph()).query(bound))
    store = open_store(loaded["oxigraph"])
    assert _answer(store.query(text, bindings=bindings)) == _answer(
        MemoryStore(store.graph()).query(text, bindings=bindings)
    )


def test_bad_iri_cannot_be_bound(loaded: dict[str, str]) -> None:
    store = RemoteStore(loaded["remote"].removeprefix("sparql:"))
    with pytest.raises(Exception, match="cannot bind"):
        store.query("SELECT ?s WHERE { ?s ?p ?o }", bindings={"s": URIRef("urn:a> ; DROP ALL")})


def test_view_and_analysis_through_remote(
    run_cli: RunCli, loaded: dict[str, str], tmp_path: Path
) -> None:
    for name, spec in (("memory", "memory"), *loaded.items()):
        result = run_cli(
            "--store", spec, "view", "--focus", "openai", "-o", tmp_path / f"{name}.html"
        )
        assert result.exit_code == 0, result.stderr
    page = (tmp_path / "memory.html").read_text(encoding="utf-8")
    assert "OpenAI" in page
    remote = (tmp_path / "remote.html").read_text(encoding="utf-8")
    assert (tmp_path / "oxigraph.html").read_text(encoding="utf-8") == remote
    assert remote == page  # decimals as the build writes them (27.0) on every backend
    expected = run_cli("analyze", "-f", "json")
    assert expected.exit_code == 0 and expected.stdout
    for spec in loaded.values():
        assert run_cli("--store", spec, "analyze", "-f", "json").stdout == expected.stdout


@pytest.mark.parametrize("backend", ["oxigraph", "remote"])
def test_unknown_entity_on_a_store(run_cli: RunCli, loaded: dict[str, str], backend: str) -> None:
    result = run_cli("--store", loaded[backend], "query", "competitors_of", "-p", "entity=opnai")
    assert result.exit_code == 1
    assert "unknown entity 'opnai'; did you mean openai," in result.stderr
    assert result.stderr == run_cli("query", "competitors_of", "-p", "entity=opnai").stderr
    names = open_store(loaded[backend]).names()
    assert 0 < len(names) < len(open_store(loaded[backend]).graph())


def test_store_from_environment(
    run_cli: RunCli, loaded: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIKG_STORE", loaded["remote"])
    assert run_cli("stats").stdout == run_cli("--store", "memory", "stats").stdout
    monkeypatch.setenv("AIKG_STORE", "nowhere:x")
    assert "unknown store 'nowhere:x'" in run_cli("stats").stderr


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("bogus", "unknown store 'bogus'; use memory, oxigraph:PATH or sparql:URL"),
        ("oxigraph:", "needs a folder"),
        ("sparql:ftp://example.org", "give the server's SPARQL query endpoint"),
        ("sparql:", "give the server's SPARQL query endpoint"),
    ],
)
def test_bad_store_spec(run_cli: RunCli, spec: str, message: str) -> None:
    result = run_cli("--store", spec, "stats")
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_oxigraph_spec_naming_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    result = run_cli("--store", f"oxigraph:{tmp_path / 'f'}", "load")
    assert result.exit_code == 1 and "is a file, not a folder" in result.stderr


def test_unreachable_endpoint(run_cli: RunCli) -> None:
    spec = f"sparql:http://127.0.0.1:{free_port()}"
    for args in (["stats"], ["load"], ["query", "competitors_of", "-p", "entity=openai"]):
        result = run_cli("--store", spec, *args)
        assert result.exit_code == 1
        assert "cannot reach the SPARQL endpoint" in result.stderr
        assert "Traceback" not in result.stderr


def test_empty_store_says_load_first(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("--store", f"oxigraph:{tmp_path / 'new'}", "stats")
    assert result.exit_code == 1
    assert "is empty" in result.stderr and "load" in result.stderr


def test_load_refuses_invalid_data_and_keeps_the_store(
    run_cli: RunCli, loaded: dict[str, str], data_dir: Path
) -> None:
    (data_dir / "entities.csv").write_text("not,a,valid\nfile\n")
    before = run_cli("--store", loaded["oxigraph"], "stats").stdout
    result = run_cli("--store", loaded["oxigraph"], "load", "--data", data_dir)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert run_cli("--store", loaded["oxigraph"], "stats").stdout == before


def test_a_query_endpoint_with_its_graph_store(
    run_cli: RunCli, loaded: dict[str, str], server: str, shipped_graph: Graph
) -> None:
    """Any SPARQL server: the spec names its query endpoint, --graph-store its GSP endpoint."""
    spec = f"sparql:{server}/query"  # how a Fuseki, GraphDB or Virtuoso endpoint is named
    args = ["query", "competitors_of", "-p", "entity=openai"]
    assert run_cli("--store", spec, *args).stdout == run_cli(*args).stdout
    # Read whole without a Graph Store endpoint: by CONSTRUCT through the query endpoint.
    assert len(open_store(spec).graph()) == len(shipped_graph)
    assert run_cli("--store", spec, "stats").stdout == run_cli("stats").stdout

    refused = run_cli("--store", spec, "load")
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert "--graph-store URL" in refused.stderr and "Graph Store Protocol" in refused.stderr

    loaded_again = run_cli("--store", spec, "--graph-store", f"{server}/store", "load")
    assert loaded_again.exit_code == 0, loaded_again.stderr
    assert loaded_again.stdout == f"loaded {len(shipped_graph)} triples into {spec}\n"
    assert len(open_store(spec, graph_store=f"{server}/store").graph()) == len(shipped_graph)


def test_graph_store_from_the_environment(
    run_cli: RunCli, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIKG_GRAPH_STORE", f"{server}/no-such-path")
    result = run_cli("--store", f"sparql:{server}/query", "load")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{server}/no-such-path?default answered 404" in result.stderr
    monkeypatch.setenv("AIKG_GRAPH_STORE", "ftp://example.org/data")
    result = run_cli("--store", f"sparql:{server}/query", "load")
    assert result.exit_code == 1 and "Graph Store Protocol endpoint's http(s) URL" in result.stderr


# Queries rdflib's engine answered wrongly on the memory backend, each with its SPARQL answer:
# a real group whose projected value is unbound (one row); GROUP BY over no solutions (no
# row); FILTER(false), which rdflib ignored (nothing to count).
ENGINE_CASES = [
    ("SELECT ?i WHERE { ent:openai rdfs:label ?o } GROUP BY (xsd:integer(?o) AS ?i)", [{}]),
    ("SELECT ?s WHERE { ?s <urn:aikg:nothing> ?o } GROUP BY ?s", []),
    ("SELECT ?s (COUNT(*) AS ?n) WHERE { ?s <urn:aikg:nothing> ?o } GROUP BY ?s", []),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(false) }", [{"n": 0}]),
]


@pytest.mark.parametrize(("text", "rows"), ENGINE_CASES)
def test_every_backend_answers_as_sparql_says(
    shipped_graph: Graph, loaded: dict[str, str], text: str, rows: list[dict[str, object]]
) -> None:
    for spec in ("memory", *loaded.values()):
        store = open_store(spec, graph=shipped_graph)
        got = [
            {k: v for k, v in row.items() if v is not None}
            for row in result_rows(store.query(text))
        ]
        assert got == rows, spec


def test_rdflib_path_keeps_real_groups_and_drops_empty_ones(shipped_graph: Graph) -> None:
    from graph.sparql import execute_query

    grouped, nothing, _, _ = (text for text, _ in ENGINE_CASES)
    assert len(execute_query(shipped_graph, grouped).bindings) == 1
    assert execute_query(shipped_graph, nothing).bindings == []
    nested = f"SELECT ?s WHERE {{ {{ {nothing} }} }}"
    assert execute_query(shipped_graph, nested).bindings == []


def test_memory_cli_answers_with_the_store_engine(run_cli: RunCli, loaded: dict[str, str]) -> None:
    for text, _ in ENGINE_CASES:
        memory = run_cli("sparql", text, "-f", "csv")
        stored = run_cli("--store", loaded["oxigraph"], "sparql", text, "-f", "csv")
        assert memory.exit_code == 0, memory.stderr
        assert memory.stdout == stored.stdout
    counted = run_cli("sparql", ENGINE_CASES[-1][0], "-f", "csv")
    assert counted.stdout.split() == ["n", "0"]


def test_a_parameter_is_bound_in_the_sub_selects_that_name_it(
    shipped_graph: Graph, loaded: dict[str, str]
) -> None:
    from rdflib.namespace import RDF

    from graph.model.namespaces import ENT

    text = (
        "SELECT ?n ?x WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?st rdf:subject ?entity } } "
        "{ SELECT ?x WHERE { BIND(1 AS ?x) } } }"
    )
    bindings = {"entity": ENT.openai}
    assert bind_text(text, bindings).count("VALUES (?entity)") == 2  # top level and one sub-select
    expected = len(set(shipped_graph.subjects(RDF.subject, ENT.openai)))
    assert 0 < expected < len(set(shipped_graph.subjects(RDF.subject, None)))
    for spec in ("memory", *loaded.values()):
        rows = result_rows(open_store(spec, graph=shipped_graph).query(text, bindings=bindings))
        assert [int(str(row["n"])) for row in rows] == [expected], spec
