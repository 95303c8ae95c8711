"""The fast validator (shapes translated to SPARQL, run by pyoxigraph) agrees with pyshacl."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from graph.ingest import build_graph, read_data
from graph.model import default_data_dir
from graph.validate import find_violations
from graph.validate.checks import shacl_results

from .conftest import FIXTURES, RunCli, set_cell

#: Every test here runs pyshacl, the reference engine: seconds each.
pytestmark = pytest.mark.slow

Mutation = Callable[[Path], None]


def same_numbers(message: str) -> str:
    """pyoxigraph writes a whole decimal as "-2" where rdflib writes "-2.0"; a message
    template that quotes a value (``{?xName}``) shows the engine's form."""
    return re.sub(r"(\d)\.0\b", r"\1", message)


def results_by_engine(data_dir: Path) -> dict[str, set[tuple[object, ...]]]:
    data = read_data(data_dir)
    g = build_graph(data)
    shapes = Graph().parse(data.shapes_path, format="turtle")
    out = {}
    for engine in ("oxigraph", "pyshacl"):
        rows = shacl_results(g, shapes, engine=engine)
        # pyoxigraph writes decimals in canonical form (97.0 -> 97): compare values by value.
        out[engine] = {
            (f, p, v.toPython() if isinstance(v, Literal) else v, same_numbers(m))
            for f, p, v, m in rows
        }
        out[engine + "-report"] = {
            same_numbers(str(v)) for v in find_violations(g, data, engine=engine)
        }
    return out


def assert_agree(data_dir: Path) -> set[tuple[object, ...]]:
    found = results_by_engine(data_dir)
    assert found["oxigraph"] == found["pyshacl"]
    assert found["oxigraph-report"] == found["pyshacl-report"]
    return found["oxigraph"]


def test_agree_on_the_shipped_data() -> None:
    assert assert_agree(default_data_dir()) == set()


def test_agree_on_broken_extra_data(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "broken" / "broken.ttl", data_dir)
    found = assert_agree(data_dir)
    messages = {m for _f, _p, _v, m in found}
    assert len(found) >= 40
    for expected in (
        "An entity needs exactly one rdfs:label, tagged @en.",
        "The end date is before the start date.",
        "Object openai of technologyPartnerOf is not in class Project.",
        "openai cannot be in a competesWith relation with itself.",
        "The predicate of a statement must be a relation or figure declared in the ontology.",
        "A statement with an ai:quantity needs an ai:unit.",
        "Value -1 of valuation is not a non-negative decimal.",
        "ai:gpuCount must be an xsd:integer.",
        "A source's schema:url must be an http or https IRI.",
    ):
        assert expected in messages, expected


def _cell(file: str, row: str, column: str, value: str) -> Mutation:
    return lambda d: set_cell(d / file, row, column, value)


# Every case of tests/test_bad_input.py that reaches the shapes, plus a few more.
BROKEN_CASES: dict[str, list[Mutation]] = {
    "end-before-start": [_cell("facts.csv", "microsoft-compute-rofr", "end", "2024-06-01")],
    "negative-amount": [_cell("facts.csv", "microsoft-invests-openai", "amount", "-5")],
    "no-source": [_cell("facts.csv", "openai-competes-google", "sources", "")],
    "self-competition": [_cell("facts.csv", "openai-competes-google", "object", "openai")],
    "two-problems": [
        _cell("facts.csv", "openai-competes-google", "sources", ""),
        _cell("facts.csv", "microsoft-invests-openai", "amount", "-1"),
    ],
    "stake-over-100": [_cell("facts.csv", "microsoft-invests-openai", "stake", "250")],
    "lowercase-currency": [_cell("facts.csv", "openai-valuation", "currency", "usd")],
    "money-without-currency": [_cell("facts.csv", "openai-valuation", "currency", "")],
    "quantity-without-unit": [_cell("facts.csv", "microsoft-invests-openai", "quantity", "3")],
    "wrong-range": [_cell("facts.csv", "openai-partner-stargate", "object", "google")],
    "investor-is-project": [_cell("facts.csv", "microsoft-invests-openai", "subject", "stargate")],
    "negative-figure": [_cell("facts.csv", "openai-valuation", "object", "-2")],
}


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_agree_on_broken_rows(case: str, data_dir: Path) -> None:
    for mutate in BROKEN_CASES[case]:
        mutate(data_dir)
    assert assert_agree(data_dir), "the mutation should break a shape"


