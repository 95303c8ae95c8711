"""The same fact twice is refused with both places; likely repeats and colliding names are noted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import RunCli, set_cell
from .test_layout import article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def add_source(data: Path, ident: str, facts: list[str]) -> Path:
    path = data / "sources" / f"{ident}.csv"
    path.write_text(article(ident, facts))
    return path


def test_the_same_fact_under_another_id_is_refused_with_both_places(
    run_cli: RunCli, data: Path, tmp_path: Path
) -> None:
    add_source(data, "zz-again", ["openai-rivals-google-again openai competesWith google"])
    output = tmp_path / "graph.nt"
    result = run_cli("build", "--data", data, "--output", output)
    assert result.exit_code == 1 and not output.exists()
    assert "sources/zz-again.csv:5: id: the same fact as " in result.stderr
    assert "sources/seed-article.csv:" in result.stderr
    assert "(openai-competes-with-google)" in result.stderr


def test_a_version_that_differs_only_in_its_lifecycle_is_kept_to_be_ranked(
    run_cli: RunCli, data: Path
) -> None:
    path = data / "sources" / "zdnet-microsoft-openai-investment.csv"
    text = path.read_text()
    row = next(
        line for line in text.splitlines() if line.startswith("microsoft-invests-openai-2019-1b,")
    )
    path.write_text(text + row.replace("2019-1b,", "2019-talks,", 1) + "\n")
    assert run_cli("validate", "--data", data).exit_code == 1  # a copy: refused
    set_cell(path, "microsoft-invests-openai-2019-talks", "status", "Proposed")
    set_cell(path, "microsoft-invests-openai-2019-talks", "rank", "DeprecatedRank")
    set_cell(path, "microsoft-invests-openai-2019-talks", "rank_reason", "still in talks here")
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert "note:" not in result.stderr


def test_versions_of_a_contract_term_are_not_copies(run_cli: RunCli, data: Path) -> None:
    path = data / "sources" / "nigeriadna-coreweave-openai.csv"
    text = path.read_text()
    row = next(line for line in text.splitlines() if line.startswith("coreweave-provides-compute"))
    path.write_text(
        text + row.replace("coreweave-provides-compute-openai,", "coreweave-term,", 1) + "\n"
    )
    copy = run_cli("validate", "--data", data)
    assert copy.exit_code == 1 and "the same fact as" in copy.stderr
    set_cell(path, "coreweave-term", "term_end", "2026-04")
    set_cell(path, "coreweave-term", "rank", "DeprecatedRank")
    set_cell(path, "coreweave-term", "rank_reason", "one page gives a shorter term")
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr


def test_a_likely_repeat_is_noted_and_the_build_goes_on(run_cli: RunCli, data: Path) -> None:
    path = data / "sources" / "zdnet-microsoft-openai-investment.csv"
    text = path.read_text()
    row = next(
        line for line in text.splitlines() if line.startswith("microsoft-invests-openai-2019-1b,")
    )
    path.write_text(
        text + row.replace("2019-1b,", "2019-again,", 1).replace("1000000000", "1020000000") + "\n"
    )
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert "microsoft-invests-openai-2019-again may repeat microsoft-invests-openai-2019-1b" in (
        result.stderr
    )
    assert "amounts within 2.0%" in result.stderr


def test_ranked_versions_are_not_noted(run_cli: RunCli, data: Path) -> None:
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0 and "note:" not in result.stderr  # the two ranked losses


def test_names_that_collide_are_noted(run_cli: RunCli, data: Path) -> None:
    entities = data / "entities.csv"
    entities.write_text(
        entities.read_text()
        + "open-ai-copy,AILab,Open AI,,A second row for the same lab.,,,,\n"
        + "anthropics,AILab,Anthropics,,A near name.,,,,\n"
    )
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert "entities open-ai-copy, openai share the name 'OpenAI'" in result.stderr
    assert "have near names: 'Anthropic' and 'Anthropics'" in result.stderr


def test_the_same_amount_in_another_deal_is_not_a_repeat(run_cli: RunCli, data: Path) -> None:
    path = data / "sources" / "zdnet-microsoft-openai-investment.csv"
    text = path.read_text()
    row = next(
        line for line in text.splitlines() if line.startswith("microsoft-invests-openai-2019-1b,")
    )
    again = row.replace("2019-1b,", "2019-again,", 1).replace("1000000000", "1020000000")
    path.write_text(text + again + "\n")
    noted = run_cli("validate", "--data", data)
    assert "may repeat microsoft-invests-openai-2019-1b" in noted.stderr
    other_deal = again.replace(
        "microsoft-openai-investment-2019", "microsoft-openai-investment-2023-01", 1
    )
    assert other_deal != again
    path.write_text(text + other_deal + "\n")
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert "may repeat" not in result.stderr


def test_names_that_differ_only_in_a_number_are_a_series(run_cli: RunCli, data: Path) -> None:
    entities = data / "entities.csv"
    entities.write_text(
        entities.read_text()
        + "colossus-3,ComputeCluster,Colossus 3,,A numbered successor.,,,,\n"
        + "colossuss,ComputeCluster,Colossuss,,A misspelling.,,,,\n"
    )
    result = run_cli("validate", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert "'Colossus 3'" not in result.stderr
    assert "have near names: 'Colossus' and 'Colossuss'" in result.stderr
