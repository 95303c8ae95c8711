"""The questions the shipped graph must answer, asked in SPARQL over `aikg export --format nt`."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from graph import ENT
from graph.model import PREFIXES

ROOT = Path(__file__).resolve().parent.parent
HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@pytest.fixture(scope="module")
def exported() -> Graph:
    from click.testing import CliRunner

    from graph.cli import cli

    result = CliRunner().invoke(cli, ["export", "--format", "nt"])
    assert result.exit_code == 0, result.stderr
    return Graph().parse(data=result.stdout_bytes, format="nt")


def ask(g: Graph, query: str, **bindings: object) -> set[URIRef]:
    rows = g.query(HEADER + query, initBindings=bindings)  # type: ignore[arg-type]
    return {row[0] for row in rows}  # type: ignore[index]


def slugs(nodes: set[URIRef]) -> set[str]:
    return {str(n).removeprefix(str(ENT)) for n in nodes}


@pytest.mark.slow
def test_export_conforms_to_shapes(exported: Graph) -> None:
    shapes = Graph().parse(ROOT / "data" / "shapes.ttl")
    conforms, _report, text = validate(exported, shacl_graph=shapes, inference="none",
                                       advanced=True)  # fmt: skip
    assert conforms, text


def test_openai_competitors(exported: Graph) -> None:
    found = ask(exported, "SELECT ?c WHERE { ent:openai ai:competesWith ?c }")
    assert slugs(found) == {"google", "anthropic", "xai"}
    # Symmetric: each competitor also competes with OpenAI.
    back = ask(exported, "SELECT ?c WHERE { ?c ai:competesWith ent:openai }")
    assert slugs(back) >= {"google", "anthropic", "xai"}


def test_investors_in_openai(exported: Graph) -> None:
    found = ask(
        exported,
        "SELECT DISTINCT ?i WHERE { ?s rdf:subject ?i ; rdf:predicate ai:investsIn ; "
        "rdf:object ent:openai }",
    )
    assert slugs(found) >= {"microsoft", "nvidia", "softbank", "thrive-capital", "mgx"}
    current = ask(exported, "SELECT ?i WHERE { ?i ai:investsIn ent:openai }")
    assert "microsoft" in slugs(current)


def test_compute_and_chip_providers_of_openai(exported: Graph) -> None:
    compute = ask(exported, "SELECT ?p WHERE { ?p ai:providesComputeTo ent:openai }")
    chips = ask(exported, "SELECT ?p WHERE { ?p ai:suppliesChipsTo ent:openai }")
    # Current ("truthy") supply only: Oracle's 4.5 GW and its $300B contract from 2027, the
    # Broadcom and TSMC chips and NVIDIA's systems are planned or proposed, so they are
    # statements, not current triples.
    assert slugs(compute) == {"microsoft", "coreweave", "amazon", "google"}
    assert slugs(chips) == {"broadcom"}  # co-designing OpenAI's first chip
    planned = ask(
        exported,
        "SELECT ?p WHERE { ?s rdf:subject ?p ; rdf:object ent:openai ; "
        "rdf:predicate/rdfs:subPropertyOf* ai:providesTo ; ai:status ?status . "
        "FILTER(?status IN (ai:Planned, ai:Proposed)) }",
    )
    assert slugs(planned) == {"oracle", "broadcom", "tsmc", "nvidia", "amd", "amazon"}
    anything = ask(
        exported,
        "SELECT DISTINCT ?p WHERE { ?p ?rel ent:openai . ?rel rdfs:subPropertyOf* ai:providesTo }",
    )
    assert anything >= compute | chips


def test_stargate_partners_and_chair(exported: Graph) -> None:
    partners = ask(exported, "SELECT ?p WHERE { ?p ai:technologyPartnerOf ent:stargate }")
    assert slugs(partners) == {"oracle", "nvidia", "arm", "openai", "microsoft"}
    chair = ask(exported, "SELECT ?p WHERE { ?p ai:chairOf ent:stargate }")
    assert slugs(chair) == {"masayoshi-son"}


EXCLUSIVITY_ON = """
SELECT ?exclusivity WHERE {
  ?s rdf:subject ent:microsoft ; rdf:predicate ai:providesComputeTo ; rdf:object ent:openai ;
     ai:exclusivity ?exclusivity .
  OPTIONAL { ?s ai:holdsFrom ?from }
  OPTIONAL { ?s ai:holdsUntil ?until }
  FILTER ((!BOUND(?from) || ?from <= ?day) && (!BOUND(?until) || ?until > ?day))
}
"""


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2024-12-31", "Exclusive"), ("2025-06-30", "RightOfFirstRefusal"),
     ("2025-12-31", "NonExclusive")],
)  # fmt: skip
def test_microsoft_exclusivity_as_of(exported: Graph, day: str, expected: str) -> None:
    found = ask(exported, EXCLUSIVITY_ON, day=Literal(day, datatype=XSD.date))
    assert {str(v).rsplit("#", 1)[1] for v in found} == {expected}
