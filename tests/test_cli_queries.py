"""`aikg queries`, `aikg query` and `aikg sparql` through the command line."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, Graph
from rdflib.namespace import DCTERMS, PROV, RDFS

from graph import AI, ENT, STMT

from .conftest import RunCli


def test_queries_lists_every_stored_query(run_cli: RunCli) -> None:
    result = run_cli("queries")
    assert result.exit_code == 0
    assert "investors_of" in result.stdout and "as_of*:date" in result.stdout


def test_query_binds_parameters_and_prints_a_table(run_cli: RunCli) -> None:
    result = run_cli("query", "competitors_of", "--param", "entity=openai")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["competitor", "competitorLabel"]
    assert [line.split()[0] for line in lines[2:]] == ["ent:anthropic", "ent:google", "ent:xai"]


def test_an_empty_table_says_0_rows(run_cli: RunCli) -> None:
    """A bare header could be a query that failed to print; the table says none matched.
    The machine formats stay as the SPARQL result formats define them."""
    empty = run_cli("query", "search_entities", "-p", "text=zzzz-no-such-name")
    assert empty.exit_code == 0, empty.stderr
    header = ["entity  label  matched", "------  -----  -------"]
    assert empty.stdout.splitlines() == [*header, "0 rows"]
    found = run_cli("query", "search_entities", "-p", "text=nvidia")
    assert "0 rows" not in found.stdout and "ent:nvidia" in found.stdout
    as_csv = run_cli("query", "search_entities", "-p", "text=zzzz-no-such-name", "-f", "csv")
    assert as_csv.stdout.splitlines() == ["entity,label,matched"]


def test_a_bare_parameter_suggests_p(run_cli: RunCli) -> None:
    """Forgetting -p is the likeliest slip; the error shows the command as it should be."""
    result = run_cli("query", "competitors_of", "entity=openai")
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        "Error: unexpected argument entity=openai: give parameters with -p (--param), "
        "as in: aikg query competitors_of -p entity=openai\n"
    ) in result.stderr
    two = run_cli("query", "holds_on", "-p", "as_of=2024-01-01", "subject=openai", "x=a b")
    assert "as in: aikg query holds_on -p subject=openai -p 'x=a b'" in two.stderr
    other = run_cli("query", "competitors_of", "openai")
    assert other.exit_code == 2
    assert "Got unexpected extra argument (openai)" in other.stderr and "-p" not in other.stderr


def table_rows(text: str) -> list[dict[str, str]]:
    """The rows of an aligned table, by column, cut where the dashes under the header are."""
    lines = text.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    header = [lines[0][a:b].strip() for a, b in spans]
    widths = [
        (a, spans[i + 1][0] if i + 1 < len(spans) else None) for i, (a, _) in enumerate(spans)
    ]
    return [
        {h: line[a:b].strip() for h, (a, b) in zip(header, widths, strict=True)}
        for line in lines[2:]
    ]


def test_tables_are_written_for_people(run_cli: RunCli, shipped_graph: Graph) -> None:
    """Sources by title and publisher, money with its currency and bound, dates at their
    precision, vocabulary terms in words; the machine formats keep the exact values."""
    result = run_cli("query", "investors_of", "-p", "entity=openai")
    assert result.exit_code == 0, result.stderr
    rows = {r["statement"]: r for r in table_rows(result.stdout)}
    ten = rows["stmt:microsoft-invests-openai-2023-10b"]
    assert (ten["amount"], ten["kind"], ten["bound"], ten["status"]) == (
        "about $10B", "Investment amount", "About", "Active",
    )  # fmt: skip
    one = rows["stmt:microsoft-invests-openai-2019-1b"]
    assert (one["amount"], one["date"], one["status"]) == ("$1B", "2019", "Completed")
    statement = STMT["microsoft-invests-openai-2023-10b"]
    [source] = shipped_graph.objects(statement, PROV.wasDerivedFrom)
    # A source whose title is unknown is shown by the label that describes it.
    title = shipped_graph.value(source, DCTERMS.title) or shipped_graph.value(source, RDFS.label)
    publisher = shipped_graph.value(source, DCTERMS.publisher)
    assert ten["sources"] == f"{title} ({publisher})"
    assert "https://" not in result.stdout and "ai:" not in result.stdout
    as_csv = list(
        csv.DictReader(
            io.StringIO(run_cli("query", "investors_of", "-p", "entity=openai", "-f", "csv").stdout)
        )
    )
    exact = next(r for r in as_csv if r["statement"] == str(statement))
    assert Decimal(exact["amount"]) == Decimal("10000000000")
    assert (exact["bound"], exact["sources"]) == (str(AI.About), str(source))
    timeline = run_cli("sparql", "SELECT ?x ?relation WHERE { VALUES (?x ?relation) "
                       "{ (ai:RightOfFirstRefusal ai:licensesTechnologyTo) } }")  # fmt: skip
    assert table_rows(timeline.stdout) == [
        {"x": "Right of first refusal", "relation": "licenses technology to"}
    ]


def test_query_formats(run_cli: RunCli) -> None:
    as_json = run_cli("query", "competitors_of", "-p", "entity=openai", "--format", "json")
    data = json.loads(as_json.stdout)
    assert data["head"]["vars"] == ["competitor", "competitorLabel"]
    assert {b["competitor"]["value"] for b in data["results"]["bindings"]} == {
        str(ENT.google), str(ENT.anthropic), str(ENT.xai),
    }  # fmt: skip
    as_csv = run_cli("query", "competitors_of", "-p", "entity=openai", "-f", "csv")
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["competitor", "competitorLabel"] and len(rows) == 4
    as_tsv = run_cli("query", "competitors_of", "-p", "entity=openai", "-f", "tsv")
    assert as_tsv.stdout.splitlines()[0] == "?competitor\t?competitorLabel"
    assert f'<{ENT.google}>\t"Google"@en' in as_tsv.stdout


#: The 2019 Microsoft investment is dated 2019, Amazon's first Anthropic tranche 2023-09.
DATED = (
    "SELECT ?statement ?when WHERE { ?statement ai:pointInTime ?when . FILTER(?statement IN "
    "(stmt:microsoft-invests-openai-2019-1b, stmt:amazon-invests-anthropic-2023-1-25b)) } "
    "ORDER BY ?statement"
)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_sparql_dates_keep_the_precision_of_the_data(run_cli: RunCli, fmt: str) -> None:
    result = run_cli("sparql", DATED, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "2019-01-01" not in result.stdout and "2023-09-01" not in result.stdout
    if fmt == "table":
        rows = [line.split() for line in result.stdout.splitlines()[2:]]
        assert [r[1] for r in rows] == ["2023-09", "2019"]
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["when"] for r in rows] == ["2023-09", "2019"]
    elif fmt == "json":
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert [b["when"]["value"] for b in bindings] == ["2023-09", "2019"]
        assert bindings[1]["when"]["datatype"] == str(XSD.gYear)
    else:
        assert f'"2019"^^<{XSD.gYear}>' in result.stdout or ">2019</literal>" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_dates_keep_the_precision_of_the_data(run_cli: RunCli, fmt: str) -> None:
    # This source is dated 2026: a year, not 2026-01-01.
    result = run_cli(
        "query", "facts_by_source", "-p", "source=mercuryoregon-openai-microsoft-cloud", "-f", fmt
    )
    assert result.exit_code == 0, result.stderr
    assert "2026-01-01" not in result.stdout
    if fmt == "json":
        values = {b["published"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
    elif fmt == "csv":
        values = {r["published"] for r in csv.DictReader(io.StringIO(result.stdout))}
    else:  # the only cells that are numbers: the publisher is blank
        cells = [line.split() for line in result.stdout.splitlines()[2:]]
        values = {c for row in cells for c in row if c[:1].isdigit()}
    assert values == {"2026"}


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_relationship_timeline_shows_the_2019_investment_as_2019(run_cli: RunCli, fmt: str) -> None:
    result = run_cli(
        "query", "relationship_timeline", "-p", "a=microsoft", "-p", "b=openai", "-f", fmt
    )
    assert result.exit_code == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if "microsoft-invests-openai-2019-1b" in x]
    assert "2019-01-01" not in line and "2019" in line


def test_construct_prints_turtle(run_cli: RunCli) -> None:
    result = run_cli("query", "subgraph_around", "-p", "entity=xai")
    g = Graph().parse(data=result.stdout, format="turtle")
    assert (ENT.xai, None, ENT.colossus) in g
    nt = run_cli("query", "subgraph_around", "-p", "entity=xai", "-f", "nt")
    assert len(Graph().parse(data=nt.stdout, format="nt")) == len(g)


def test_query_errors_name_the_parameter(run_cli: RunCli) -> None:
    missing = run_cli("query", "investors_of")
    assert missing.exit_code == 1
    assert "missing required parameter 'entity'" in missing.stderr
    unknown = run_cli("query", "investors_of", "-p", "entity=openai", "-p", "year=2024")
    assert "unknown parameter 'year'" in unknown.stderr
    typo = run_cli("query", "investors_of", "-p", "entity=opnai")
    assert "did you mean openai" in typo.stderr and "Traceback" not in typo.stderr


def test_sparql_text_file_and_stdin(run_cli: RunCli, tmp_path: Path) -> None:
    text = "SELECT ?c WHERE { ent:openai ai:competesWith ?c } ORDER BY ?c"
    direct = run_cli("sparql", text, "-f", "csv")
    assert direct.exit_code == 0, direct.stderr
    assert direct.stdout.split()[1:] == [str(ENT.anthropic), str(ENT.google), str(ENT.xai)]
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    assert run_cli("sparql", path, "-f", "csv").stdout == direct.stdout
    from click.testing import CliRunner

    from graph.cli import cli

    piped = CliRunner().invoke(cli, ["sparql", "-", "-f", "csv"], input=text)
    assert piped.stdout == direct.stdout


def test_sparql_warns_about_terms_outside_the_vocabulary(run_cli: RunCli) -> None:
    """A misspelt term matches nothing: the answer is still the query's (empty, exit 0), and
    standard error says which terms the ontology lacks and the nearest ones it has, wherever
    the query names them (a pattern, a path, a FILTER, a full IRI)."""
    text = (
        "SELECT ?c WHERE { ent:openai ai:competeWith ?c . ?c ai:investsin/ai:Bogus* ?x . "
        "FILTER(?x != <https://w3id.org/aikg/ontology#Reportd>) }"
    )
    result = run_cli("sparql", text)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["c"]
    assert result.stderr.splitlines() == [
        "warning: ai:competeWith is not in the vocabulary (data/ontology.ttl); "
        "did you mean ai:competesWith?",
        "warning: ai:investsin is not in the vocabulary (data/ontology.ttl); "
        "did you mean ai:investsIn?",
        "warning: ai:Bogus is not in the vocabulary (data/ontology.ttl)",
        "warning: ai:Reportd is not in the vocabulary (data/ontology.ttl); "
        "did you mean ai:Reported?",
    ]
    as_json = run_cli("sparql", text, "-f", "json")
    assert json.loads(as_json.stdout)["results"]["bindings"] == []
    assert as_json.stderr.count("warning:") == 4
    right = run_cli("sparql", "SELECT ?c WHERE { ent:openai ai:competesWith ?c }")
    assert right.exit_code == 0 and right.stderr == ""
    assert "ent:anthropic" in right.stdout


def test_sparql_malformed_query_shows_the_position(run_cli: RunCli) -> None:
    result = run_cli("sparql", "SELECT * WHERE {\n  ?s ?p\n}")
    assert result.exit_code == 1
    assert "line 2, column 3" in result.stderr and "Traceback" not in result.stderr


def test_sparql_refuses_update_load_and_service(run_cli: RunCli) -> None:
    for text, word in [
        ("INSERT DATA { ent:a ent:b ent:c }", "Update"),
        ("LOAD <http://example.org/data.ttl>", "Update"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        (
            "ASK { FILTER NOT EXISTS { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
            "SERVICE",
        ),
    ]:
        result = run_cli("sparql", text)
        assert result.exit_code == 1, text
        assert word in result.stderr and "refused" in result.stderr


def test_from_never_fetches(run_cli: RunCli) -> None:
    # Port 9 on loopback: a fetch would fail loudly; the graph named is simply empty.
    result = run_cli("sparql", "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == ["0 rows"]
    ours = run_cli(
        "sparql", "ASK FROM <https://w3id.org/aikg/graph> { ent:openai ai:competesWith ent:xai }"
    )
    assert ours.stdout.strip() == "true"
