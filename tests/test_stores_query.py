"""Store backends: the terms results come back as, which queries are analytical, timeouts
and FROM on every backend."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.term import Node, Variable

from graph.model import ENT
from graph.sparql import bind_params, list_queries, load_query
from graph.sparql.catalogue import parse_stored_query, render_catalogue
from graph.store import MemoryStore, RemoteStore, StoreError, StoreTimeout, open_store
from graph.store.names import names_for

from .conftest import RunCli
from .test_stores import _answer

LITERALS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"


def _exact(term: Node) -> tuple[object, ...]:
    """Everything rdflib keeps of a term: its class, text, language, datatype and value
    (numbers by value: Oxigraph stores them canonically, 27.0 as 27; language tags in
    lower case, as Oxigraph writes them)."""
    if isinstance(term, Literal):
        number = isinstance(term.value, Decimal | int | float)
        text = None if number else str(term)
        language = term.language.lower() if term.language else None
        return (type(term), text, language, term.datatype, term.value, term.ill_typed)
    return (type(term), str(term))


def test_literals_are_the_terms_rdflib_builds(
    shipped_graph: Graph,
    loaded: dict[str, str],
) -> None:
    def terms(rows: list[dict[Variable, Node]]) -> list[tuple[object, ...]]:
        return sorted((tuple(_exact(row[Variable(n)]) for n in "spo") for row in rows), key=repr)

    expected = terms(MemoryStore(shipped_graph).query(LITERALS).bindings)  # type: ignore[arg-type]
    kinds = {row[2][3] for row in expected}
    assert len(kinds) >= 5 and None in kinds  # plain strings, dates, decimals, integers...
    for spec in loaded.values():
        got = terms(open_store(spec).query(LITERALS).bindings)  # type: ignore[arg-type]
        assert got == expected, spec


def test_language_tags_and_escapes_survive(loaded: dict[str, str]) -> None:
    text = (
        'SELECT ?fr ?en ?odd WHERE { BIND(STRLANG("chat", "fr") AS ?fr) '
        'BIND("colour"@en-GB AS ?en) BIND("tab\\tquote\\"é" AS ?odd) }'
    )
    expected = [_exact(t) for t in MemoryStore(Graph()).query(text).bindings[0].values()]
    assert expected[0][2] == "fr"
    for spec in loaded.values():
        row = open_store(spec).query(text).bindings[0]
        assert [_exact(t) for t in row.values()] == expected, spec


def test_analytical_queries_are_marked(run_cli: RunCli, tmp_path: Path) -> None:
    listing = run_cli("queries").stdout.splitlines()
    assert listing[0].split()[-1] == "cost"
    cost = {line.split()[0]: line.split()[-1] for line in listing[2:]}
    assert cost["single_source_facts"] == "analytical" and cost["entity_profile"] == "lookup"
    marked = {q.name for q in list_queries() if q.analytical}
    assert marked == {name for name, kind in cost.items() if kind == "analytical"}
    path = tmp_path / "totals.rq"
    header = "# title: T\n# description: D\n# analytical: sums over\n#   everything\n"
    query = parse_stored_query(header + "SELECT * { ?s ?p ?o }", path=path)
    assert query.analytical == "sums over everything"
    assert "**Analytical:** sums over everything." in render_catalogue([query])
    assert parse_stored_query("# title: T\n# description: D\nASK {}", path=path).analytical == ""


# Three blocks of 300 triples joined on nothing: 27 million rows to count, seconds of work.
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 300 } }"
)


def test_remote_query_stops_waiting_at_the_timeout(
    run_cli: RunCli,
    loaded: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = loaded["remote"].removeprefix("sparql:")
    started = time.monotonic()
    with pytest.raises(StoreTimeout, match=rf"{base}/query did not answer within 0\.3 s$"):
        RemoteStore(base).query(SLOW, timeout=0.3)
    assert time.monotonic() - started < 10  # a stall guard, not a timing test
    result = run_cli("--store", loaded["remote"], "sparql", "--timeout", "0.3", SLOW)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"the SPARQL endpoint {base}/query did not answer within 0.3 s" in result.stderr
    monkeypatch.setenv("AIKG_TIMEOUT", "0.3")
    from_env = run_cli("--store", loaded["remote"], "sparql", SLOW)
    assert from_env.exit_code == 1 and "did not answer within 0.3 s" in from_env.stderr


def test_generous_timeout_answers(
    run_cli: RunCli,
    loaded: dict[str, str],
) -> None:
    args = ["query", "competitors_of", "-p", "entity=openai"]
    expected = run_cli(*args)
    got = run_cli("--store", loaded["remote"], *args, "--timeout", "30")
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout and "ent:anthropic" in got.stdout
    text = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    counted = run_cli("--store", loaded["remote"], "sparql", text, "--timeout", "30")
    assert counted.stdout == run_cli("sparql", text).stdout


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_timeout_is_refused_where_it_cannot_be_honoured(
    run_cli: RunCli,
    loaded: dict[str, str],
    backend: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = loaded.get(backend, "memory")
    for args in (["sparql", "ASK { ?s ?p ?o }"], ["query", "competitors_of", "-p", "entity=x"]):
        result = run_cli("--store", spec, *args, "--timeout", "5")
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert f"cannot be honoured by the {spec} store" in result.stderr
        assert "sparql:URL" in result.stderr and not result.stdout
    monkeypatch.setenv("AIKG_TIMEOUT", "5")
    assert "cannot be honoured" in run_cli("--store", spec, "sparql", "ASK {}").stderr
    with pytest.raises(StoreError, match="cannot be honoured"):
        open_store(spec).query("ASK {}", timeout=5)


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_bad_timeout_is_refused(run_cli: RunCli, value: str) -> None:
    result = run_cli("sparql", "ASK {}", "--timeout", value)
    assert result.exit_code == 2
    assert "Invalid value for '--timeout'" in result.stderr


GRAPH = "<https://w3id.org/aikg/graph>"
ALL = "SELECT (COUNT(*) AS ?n) {FROM} WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("text", "check"),
    [
        (f"ASK FROM {GRAPH} {{ ent:openai ai:competesWith ent:xai }}", True),
        ("ASK FROM <http://127.0.0.1:9/x.ttl> { ?s ?p ?o }", False),
        ("PREFIX g: <https://w3id.org/aikg/>\nASK FROM g:graph { ?s a ai:Organization }", True),
        (ALL.replace("{FROM}", f"FROM {GRAPH}"), "all"),
        (ALL.replace("{FROM}", f"from {GRAPH} FROM <http://example.org/empty>"), "all"),
        (ALL.replace("{FROM}", "FROM <http://example.org/empty>"), "none"),
        (f'SELECT ?t FROM {GRAPH} WHERE {{ BIND("FROM <urn:x> {{" AS ?t) }}', "one"),
        (
            f"CONSTRUCT {{ ?s ai:competesWith ?o }} FROM {GRAPH} # FROM <urn:not-a-clause>\n"
            "WHERE { ?s ai:competesWith ?o FILTER(?s = ent:openai) }",
            "triples",
        ),
    ],
)
def test_from_answers_alike_on_every_backend(
    shipped_graph: Graph,
    loaded: dict[str, str],
    text: str,
    check: object,
) -> None:
    expected = _answer(MemoryStore(shipped_graph).query(text))
    if isinstance(check, bool):
        assert expected is check
    elif check == "all":
        assert expected[1] == [(repr(("number", Decimal(len(shipped_graph)).normalize())),)]
    elif check == "none":
        assert expected[1] == [(repr(("number", Decimal(0))),)]
    elif check == "one":
        assert expected[1] == [(repr(("string", ["<urn:x>", "FROM", "{"])),)]
    else:
        assert len(expected) == 3  # ent:openai competes with anthropic, google and xai
    for spec in loaded.values():
        assert _answer(open_store(spec).query(text)) == expected, spec


def test_from_with_bound_parameters(shipped_graph: Graph, loaded: dict[str, str]) -> None:
    text = f"SELECT ?label FROM {GRAPH} WHERE {{ ?entity rdfs:label ?label }}"
    bindings = bind_params(shipped_graph, load_query("entity_profile"), {"entity": "openai"})
    expected = _answer(MemoryStore(shipped_graph).query(text, bindings=bindings))
    assert expected == (["label"], [(repr(("literal", "OpenAI", "en", "")),)])
    for spec in loaded.values():
        assert _answer(open_store(spec).query(text, bindings=bindings)) == expected, spec


def test_from_named_is_refused_everywhere(
    run_cli: RunCli,
    loaded: dict[str, str],
) -> None:
    text = f"SELECT * FROM NAMED {GRAPH} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    expected = run_cli("sparql", text)
    assert expected.exit_code == 1 and "named graphs are not supported" in expected.stderr
    for spec in loaded.values():
        got = run_cli("--store", spec, "sparql", text)
        assert (got.exit_code, got.stderr) == (1, expected.stderr) and not got.stdout


@pytest.mark.parametrize(
    "value",
    # slug, label, ent: name, IRI, alias only (skos:altLabel), typo
    ["openai", "OpenAI", "ent:openai", "https://w3id.org/aikg/entity/openai", "OpenAI Group PBC",
     "opnai"],
)  # fmt: skip
def test_entity_parameters_resolve_alike(
    run_cli: RunCli,
    loaded: dict[str, str],
    value: str,
) -> None:
    args = ["query", "competitors_of", "-p", f"entity={value}"]
    expected = run_cli(*args)
    if value == "opnai":
        assert "unknown entity 'opnai'; did you mean openai" in expected.stderr
    else:
        assert "ent:anthropic" in expected.stdout, expected.stderr
    for spec in loaded.values():
        got = run_cli("--store", spec, *args)
        assert (got.exit_code, got.stdout, got.stderr) == (
            expected.exit_code,
            expected.stdout,
            expected.stderr,
        ), spec


def test_names_for_asks_the_store_only_about_the_names_given(loaded: dict[str, str]) -> None:
    store = open_store(loaded["oxigraph"])
    everything = len(store.names())
    by_source = load_query("facts_by_source")
    source = {"source": "nigeriadna-coreweave-openai"}
    assert len(names_for(store, by_source, source)) == 1  # its type, asked for
    assert len(names_for(store, by_source, {"source": "no-such-source"})) == everything
    profile = load_query("entity_profile")
    openai = names_for(store, profile, {"entity": "ent:openai"})
    assert set(openai.subjects()) == {ENT.openai}  # its type, label and alias
    for name in ("OpenAI Group PBC", "openai", "OPENAI", str(ENT.openai)):
        found = names_for(store, profile, {"entity": name})
        assert ENT.openai in set(found.subjects()), name
        # Besides OpenAI only names beyond ASCII (Doña Ana, an en dash), which the store
        # cannot case-fold as Python does, so it hands them over to be matched here.
        for other in set(found.subjects()) - {ENT.openai}:
            assert any(not str(n).isascii() for n in (other, *found.objects(other))), other
    assert len(names_for(store, profile, {"entity": "nobody-here"})) == everything
    assert len(names_for(store, load_query("holds_on"), {"as_of": "2025-01-01"})) == 0
    for spec in loaded.values():
        result = open_store(spec).query(
            by_source.text,
            bindings=bind_params(names_for(open_store(spec), by_source, source), by_source, source),
        )
        assert len(result.bindings) >= 1
