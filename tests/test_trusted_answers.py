"""Data model 2 through the CLI: who pays whom, what counts as money paid, "up to", dates
that do not hold before an entity existed, evidence from the sources, ranked conflicts."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rdflib import Graph

from graph import default_data_dir

from .conftest import RunCli


def rows_of(run_cli: RunCli, *args: str) -> list[dict[str, str]]:
    result = run_cli("query", *args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def json_of(run_cli: RunCli, *args: str) -> Any:
    result = run_cli("query", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_the_azure_commitment_is_paid_by_openai(run_cli: RunCli) -> None:
    flows = rows_of(run_cli, "money_flows")
    [azure] = [r for r in flows if slug(r["statement"]) == "microsoft-compute-openai-nonexclusive"]
    assert (slug(azure["payer"]), slug(azure["payee"])) == ("openai", "microsoft")
    assert slug(azure["kind"]) == "PurchaseCommitment"
    assert float(azure["amount"]) == 250e9
    [coreweave] = [r for r in flows if slug(r["statement"]) == "coreweave-provides-compute-openai"]
    assert (slug(coreweave["payer"]), slug(coreweave["payee"])) == ("openai", "coreweave")


def test_no_site_or_stake_pays_anything(run_cli: RunCli) -> None:
    flows = rows_of(run_cli, "money_flows")
    payers = {slug(r["payer"]) for r in flows}
    assert "abilene-stargate-site" not in payers  # the $40B is the value of chips planned there
    kinds = {slug(r["kind"]) for r in flows}
    moving = {"InvestmentAmount", "ContractValue", "PurchaseCommitment", "PurchasePrice"}
    assert kinds <= moving | {"DebtFinancing"}  # never a stake's or a company's worth
    assert moving <= kinds
    statements = {slug(r["statement"]) for r in flows}
    assert "microsoft-stake-openai-27pc" not in statements  # a stake's worth is not paid


def test_investment_totals_count_money_paid_only(run_cli: RunCli) -> None:
    [microsoft] = [
        r
        for r in rows_of(run_cli, "investment_totals", "-p", "target=openai")
        if slug(r["investor"]) == "microsoft"
    ]
    # $1B in 2019 and about $10B in 2023; the ~$135B value of the stake is not money paid.
    assert float(microsoft["total"]) == 11e9
    assert microsoft["investments"] == "2"
    assert microsoft["precision"] == "approximate"


def test_nvidia_letter_of_intent_reads_up_to_and_is_not_current(run_cli: RunCli) -> None:
    [loi] = [
        r
        for r in rows_of(run_cli, "money_flows", "-p", "entity=nvidia")
        if slug(r["statement"]) == "nvidia-invests-openai-100b-loi"
    ]
    assert slug(loi["bound"]) == "UpTo" and slug(loi["status"]) == "Proposed"
    assert slug(loi["deal"]) == "nvidia-openai-letter-of-intent-2025-09"
    # The letter of intent's systems supply is its only NVIDIA-to-OpenAI supply: a proposal,
    # so no current triple. (NVIDIA's investsIn OpenAI holds through the 2024 round.)
    result = run_cli("sparql", "ASK { ent:nvidia ai:suppliesChipsTo ent:openai }", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["boolean"] is False
    result = run_cli(
        "sparql",
        "ASK { ?s rdf:subject ent:nvidia ; rdf:predicate ai:suppliesChipsTo ; "
        "rdf:object ent:openai ; ai:status ai:Proposed }",
        "-f",
        "json",
    )
    assert json.loads(result.stdout)["boolean"] is True


def test_stargate_does_not_hold_before_it_was_announced(run_cli: RunCli) -> None:
    before = rows_of(run_cli, "holds_on", "-p", "as_of=2024-12-31", "-p", "object=stargate")
    assert before == []
    after = rows_of(run_cli, "holds_on", "-p", "as_of=2025-06-30", "-p", "object=stargate")
    assert {r["state"] for r in after} == {"holds"}
    assert "openai-technology-partner-stargate" in {slug(r["statement"]) for r in after}


def test_undated_statements_are_shown_apart(run_cli: RunCli) -> None:
    rows = rows_of(run_cli, "holds_on", "-p", "as_of=2024-12-31", "-p", "subject=openai")
    states = {slug(r["statement"]): r["state"] for r in rows}
    assert states["openai-competes-with-google"] == "undated"  # no source dates it
    assert states["openai-valuation-157b"] == "holds"
    assert [r["state"] for r in rows] == sorted((r["state"] for r in rows), reverse=True)


def test_evidence_is_computed_from_the_sources(run_cli: RunCli) -> None:
    def evidence(statement: str) -> str:
        result = run_cli(
            "sparql",
            f"SELECT ?e WHERE {{ stmt:{statement} ai:evidence ?e }}",
            "--format",
            "csv",
        )
        assert result.exit_code == 0, result.stderr
        return slug(result.stdout.splitlines()[1])

    assert evidence("openai-announced-stargate") == "Announced"  # OpenAI's own post
    assert evidence("oracle-invests-stargate-equity") == "Announced"  # a party to the deal
    assert evidence("donald-trump-announced-stargate") == "SingleReport"
    assert evidence("microsoft-compute-openai-rofr") == "Announced"  # Microsoft's blog


def test_the_october_2024_round_is_a_deal_with_its_total(run_cli: RunCli) -> None:
    result = run_cli(
        "sparql",
        """SELECT ?label ?total ?payee WHERE {
             ent:openai-funding-round-2024-10 a ai:FundingRound ; rdfs:label ?label .
             ?s rdf:subject ent:openai-funding-round-2024-10 ; rdf:predicate ai:dealValue ;
                ai:amount ?total ; ai:payee ?payee .
           }""",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert float(row["total"]) == 6.6e9 and slug(row["payee"]) == "openai"
    led = rows_of(run_cli, "investors_of", "-p", "entity=openai")
    assert "thrive-capital" in {slug(r["investor"]) for r in led}


def test_conflicts_list_every_version_with_its_rank_and_source(run_cli: RunCli) -> None:
    rows = rows_of(run_cli, "conflicts", "-p", "entity=openai")
    loss = [r for r in rows if slug(r["relation"]) == "projectedLoss"]
    assert {slug(r["rank"]) for r in loss} == {"NormalRank", "PreferredRank"}
    assert {slug(r["bound"]) for r in loss} == {"About", "MoreThan"}
    assert all(r["sourceTitle"] for r in loss)
    preferred = next(r for r in loss if slug(r["rank"]) == "PreferredRank")
    assert preferred["reason"] and preferred["publisher"] == "hindustantimes.com"


def test_pages_and_views_name_sources_by_title_and_publisher(shipped_graph: Graph) -> None:
    from graph.views.text import source_details

    from .conftest import client_for

    with client_for(shipped_graph) as client:
        page = client.get("/entities/stargate").text
    # A source whose title is unknown shows the label that describes it, and its site.
    assert "brecorder.com report" in page and "— brecorder.com" in page
    assert "brecorder-stargate-19b</a>" not in page  # never the bare slug
    details = source_details(shipped_graph)
    assert all(d.get("title") for d in details.values())
    files = list((default_data_dir() / "sources").glob("*.csv"))  # what shipped_graph read
    assert len(details) == len(files)  # sources only, not every labelled node
