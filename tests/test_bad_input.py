"""Bad input through the CLI: one clear message naming file, line and field; nothing written."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import pytest

from .conftest import TESTS, RunCli, line_of, set_cell

OLD_OUTPUT = b"<urn:x> <urn:y> <urn:z> .\n"


def build_fails(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> str:
    """Run ``aikg build`` over an earlier output; assert failure and the output untouched."""
    output = tmp_path / "out" / "graph.nt"
    output.parent.mkdir()
    output.write_bytes(OLD_OUTPUT)
    result = run_cli("build", "--data", data_dir, "--output", output)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert output.read_bytes() == OLD_OUTPUT
    assert [p.name for p in output.parent.iterdir()] == ["graph.nt"]
    assert result.stdout == ""
    return result.stderr


def test_the_fixture_itself_builds(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.nt"
    result = run_cli("build", "--data", data_dir, "--output", output)
    assert result.exit_code == 0, result.output
    assert "6 statements" in result.stdout
    assert output.stat().st_size > 0


def test_unknown_entity(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "object", "gogle")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "openai-competes-google")
    assert f"facts.csv:{line}: object: unknown entity 'gogle'" in message
    assert "did you mean google" in message
    assert "entities.csv" in message


def test_unknown_relation(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "relation", "investIn")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: relation: unknown relation 'investIn'" in message
    assert "investsIn" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("21/01/2025", "is not a date; write YYYY-MM-DD"),
        ("2025-02-30", "is not a real date"),
        ("2025-13", "is not a real date"),
    ],
)
def test_bad_date(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, value: str, expected: str
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-compute-rofr", "start", value)
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-compute-rofr")
    assert f"facts.csv:{line}: start: '{value}' {expected}" in message


def test_end_before_start(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-compute-rofr", "end", "2024-06-01")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-compute-rofr")
    assert f"facts.csv:{line}" in message
    assert "stmt:microsoft-compute-rofr" in message
    assert "end date is before the start date" in message.lower()


def test_negative_amount(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount", "-5")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: amount: stmt:microsoft-invests-openai" in message


def test_non_numeric_amount(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount", "1 billion")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: amount: '1 billion' is not a number" in message


def test_fact_without_source(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "sources", "")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "openai-competes-google")
    assert f"facts.csv:{line}: sources: stmt:openai-competes-google" in message
    assert "source" in message.split("stmt:openai-competes-google", 1)[1].lower()


def test_unknown_source(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "sources", "fixture-new")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "sources: unknown source 'fixture-new'; did you mean fixture-news" in message


def test_self_competition(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "object", "openai")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert f"facts.csv:{line_of(facts, 'openai-competes-google')}" in message
    assert "itself" in message.lower()


def test_duplicate_id(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    entities = data_dir / "entities.csv"
    with entities.open("a", encoding="utf-8") as handle:
        handle.write("google,AILab,Google again,,Twice.,,,,\n")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "entities.csv:6: id: duplicate id 'google' (first used on line 4)" in message


def test_unknown_type(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    entities = data_dir / "entities.csv"
    set_cell(entities, "google", "types", "AiLab")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "entities.csv:4: types: unknown type 'AiLab'; did you mean AILab" in message


def test_malformed_csv_field_count(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    with (data_dir / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write("extra,NewsReport,Title, with a comma,Pub,2025-01-01,\n")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "sources.csv:4: expected 9 fields, found 7" in message
    assert "double quotes" in message


def test_malformed_csv_quote(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    with (data_dir / "sources.csv").open("a", encoding="utf-8") as handle:
        handle.write('extra,NewsReport,"Title "broken" here,Pub,2025-01-01,\n')
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "sources.csv:4: malformed CSV" in message


def test_unknown_column(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "sources.csv"
    path.write_text(path.read_text().replace(",url,", ",adress,", 1))
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "sources.csv:1: unknown column 'adress'" in message


def test_not_utf8(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "entities.csv"
    path.write_bytes(path.read_bytes().replace(b"fixture.", "caf\xe9.".encode("latin-1"), 1))
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "entities.csv:2: not valid UTF-8 (byte 0xe9" in message


def test_malformed_turtle(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "extra.ttl").write_text(
        "@prefix ai: <https://w3id.org/aikg/ontology#> .\n\n<urn:a> ai:x <urn:b>\n<urn:c> .\n"
    )
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "extra.ttl:" in message
    assert "malformed turtle data" in message


def test_remote_jsonld_context_is_refused(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "extra.jsonld").write_text(
        '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:a", "name": "x"}'
    )
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "extra.jsonld: @context: remote JSON-LD context" in message
    assert "http://127.0.0.1:9/context.jsonld" in message


def test_rdfxml_doctype_is_refused_quickly(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY e{i} "{"&e" + str(i - 1) + ";" * 10}">' if i else '<!ENTITY e0 "ha">'
        for i in range(8)
    )
    (data_dir / "extra.rdf").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{entities}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="urn:a"><rdf:value>&e7;</rdf:value></rdf:Description>'
        "</rdf:RDF>\n"
    )
    started = time.monotonic()
    message = build_fails(run_cli, data_dir, tmp_path)
    assert time.monotonic() - started < 30
    assert "extra.rdf:2: RDF/XML with a DOCTYPE or ENTITY declaration is refused" in message


def test_several_problems_are_all_reported(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "object", "gogle")
    set_cell(facts, "microsoft-compute-rofr", "start", "soon")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert "2 problems in the data" in message
    assert "gogle" in message
    assert "'soon'" in message


def test_validate_lists_violations(run_cli: RunCli, data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "sources", "")
    set_cell(facts, "microsoft-invests-openai", "amount", "-1")
    result = run_cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "stmt:openai-competes-google" in result.stderr
    assert "stmt:microsoft-invests-openai" in result.stderr
    assert "2 problems" in result.stderr


def test_missing_data_folder(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", "--data", tmp_path / "nope")
    assert result.exit_code == 1
    assert "no such data folder" in result.stderr


def test_paths_below_the_working_directory_are_shown_relative(
    run_cli: RunCli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "object", "gogle")
    monkeypatch.chdir(data_dir.parent)
    result = run_cli("validate", "--data", data_dir)
    line = line_of(facts, "openai-competes-google")
    assert result.stderr.startswith(f"error: data/facts.csv:{line}: object: unknown entity")


# --- data model 2: money, lifecycle, ranks, deals, sources -------------------------------


def test_payer_that_contradicts_the_relation(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "payer", "openai")  # the investor pays
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: payer: payer 'openai' contradicts the relation" in message
    assert "the payer is the subject ('microsoft')" in message


def test_money_that_moves_needs_a_payee(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-competes-google", "amount", "1000")
    set_cell(facts, "openai-competes-google", "currency", "USD")
    set_cell(facts, "openai-competes-google", "amount_kind", "ContractValue")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "openai-competes-google")
    assert f"facts.csv:{line}: payee: money moves (ContractValue)" in message
    assert f"facts.csv:{line}: payer: money moves (ContractValue)" in message


def test_payer_on_money_that_does_not_move(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount_kind", "StakeValue")
    set_cell(facts, "microsoft-invests-openai", "payer", "microsoft")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: payer: payer and payee go with money that moves" in message


def test_amount_without_its_kind(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount_kind", "")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: amount_kind: an amount needs its amount_kind" in message
    assert "StakeValue" in message


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("status", "Reported", "status 'Reported' says how a fact is known"),
        ("status", "Signed", "unknown status 'Signed'; use one of Active, Cancelled, Completed"),
        ("unit", "gigawatts", "unknown unit 'gigawatts'; use one of Chip, GPU, GW, MW"),
        ("amount_bound", "Roughly", "unknown amount_bound 'Roughly'; use one of About, AtLeast"),
        ("rank", "Best", "unknown rank 'Best'; use one of DeprecatedRank, NormalRank"),
        ("deal", "openai", "'openai' is not a deal (give it a Deal type)"),
    ],
)
def test_bad_v2_cells(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, column: str, value: str, expected: str
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-valuation", column, value)
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "openai-valuation")
    assert f"facts.csv:{line}: {column}: {expected}" in message


def test_rank_without_its_reason(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "openai-valuation", "rank", "DeprecatedRank")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "openai-valuation")
    assert f"facts.csv:{line}:" in message
    assert "A preferred or deprecated statement needs its ai:rankReason." in message


def test_source_without_title_or_label(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    sources = data_dir / "sources.csv"
    set_cell(sources, "fixture-news", "title", "")
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(sources, "fixture-news")
    assert f"sources.csv:{line}:" in message
    assert "A source needs a dcterms:title, or when the title is unknown an rdfs:label" in message


def test_source_with_an_address_names_its_publisher(
    run_cli: RunCli, data_dir: Path, tmp_path: Path
) -> None:
    sources = data_dir / "sources.csv"
    set_cell(sources, "fixture-news", "publisher", "")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert f"sources.csv:{line_of(sources, 'fixture-news')}:" in message
    assert "A source with a schema:url needs its dcterms:publisher" in message


def test_a_data_model_1_folder_names_what_to_change(run_cli: RunCli, tmp_path: Path) -> None:
    import shutil

    from .conftest import FIXTURES

    old = tmp_path / "old"
    shutil.copytree(FIXTURES / "model1", old)
    message = build_fails(run_cli, old, tmp_path)
    assert "facts.csv:2: status: status 'Reported' says how a fact is known" in message
    assert "facts.csv:2: amount_kind: an amount needs its amount_kind" in message
    assert "Traceback" not in message


# --- data that used to be accepted silently ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row_id", "column", "char"),
    [
        ("entities.csv", "openai", "description", "\x00"),
        ("entities.csv", "microsoft", "label", "\x00"),
        ("facts.csv", "microsoft-invests-openai", "note", "\x00"),
        ("facts.csv", "microsoft-invests-openai", "currency", "\x1b"),
        ("sources.csv", "fixture-news", "title", "\x07"),
        ("sources.csv", "fixture-news", "publisher", "\x7f"),
    ],
)
def test_control_characters_in_a_cell(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, name: str, row_id: str, column: str, char: str
) -> None:
    path = data_dir / name
    with path.open(newline="", encoding="utf-8") as handle:
        value = next(r for r in csv.DictReader(handle) if r["id"] == row_id)[column]
    set_cell(path, row_id, column, value[:3] + char + value[3:])
    message = build_fails(run_cli, data_dir, tmp_path)
    kind = "a NUL byte" if char == "\x00" else "a control character"
    assert message.startswith("error: ")
    assert f"{name}:{line_of(path, row_id)}: {column}: {kind} " in message
    assert f"(U+{ord(char):04X}) at character 4 of the cell" in message
    assert message.count("\n") == 1  # nothing else reported for want of the row


@pytest.mark.parametrize(
    ("name", "row_id", "column", "value"),
    [
        ("facts.csv", "microsoft-invests-openai", "sources", "fixture-news||"),
        ("facts.csv", "microsoft-invests-openai", "sources", "fixture-news||fixture-blog"),
        ("facts.csv", "microsoft-invests-openai", "sources", "|fixture-news"),
        ("facts.csv", "microsoft-invests-openai", "sources", "fixture-news| |fixture-blog"),
        ("entities.csv", "microsoft", "types", "CloudProvider|Investor|"),
        ("entities.csv", "openai", "aliases", "OpenAI Inc.||"),
        ("entities.csv", "openai", "sources", "|"),
        ("sources.csv", "fixture-blog", "issued_by", "microsoft|"),
        ("sources.csv", "fixture-news", "original_reporter", "Reuters||AP"),
    ],
)
def test_an_empty_item_in_a_list(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, name: str, row_id: str, column: str, value: str
) -> None:
    path = data_dir / name
    set_cell(path, row_id, column, value)
    message = build_fails(run_cli, data_dir, tmp_path)
    assert f"{name}:{line_of(path, row_id)}: {column}: an empty item in the list {value!r}" in (
        message
    )


@pytest.mark.parametrize(
    ("row_id", "relation"),
    [
        ("microsoft-invests-openai", "an investsIn"),
        ("microsoft-compute-exclusive", "a providesComputeTo"),
    ],
)
def test_an_entity_related_to_itself(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, row_id: str, relation: str
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, row_id, "object", "microsoft")
    message = build_fails(run_cli, data_dir, tmp_path)
    assert (
        f"facts.csv:{line_of(facts, row_id)}: object: 'microsoft' is both the subject and the "
        f"object: nothing is in {relation} relation with itself"
    ) in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9" * 400, "is too long (400 digits before the point, 0 after)"),
        ("1" * 19, "is too long (19 digits before the point, 0 after)"),
        ("1." + "5" * 19, "is too long (1 digits before the point, 19 after)"),
    ],
)
def test_a_number_too_long(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, value: str, expected: str
) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount", value)
    message = build_fails(run_cli, data_dir, tmp_path)
    line = line_of(facts, "microsoft-invests-openai")
    assert f"facts.csv:{line}: amount: {value[:20]}… {expected}" in message
    assert "at most 18 digits" in message and len(message) < 400


def test_a_number_of_18_digits_is_kept_exactly(run_cli: RunCli, data_dir: Path) -> None:
    facts = data_dir / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount", "9" * 18 + "." + "5" * 18)
    result = run_cli("sparql", "--data", data_dir, "SELECT ?a { ?s ai:amount ?a }", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert "9" * 18 + "." + "5" * 18 in result.stdout


@pytest.mark.parametrize(
    ("tail", "column"),
    [
        ("\n@prefix", 1),
        ("\nai:x a ai:", 11),
        ('\nai:x rdfs:label "unterminated', 17),
        ("\nai:x a ai:Y", 12),
        ('\nai:x rdfs:label "a"^^', 22),
    ],
)
def test_a_broken_ontology_names_its_line(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, tail: str, column: int
) -> None:
    ontology = data_dir / "ontology.ttl"
    text = (TESTS.parent / "data" / "ontology.ttl").read_text(encoding="utf-8")
    ontology.write_text(text + tail, encoding="utf-8")
    line = (text + tail).count("\n") + 1
    message = build_fails(run_cli, data_dir, tmp_path)
    assert f"ontology.ttl:{line}: malformed turtle data at column {column}: unexpected end" in (
        message
    )
    assert "index out of range" not in message


# --- text that is not UTF-8, wherever a query comes from: refused, naming where -----------------


def test_a_query_that_is_not_utf8_is_refused_on_every_cli_source(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from graph.cli import cli

    bad = b'ASK { FILTER("caf\xe9" != "") }'
    piped = CliRunner().invoke(cli, ["sparql", "-"], input=bad)
    assert piped.exit_code == 1
    assert piped.stderr == (
        "error: the query on standard input is not UTF-8 (byte 0xe9 at offset 17); "
        "give UTF-8 text\n"
    )
    path = tmp_path / "q.rq"
    path.write_bytes(bad)
    from_file = run_cli("sparql", path)
    assert from_file.exit_code == 1
    assert f"error: {path} is not UTF-8 (byte 0xe9 at offset 17)" in from_file.stderr
    argument = run_cli("sparql", os.fsdecode(bad))  # bytes that were not UTF-8, as Python has them
    assert argument.exit_code == 1
    assert "error: the query argument is not UTF-8 (byte 0xe9 at offset 17)" in argument.stderr
    param = run_cli("query", "investors_of", "--param", "entity=" + os.fsdecode(b"open\xffai"))
    assert param.exit_code == 1
    assert "error: --param entity is not UTF-8 (byte 0xff at offset 4)" in param.stderr
    good = CliRunner().invoke(cli, ["sparql", "-"], input='ASK { FILTER("café" != "") }')
    assert good.exit_code == 0 and good.stdout == "true\n"
