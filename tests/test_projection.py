"""The network projection read by SPARQL: the same network as before on every backend,
and views and analyses that never fetch the whole store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.query import Result

import graph
from graph.model import AI, UnknownEntityError, resolve_entity
from graph.network import find_entity, project_neighbourhood, to_networkx
from graph.network.lookup import fetch_sources, network_sources
from graph.sparql import bind_params, execute_query, load_query
from graph.store import MemoryStore, OxigraphStore, RemoteStore, Store, open_store
from graph.views import render_ego, source_details

from .conftest import RunCli
from .reference_network import reference_networkx

#: Every backend's projection against the rdflib walk: seconds per case.
pytestmark = pytest.mark.slow

BACKENDS = ["memory", "oxigraph", "remote"]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"history": True},
    {"as_of": date(2024, 12, 31)},
    {"as_of": date(2025, 6, 30), "merge_symmetric": True},
    {"merge_symmetric": True},
    {"families": ["investment", "supply"], "as_of": date(2025, 12, 31)},
    {"families": ["people", "competition"], "history": True, "merge_symmetric": True},
]
ENT = "https://w3id.org/aikg/entity/"


def _store(backend: str, loaded: dict[str, str], shipped_graph: Graph) -> Store:
    return MemoryStore(shipped_graph) if backend == "memory" else open_store(loaded[backend])


def _dump(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    """Everything a network holds, in its order: nodes with attributes, edges with keys."""
    return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(sorted(o)) or "default")
def test_store_projection_is_the_rdflib_walk(
    backend: str,
    options: dict[str, Any],
    loaded: dict[str, str],
    shipped_graph: Graph,
) -> None:
    store = _store(backend, loaded, shipped_graph)
    G = to_networkx(store, **options)
    expected = reference_networkx(store.graph(), **options)
    assert G.number_of_edges() > 0
    assert _dump(G) == _dump(expected)


def test_graph_and_store_give_one_projection(shipped_graph: Graph) -> None:
    G = to_networkx(shipped_graph, as_of=date(2025, 6, 30))
    assert _dump(G) == _dump(to_networkx(MemoryStore(shipped_graph), as_of=date(2025, 6, 30)))
    assert _dump(G) == _dump(reference_networkx(shipped_graph, as_of=date(2025, 6, 30)))


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(sorted(o)) or "default")
def test_backends_answer_alike(
    options: dict[str, Any],
    loaded: dict[str, str],
    shipped_graph: Graph,
) -> None:
    memory = _dump(to_networkx(shipped_graph, **options))
    for backend in ("oxigraph", "remote"):
        assert _dump(to_networkx(open_store(loaded[backend]), **options)) == memory


@pytest.mark.parametrize("entity", ["stargate", "openai", "nvidia"])
def test_construct_fragment_projects_as_before(entity: str, shipped_graph: Graph) -> None:
    stored = load_query("subgraph_around")
    bindings = bind_params(shipped_graph, stored, {"entity": entity})
    result = execute_query(shipped_graph, stored.text, bindings=bindings)
    assert result.graph is not None and len(result.graph) > 0
    for options in ({}, {"history": True, "merge_symmetric": True}):
        G = to_networkx(result.graph, **options)
        assert G.number_of_edges() > 0
        assert _dump(G) == _dump(reference_networkx(result.graph, **options))


def test_plain_triples_project_as_before(shipped_graph: Graph) -> None:
    """Direct triples alone: no types, no statements, no ontology (all from the shipped one)."""
    fragment = Graph()
    for s, p, o in shipped_graph.triples((URIRef(ENT + "openai"), None, None)):
        if isinstance(o, URIRef):
            fragment.add((s, p, o))
    G = to_networkx(fragment, merge_symmetric=True)
    assert G.number_of_edges() > 5
    assert all(not d["statements"] for _u, _v, d in G.edges(data=True))
    assert _dump(G) == _dump(reference_networkx(fragment, merge_symmetric=True))


def _subgraph(G: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    reach = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, depth)
    return G.subgraph(reach).copy()


def _sorted(G: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    return sorted(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=repr)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("focus", "depth", "options"),
    [
        ("openai", 0, {}),
        ("openai", 1, {"merge_symmetric": True}),
        ("openai", 2, {"merge_symmetric": True}),
        ("xai", 2, {"families": ["competition", "investment"], "merge_symmetric": True}),
        ("nvidia", 2, {"as_of": date(2024, 12, 31)}),
        ("microsoft", 1, {"history": True}),
        ("stargate", 3, {"families": ["partnership", "people"], "as_of": date(2025, 6, 30)}),
    ],
)
def test_neighbourhood_is_the_subgraph_of_the_whole(
    backend: str,
    focus: str,
    depth: int,
    options: dict[str, Any],
    loaded: dict[str, str],
    shipped_graph: Graph,
) -> None:
    store = _store(backend, loaded, shipped_graph)
    expected = _subgraph(reference_networkx(store.graph(), **options), ENT + focus, depth)
    H = project_neighbourhood(store, ENT + focus, depth=depth, **options)
    assert len(H) == len(expected) and (depth == 0 or H.number_of_edges() > 0)
    assert _sorted(H) == _sorted(expected)


def test_neighbourhood_sources_are_those_drawn(shipped_graph: Graph) -> None:
    H = project_neighbourhood(shipped_graph, ENT + "openai", depth=1)
    wanted = network_sources(H)
    every = source_details(shipped_graph)
    assert fetch_sources(shipped_graph, wanted) == {s: every[s] for s in wanted if s in every}
    assert 0 < len(wanted) < len(every)
    assert fetch_sources(shipped_graph) == every


#: The package's own queries (graph/sparql/NAME.rq) by their text.
_QUERY_NAMES = {
    path.read_text(encoding="utf-8"): path.stem
    for path in (Path(graph.__file__).parent / "sparql").glob("*.rq")
}


class _Counting(Store):
    """A store that records what is asked of it, and refuses to hand over everything."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.asked: list[str] = []

    def query(self, text: str, *, bindings: Any = None) -> Result:
        self.asked.append(_QUERY_NAMES.get(text, text))
        return self.inner.query(text, bindings=bindings)

    def load(self, g: Graph) -> int:
        raise AssertionError("not loaded here")

    def graph(self) -> Graph:
        raise AssertionError("the whole store was fetched")

    def is_empty(self) -> bool:
        return self.inner.is_empty()

    def describe(self) -> str:
        return "counting:" + self.inner.describe()