def test_validate_chooses_the_engine(run_cli: RunCli, data_dir: Path) -> None:
    set_cell(data_dir / "facts.csv", "microsoft-invests-openai", "amount", "-5")
    outputs = []
    for engine in ("oxigraph", "pyshacl"):
        result = run_cli("validate", "--data", data_dir, "--engine", engine)
        assert result.exit_code == 1
        assert "stmt:microsoft-invests-openai" in result.stderr
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]
    result = run_cli("validate", "--data", data_dir, "--engine", "jena")
    assert result.exit_code == 2
    assert "jena" in result.stderr


def test_build_with_the_reference_engine(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "data")
    output = tmp_path / "graph.nt"
    result = run_cli("build", "--data", tmp_path / "data", "-o", output, "--engine", "pyshacl")
    assert result.exit_code == 0, result.stderr
    assert output.stat().st_size > 0


CUSTOM_SHAPES = """
@prefix ai:   <https://w3id.org/aikg/ontology#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:shape:alias> a sh:NodeShape ;
    sh:targetClass ai:Entity ;
    sh:property [ sh:path skos:altLabel ; sh:minCount 1 ; sh:maxLength 12 ;
                  sh:message "Every entity needs a short alias." ] .
<urn:shape:dates> a sh:NodeShape ;
    sh:targetObjectsOf ai:startDate ;
    sh:xone ( [ sh:datatype <http://www.w3.org/2001/XMLSchema#date> ]
              [ sh:datatype <http://www.w3.org/2001/XMLSchema#gYear> ] ) ;
    sh:message "Start dates are days or years here." .
"""


def test_the_shapes_file_drives_the_fast_validator(data_dir: Path) -> None:
    (data_dir / "shapes.ttl").write_text(CUSTOM_SHAPES, encoding="utf-8")
    found = assert_agree(data_dir)
    flagged = {(str(focus).rsplit("/", 1)[1], message) for focus, _p, _v, message in found}
    assert ("google", "Every entity needs a short alias.") in flagged
    assert ("openai", "Every entity needs a short alias.") not in flagged
    assert ("stargate", "Every entity needs a short alias.") in flagged  # "Stargate Project"


def test_untranslated_shapes_fall_back_to_pyshacl(data_dir: Path) -> None:
    (data_dir / "shapes.ttl").write_text(
        """
        @prefix ai: <https://w3id.org/aikg/ontology#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:shape:order> a sh:NodeShape ; sh:targetClass rdf:Statement ;
            sh:property [ sh:path ai:holdsFrom ; sh:lessThan ai:holdsUntil ;
                          sh:message "Starts after it ends." ] .
        """,
        encoding="utf-8",
    )
    set_cell(data_dir / "facts.csv", "microsoft-compute-rofr", "end", "2024-06-01")
    found = assert_agree(data_dir)
    assert {m for _f, _p, _v, m in found} == {"Starts after it ends."}


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_service_in_the_shapes_is_refused(run_cli: RunCli, data_dir: Path, engine: str) -> None:
    shapes = (default_data_dir() / "shapes.ttl").read_text(encoding="utf-8")
    shapes = shapes.replace(
        "$this ai:holdsFrom ?from ;",
        "SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z } $this ai:holdsFrom ?from ;",
    )
    (data_dir / "shapes.ttl").write_text(shapes, encoding="utf-8")
    result = run_cli("validate", "--data", data_dir, "--engine", engine)
    assert result.exit_code == 1
    assert "shapes.ttl: sh:select: a SPARQL constraint uses SERVICE" in result.stderr
    assert "Traceback" not in result.output


def test_agree_on_ill_typed_literals(data_dir: Path) -> None:
    (data_dir / "ill-typed.ttl").write_text(
        """
        @prefix ai: <https://w3id.org/aikg/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <https://w3id.org/aikg/source/s2> a ai:Source ; ai:sourceKind ai:NewsReport ;
            dcterms:date "2025-13-45"^^xsd:date .
        <https://w3id.org/aikg/entity/openai> ai:valuation "abc"^^xsd:decimal ;
            ai:gpuCount "1.5"^^xsd:integer .
        """,
        encoding="utf-8",
    )
    found = assert_agree(data_dir)
    assert {m for _f, _p, _v, m in found} == {
        "ai:gpuCount must be an xsd:integer.",
        "ai:valuation must be an xsd:decimal.",
        "A source needs exactly one dcterms:date, written as xsd:date, xsd:gYearMonth or "
        "xsd:gYear.",
        "A source needs a dcterms:title, or when the title is unknown an rdfs:label that "
        "describes it.",
    }
