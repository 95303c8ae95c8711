"""Debt, purchase prices and officers (ontology 0.3.0): money lent is not equity, an
acquisition's price is paid by the buyer, and an office is named by its role."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, RunCli


def folder_with(tmp_path: Path, facts: list[dict[str, str]], entities: list[str]) -> Path:
    """The money fixture with more facts and entity rows appended."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "money", data)
    with (data / "entities.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in entities)
    with (data / "facts.csv").open(encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    with (data / "facts.csv").open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, restval="", lineterminator="\n")
        writer.writerows({"sources": "news", **fact} for fact in facts)
    return data


def json_rows(run_cli: RunCli, *args: str | Path) -> list[dict[str, Any]]:
    result = run_cli(*args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return [
        {k: v["value"] for k, v in row.items()}
        for row in json.loads(result.stdout)["results"]["bindings"]
    ]


AI = "https://w3id.org/aikg/ontology#"
ENT = "https://w3id.org/aikg/entity/"
ACQUISITION = (
    "lab-buys-rival-2025,Acquisition,Lab Co buys Rival Co,,The lab buys its rival.,,"
    "2025-05-01,,news"
)
LOAN = {
    "id": "cloud-lends-lab-2b", "subject": "cloud", "relation": "investsIn", "object": "lab",
    "amount": "2000000000", "currency": "USD", "amount_kind": "DebtFinancing",
    "point_in_time": "2025-02-01", "status": "Completed",
}  # fmt: skip
PRICE = {
    "id": "lab-buys-rival-price", "subject": "lab-buys-rival-2025", "relation": "dealValue",
    "object": "6500000000", "currency": "USD", "amount_kind": "PurchasePrice", "payer": "lab",
}  # fmt: skip


def test_money_lent_flows_to_the_borrower_but_is_no_investment(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = folder_with(tmp_path, [LOAN], [])
    flows = json_rows(run_cli, "query", "money_flows", "--data", data, "-p", "entity=cloud")
    [loan] = [f for f in flows if f["statement"].endswith("cloud-lends-lab-2b")]
    assert (loan["payer"], loan["payee"], loan["kind"]) == (
        ENT + "cloud",
        ENT + "lab",
        AI + "DebtFinancing",
    )
    totals = json_rows(run_cli, "query", "investment_totals", "--data", data)
    before = json_rows(run_cli, "query", "investment_totals", "--data", FIXTURES / "money")
    assert totals == before  # the $2B loan adds nothing to the cloud's investments


def test_an_acquisition_price_needs_the_buyer_not_the_sellers(
    run_cli: RunCli, tmp_path: Path
) -> None:
    data = folder_with(tmp_path, [PRICE], [ACQUISITION])
    assert run_cli("validate", "--data", data).exit_code == 0
    broken = folder_with(tmp_path / "broken", [{**PRICE, "payer": ""}], [ACQUISITION])
    result = run_cli("validate", "--data", broken)
    assert result.exit_code == 1
    assert "facts.csv:13: payer: money moves (PurchasePrice)" in result.stderr
    assert "give the payer" in result.stderr


def test_an_officer_is_listed_with_the_office(run_cli: RunCli, tmp_path: Path) -> None:
    officer = {
        "id": "pat-cfo-lab", "subject": "pat", "relation": "officerOf", "object": "lab",
        "role": "CFO", "start": "2025-03-18", "status": "Active",
    }  # fmt: skip
    data = folder_with(tmp_path, [officer], ["pat,Person,Pat Doe,,The lab's finance chief.,,,,"])
    [row] = json_rows(run_cli, "query", "people_roles", "--data", data, "-p", "entity=lab")
    assert (row["personLabel"], row["relation"], row["role"]) == (
        "Pat Doe",
        AI + "officerOf",
        "CFO",
    )
    wrong = folder_with(tmp_path / "wrong", [{**officer, "subject": "cloud"}], [])
    result = run_cli("validate", "--data", wrong)
    assert result.exit_code == 1 and "ai:officerOf must be an ai:Person" in result.stderr