@pytest.mark.parametrize("backend", ["oxigraph", "remote"])
def test_focus_view_asks_only_about_the_neighbourhood(
    backend: str,
    loaded: dict[str, str],
    shipped_graph: Graph,
) -> None:
    store = _Counting(open_store(loaded[backend]))
    page = render_ego(store, "xAI", depth=1, families=["competition"])
    assert "Around xAI" in page
    asked = set(store.asked)
    assert {"statements_of", "statement_details_of", "iri_triples_of", "node"} <= asked
    assert not asked & {"statements", "statement_details", "entities", "sources", "iri_triples"}
    assert asked <= set(_QUERY_NAMES.values())
    expected = render_ego(shipped_graph, "xAI", depth=1, families=["competition"])
    assert page == expected


def _no_whole_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Store) -> Graph:
        raise AssertionError(f"{self.describe()}: the whole store was fetched")

    monkeypatch.setattr(OxigraphStore, "graph", refuse)
    monkeypatch.setattr(RemoteStore, "graph", refuse)


_COMMANDS: list[tuple[str, ...]] = [
    ("analyze", "-f", "json"),
    ("analyze", "--relations", "investment", "--as-of", "2024-12-31", "-f", "csv"),
    ("dependencies", "-f", "json"),
    ("dependencies", "-e", "openai", "--as-of", "2025-06-30"),
    ("cycles", "-f", "json"),
    ("cycles", "--max-length", "3", "--as-of", "2025-06-30"),
    ("path", "SoftBank", "nvidia", "--all", "-f", "json"),
    ("path", "xai", "microsoft", "--relations", "competition,investment"),
    ("export", "-f", "graphml", "--relations", "supply"),
    ("export", "-f", "json", "--as-of", "2024-12-31"),
    ("stats",),
]


