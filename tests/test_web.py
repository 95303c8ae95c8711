"""The HTML pages of `aikg serve` in-process: home, views, entity pages, the query page."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph
from rdflib.namespace import PROV
from starlette.testclient import TestClient

from graph import AI, ENT, STMT, load_graph
from graph.model.namespaces import SCHEMA
from graph.views import render_ego, write_views

from .conftest import FIXTURES, client_for

# Four blocks of 300 triples joined on nothing: 8.1 billion rows to count, far past any
# limit on every engine (a catastrophic regex is no longer slow: Oxigraph's regex is linear).
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 300 } "
    "{ SELECT ?d WHERE { ?d ?e ?f } LIMIT 300 } { SELECT ?g WHERE { ?g ?h ?i } LIMIT 300 } "
    "{ SELECT ?j WHERE { ?j ?k ?l } LIMIT 300 } }"
)
PREFIXES = (
    "PREFIX ai: <https://w3id.org/aikg/ontology#>\nPREFIX ent: <https://w3id.org/aikg/entity/>\n"
)


@pytest.fixture(scope="module")
def client(shipped_graph: Graph) -> Iterator[TestClient]:
    with client_for(shipped_graph) as c:
        yield c


def cells(page: str, table: str) -> list[list[str]]:
    """The text of each body row's cells of the table with id ``table``."""
    body = page.split(f"<table id='{table}'>", 1)[1].split("</table>", 1)[0]
    body = body.split("<tbody>", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def assert_strict(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    policy = headers["content-security-policy"]
    assert policy.startswith("default-src 'none'")
    assert "http" not in policy and "'unsafe-eval'" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-type"].startswith("text/html")


def test_home_links_everything(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert_strict(home)
    for path in ("/views/", "/query", "/sparql", "/queries", "/query?name=competitors_of"):
        assert f"href='{path}'" in home.text, path


def test_views_are_the_bytes_aikg_render_writes(
    client: TestClient, shipped_graph: Graph, tmp_path: Path
) -> None:
    written = write_views(shipped_graph, tmp_path)
    index = client.get("/views/")
    assert index.status_code == 200
    assert index.content == (tmp_path / "index.html").read_bytes()
    for view in written:
        page = client.get(f"/views/{view.name}")
        assert page.status_code == 200, view.name
        assert page.content == (tmp_path / view.name).read_bytes(), view.name
        assert_strict(page)
        meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.text)
        policy = page.headers["content-security-policy"]
        assert meta and policy == meta[1] + "; frame-ancestors 'none'"
    missing = client.get("/views/nothing.html")
    assert missing.status_code == 404 and "overview.html" in missing.text


def test_entity_page_lists_every_statement(client: TestClient, shipped_graph: Graph) -> None:
    page = client.get("/entities/openai")
    assert page.status_code == 200
    assert_strict(page)
    text = page.text
    assert "<h1>OpenAI</h1>" in text
    assert "href='https://www.wikidata.org/wiki/Q21708200'" in text
    expected = shipped_graph.query(
        PREFIXES + "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a rdf:Statement ; "
        "rdf:predicate ?p . ?p ai:relationFamily ?f . "
        "{ ?st rdf:subject ent:openai ; rdf:object ?o . FILTER isIRI(?o) } UNION "
        "{ ?st rdf:object ent:openai } FILTER NOT EXISTS { ?st ai:rank ai:DeprecatedRank } }"
    )
    count = int(next(iter(expected))[0])  # type: ignore[index]
    rows = cells(text, "statements")
    assert len(rows) == count and count > 20
    assert f"Statements ({count})" in text
    assert "$380B" not in text  # littletool.com's deprecated figure for the AWS contract
    assert "deprecated is left out" in text
    assert any(r[0] == "← invests in" and r[1] == "Microsoft" and r[3] for r in rows)
    assert "<a href='/entities/microsoft'>Microsoft</a>" in text
    sources = re.findall(r"<a href='([^']*)' rel='noopener noreferrer'>", text)
    assert sources and all(s.startswith(("http://", "https://")) for s in sources)
    assert "<iframe src='/entities/openai/graph'" in text
    graph = client.get("/entities/openai/graph")
    assert graph.status_code == 200
    assert graph.text == render_ego(shipped_graph, "openai")
    assert "frame-ancestors 'self'" in graph.headers["content-security-policy"]


def test_entity_pages_show_dates_with_the_precision_of_the_data(client: TestClient) -> None:
    microsoft = client.get("/entities/microsoft").text
    rows = cells(microsoft, "statements")
    assert ["→ invests in", "OpenAI", "on 2019", "$1B investment", "Completed"] in [
        r[:5] for r in rows
    ]
    anthropic = client.get("/entities/anthropic").text
    assert ["← invests in", "Amazon", "on 2023-09", "$1.25B investment", "Completed"] in [
        r[:5] for r in cells(anthropic, "statements")
    ]
    for page in (microsoft, anthropic):
        assert "2019-01-01" not in page and "2023-09-01" not in page
    sparql = "SELECT ?when WHERE { stmt:microsoft-invests-openai-2019-1b ai:pointInTime ?when }"
    answer = client.get("/query?" + urlencode({"sparql": sparql, "view": "table"}))
    assert cells(answer.text, "results") == [["2019"]]


def test_a_deal_has_its_entity_page(client: TestClient) -> None:
    """Deals are no nodes of the drawn network, yet an entity page each (no redirect loop)."""
    page = client.get("/entities/openai-funding-round-2024-10", follow_redirects=False)
    assert page.status_code == 200
    assert "<h1>OpenAI funding round, October 2024</h1>" in page.text
    assert "FundingRound" in page.text
    graph = client.get("/entities/openai-funding-round-2024-10/graph")
    assert graph.status_code == 200 and "Around OpenAI funding round" in graph.text


def test_unknown_entity_is_a_404_with_near_matches(client: TestClient) -> None:
    page = client.get("/entities/opnai")
    assert page.status_code == 404
    assert_strict(page)
    assert "No entity is called &#x27;opnai&#x27;" in page.text
    assert "<a href='/entities/openai'>OpenAI</a>" in page.text
    by_label = client.get("/entities/Sam%20Altman", follow_redirects=False)
    assert by_label.status_code == 303 and by_label.headers["location"] == "/entities/sam-altman"
    search = client.get("/entities?name=ChatGPT", follow_redirects=False)
    assert search.status_code in (303, 404)
    assert client.get("/entities/openai/graph?x=1").status_code == 200
    assert client.get("/entities/nobody/graph").status_code == 404


def test_web_errors_speak_of_the_pages_not_of_files(client: TestClient) -> None:
    """A visitor never sees entities.csv or the command line: the messages speak of labels,
    aliases and addresses, and an unknown name links a search over descriptions too."""
    unknown = client.get("/entities?name=chatgpt")
    assert unknown.status_code == 404
    assert_strict(unknown)
    assert "No entity is called &#x27;chatgpt&#x27;" in unknown.text
    assert "its label, one of its aliases, or the slug of its address" in unknown.text
    search = "/query?name=search_entities&amp;text=chatgpt"
    assert f"<a href='{search}'>Search labels, aliases and descriptions" in unknown.text
    followed = client.get(search.replace("&amp;", "&"))
    assert followed.status_code == 200 and "0 rows" in followed.text
    on_form = client.get("/query?" + urlencode({"name": "investors_of", "entity": "chatgpt"}))
    api = client.get("/queries/investors_of", params={"entity": "chatgpt"})
    no_query = client.get("/queries/no_such_query")
    for answer in (on_form, api):
        assert answer.status_code == 400
        assert "unknown entity &#x27;chatgpt&#x27;" in answer.text.replace("'", "&#x27;")
        assert "one of its aliases or the slug of its page" in answer.text.replace("&#x27;", "'")
    assert no_query.status_code == 404 and "the query page, /query, lists them" in no_query.text
    for answer in (unknown, on_form, api, no_query):
        assert "entities.csv" not in answer.text and "aikg" not in answer.text.split("<h1>")[-1]


def test_tables_read_as_words_and_download_exact_values(
    client: TestClient, shipped_graph: Graph
) -> None:
    """/query shows sources by title (linked), money with its bound and terms in words; its
    CSV and JSON links give the exact values. An entity page reads the same way and
    downloads its statements."""
    page = client.get("/query?" + urlencode({"name": "investors_of", "entity": "openai"}))
    assert page.status_code == 200
    assert_strict(page)
    names = re.findall(r"<th>(.*?)</th>", page.text.split("<table id='results'>")[1])
    rows = [dict(zip(names, r, strict=True)) for r in cells(page.text, "results")]
    ten = next(r for r in rows if r["statement"].endswith("microsoft-invests-openai-2023-10b"))
    assert (ten["amount"], ten["kind"], ten["bound"], ten["date"]) == (
        "about $10B", "Investment amount", "About", "2023-01-23",
    )  # fmt: skip
    source = STMT["microsoft-invests-openai-2023-10b"]
    [src] = shipped_graph.objects(source, PROV.wasDerivedFrom)
    url = str(shipped_graph.value(src, SCHEMA.url))
    assert f"<a href='{url}' rel='noopener noreferrer'>" in page.text
    assert str(src) not in page.text  # no source IRI on the page
    links = dict(re.findall(r"<a href='([^']*)'>(CSV|JSON)</a>", page.text))
    csv_path = next(p for p, label in links.items() if label == "CSV").replace("&amp;", "&")
    exact = client.get(csv_path)
    assert exact.headers["content-type"].startswith("text/csv")
    assert "10000000000" in exact.text and str(AI.About) in exact.text and str(src) in exact.text
    typed = client.get(
        "/query?" + urlencode({"sparql": "SELECT ?x WHERE { BIND(ai:Reported AS ?x) }"})
    )
    assert cells(typed.text, "results") == [["Reported"]]
    json_path = re.findall(r"<a href='([^']*)'>JSON</a>", typed.text)[0].replace("&amp;", "&")
    answer = client.get(json_path).json()
    assert answer["results"]["bindings"] == [{"x": {"type": "uri", "value": str(AI.Reported)}}]
    entity = client.get("/entities/microsoft")
    assert_strict(entity)
    relations = {r[0] for r in cells(entity.text, "statements")}
    assert "→ licenses technology to" in relations or "← licenses technology to" in relations
    assert not any(re.search(r"[a-z][A-Z]", r) for r in relations)  # no camelCase
    exclusivity = {r[5] for r in cells(entity.text, "statements")}
    assert "Right of first refusal" in exclusivity and "RightOfFirstRefusal" not in entity.text
    download = client.get("/entities/microsoft/statements.csv")
    table = list(csv.DictReader(io.StringIO(download.text)))
    assert len(table) == len(cells(entity.text, "statements"))
    exclusive = {r["exclusivity"] for r in table}
    assert str(AI.RightOfFirstRefusal) in exclusive
    as_json = client.get("/entities/microsoft/statements.json").json()
    assert [s["statement"] for s in as_json["statements"]] == [r["statement"] for r in table]
    assert client.get("/entities/microsoft/statements.xml").status_code == 404


def test_hostile_labels_are_escaped_everywhere() -> None:
    g = load_graph(FIXTURES / "hostile")
    with client_for(g) as c:
        pages = [
            c.get("/entities/openai"),
            c.get("/entities/microsoft"),
            c.get("/query?" + urlencode({"name": "competitors_of", "entity": "openai"})),
            c.get("/query?" + urlencode({"sparql": "SELECT ?l WHERE { ?s rdfs:label ?l }"})),
            c.get("/entities/%3Cimg%20src=x%3E"),
        ]
        for page in pages:
            assert page.status_code in (200, 404), page.url
            assert "<img" not in page.text and "<b " not in page.text, page.url
            assert "<script" not in page.text, page.url  # these pages have no script at all
        drawn = c.get("/query/graph?" + urlencode({"name": "subgraph_around", "entity": "openai"}))
        assert drawn.status_code == 200
        assert "<img" not in drawn.text and "alert(3)</script>" not in drawn.text
        assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0].text
        assert "Microsoft&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in pages[1].text
        assert "&lt;b onmouseover=alert(4)&gt;Bold claims&lt;/b&gt;" in pages[1].text


def test_query_page_runs_a_stored_query(client: TestClient) -> None:
    form = client.get("/query?name=competitors_of")  # just chosen: its fields, no answer yet
    assert form.status_code == 200 and "<input name='entity'" in form.text
    assert "id='results'" not in form.text and "id='error'" not in form.text
    missing = client.get("/query?name=relationship_timeline&a=microsoft")
    assert missing.status_code == 400 and "missing required parameter" in missing.text
    page = client.get("/query?name=competitors_of&entity=OpenAI")
    assert page.status_code == 200
    assert_strict(page)
    rows = cells(page.text, "results")
    assert [r[1] for r in rows] == ["Anthropic", "Google", "xAI"]
    assert "<a href='/entities/anthropic'>anthropic</a>" in page.text
    # The query prefers a graph: the page frames it.
    assert (
        "<iframe id='graph' src='/query/graph?name=competitors_of&amp;entity=OpenAI'" in page.text
    )
    graph = client.get("/query/graph?name=competitors_of&entity=OpenAI")
    assert graph.status_code == 200
    assert "frame-ancestors 'self'" in graph.headers["content-security-policy"]
    nodes = set(re.findall(r'\\"id\\": \\"(https://w3id.org/aikg/entity/[a-z-]+)\\"', graph.text))
    nodes |= set(re.findall(r'"id":"(https://w3id.org/aikg/entity/[a-z-]+)"', graph.text))
    assert nodes == {str(ENT[s]) for s in ("openai", "anthropic", "google", "xai")}
    table = client.get("/query?name=competitors_of&entity=openai&view=table")
    assert "<iframe" not in table.text


@pytest.mark.slow
def test_query_page_runs_typed_sparql_through_the_endpoints_limits(shipped_graph: Graph) -> None:
    with client_for(shipped_graph, max_rows=2) as c:
        select = c.get("/query?" + urlencode({"sparql": "SELECT ?s WHERE { ?s a ai:Entity }"}))
        assert select.status_code == 200
        assert len(cells(select.text, "results")) == 2
        assert "cut at the row limit" in select.text
        for refused, why in (
            ("LOAD <http://example.org/x>", "read-only"),
            ("INSERT DATA { <x:a> <x:b> <x:c> }", "read-only"),
            ("SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }", "SERVICE"),
            (SLOW, "stopped after 3 s"),
        ):
            page = c.get("/query?" + urlencode({"sparql": refused}))
            assert page.status_code == (503 if refused == SLOW else 400), refused  # as /sparql
            assert why in page.text, refused
            assert "Traceback" not in page.text
        construct = c.get(
            "/query?" + urlencode({"sparql": PREFIXES + "CONSTRUCT WHERE { ent:xai ?p ?o }"})
        )
        assert construct.status_code == 200 and "<iframe id='graph'" in construct.text


def test_pages_keep_the_servers_protections(client: TestClient, shipped_graph: Graph) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/entities/openai", headers={"host": "evil.example"}).status_code == 400
    assert client.post("/entities/openai").status_code == 405
    assert client.post("/query", data={"sparql": "ASK {}"}).status_code == 405
    with client_for(shipped_graph, max_request_bytes=1000) as small:
        assert small.get("/query?sparql=" + "a" * 1001).status_code == 414
        assert small.get("/entities?name=" + "a" * 1001).status_code == 414
    assert client.get("/query?name=../../etc/passwd").status_code == 400


def test_select_with_source_and_target_is_drawn_edge_per_row(
    client: TestClient, shipped_graph: Graph
) -> None:
    text = PREFIXES + (
        "SELECT ?source ?target ?edgeLabel WHERE { ?source ai:investsIn ?target "
        'BIND("invests in" AS ?edgeLabel) }'
    )
    pairs = {(str(s), str(t)) for s, t, _ in shipped_graph.query(text)}  # type: ignore[misc]
    page = client.get("/query?" + urlencode({"sparql": text, "view": "graph"}))
    assert page.status_code == 200 and "<iframe id='graph'" in page.text
    graph = client.get("/query/graph?" + urlencode({"sparql": text, "view": "graph"}))
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", graph.text)[1])  # type: ignore[index]
    assert {(e["from"], e["to"]) for e in data["edges"]} == pairs and len(pairs) > 10
    assert {e["label"] for e in data["edges"]} == {"invests in"}
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[str(ENT.microsoft)] == "Microsoft"