@pytest.mark.parametrize("args", _COMMANDS, ids=lambda a: " ".join(a))
def test_analyses_answer_alike_without_fetching_the_store(
    args: tuple[str, ...],
    run_cli: RunCli,
    loaded: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = run_cli(*args)
    assert expected.exit_code == 0, expected.stderr
    assert expected.stdout.strip()
    _no_whole_fetch(monkeypatch)
    for spec in loaded.values():
        result = run_cli("--store", spec, *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--focus", "openai", "--depth", "2", "--relations", "investment,supply"),
        ("--focus", "Stargate", "--depth", "2", "--as-of", "2025-06-30"),
        ("--focus", "nvidia", "--size-by", "pagerank"),
        ("--path", "softbank", "nvidia", "--all-paths"),
        ("--cycles", "--as-of", "2025-06-30"),
        ("--query", "subgraph_around", "-p", "entity=OpenAI Group PBC"),
        ("--query", "money_flows", "-p", "entity=anthropic"),
        ("--query", "facts_by_source", "-p", "source=nigeriadna-coreweave-openai"),
    ],
    ids=lambda a: " ".join(a),
)
def test_views_draw_alike_without_fetching_the_store(
    args: tuple[str, ...],
    run_cli: RunCli,
    loaded: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    result = run_cli("view", *args, "-o", tmp_path / "memory.html")
    assert result.exit_code == 0, result.stderr
    expected = (tmp_path / "memory.html").read_text(encoding="utf-8")
    _no_whole_fetch(monkeypatch)
    for name, spec in loaded.items():
        result = run_cli("--store", spec, "view", *args, "-o", tmp_path / f"{name}.html")
        assert result.exit_code == 0, result.stderr
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert page == expected


def test_render_writes_the_same_views_without_fetching_the_store(
    run_cli: RunCli,
    loaded: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    assert run_cli("render", "--out", tmp_path / "memory").exit_code == 0
    _no_whole_fetch(monkeypatch)
    names = sorted(p.name for p in (tmp_path / "memory").iterdir())
    assert "overview.html" in names and "index.html" in names
    for backend, spec in loaded.items():
        result = run_cli("--store", spec, "render", "--out", tmp_path / backend)
        assert result.exit_code == 0, result.stderr
        assert sorted(p.name for p in (tmp_path / backend).iterdir()) == names
        for name in names:
            page = (tmp_path / backend / name).read_text(encoding="utf-8")
            memory = (tmp_path / "memory" / name).read_text(encoding="utf-8")
            assert page == memory, name


def test_unknown_focus_on_a_store_names_near_entities(
    run_cli: RunCli,
    loaded: dict[str, str],
    tmp_path: Path,
) -> None:
    expected = run_cli("view", "--focus", "opnai", "-o", tmp_path / "x.html")
    assert expected.exit_code == 1 and "did you mean" in expected.stderr
    for spec in loaded.values():
        result = run_cli("--store", spec, "view", "--focus", "opnai", "-o", tmp_path / "x.html")
        assert result.exit_code == 1
        assert result.stderr == expected.stderr
    assert not (tmp_path / "x.html").exists()


def _names(g: Graph) -> list[str]:
    """Every slug, label and alias of the shipped entities, in other cases, and misspellings."""
    names: list[str] = ["opnai", "nvidia corp", "", "https://w3id.org/aikg/entity/xai"]
    for entity in sorted(g.subjects(RDF.type, AI.Entity), key=str):
        names.append(str(entity).removeprefix(ENT).upper())
        names += [str(label).swapcase() for label in g.objects(entity, RDFS.label)]
        names += [f" {alias} " for alias in g.objects(entity, SKOS.altLabel)]
    return names


def _found(find: Any, *args: Any) -> str:
    try:
        return str(find(*args))
    except UnknownEntityError as err:
        return f"error: {err}"


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_entities_are_found_as_on_the_whole_graph(
    backend: str,
    loaded: dict[str, str],
    shipped_graph: Graph,
) -> None:
    store = _Counting(_store(backend, loaded, shipped_graph))
    names = _names(shipped_graph)
    assert len(names) > 100
    for name in names:
        assert _found(find_entity, store, name) == _found(resolve_entity, shipped_graph, name)
    assert "entity_named" in store.asked and "names" in store.asked
    store.asked.clear()
    assert _found(find_entity, store, "SoftBank Group") == ENT + "softbank"
    assert store.asked == ["entity_named"]  # a name that is found asks for nothing else


def test_names_beyond_ascii_are_matched_as_python_folds_them() -> None:
    g = Graph()
    for slug, label in (("strasse", "Straße AG"), ("cafe", "Café Müller"), ("x", "STRASSE AG")):
        g.add((URIRef(ENT + slug), RDF.type, AI.Entity))
        g.add((URIRef(ENT + slug), RDFS.label, Literal(label)))
    for name in ("straße ag", "café müller", "CAFÉ MÜLLER", "Strasse", "cafe"):
        assert _found(find_entity, g, name) == _found(resolve_entity, g, name)
    assert "several entities" in _found(find_entity, g, "strasse ag")
