"""aikg add: a source or a fact from the command line, checked before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import ENT, STMT, load_graph

from .conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


SOURCE = ["--id", "example-news", "--kind", "NewsReport", "--label", "example.org report",
          "--publisher", "example.org", "--date", "2026-11-30",
          "--url", "https://example.org/a"]  # fmt: skip


def test_add_a_source_then_a_fact_by_label(run_cli: RunCli, data: Path) -> None:
    made = run_cli("add", "source", "--data", data, *SOURCE)
    assert made.exit_code == 0, made.stderr
    assert (data / "sources" / "example-news.csv").exists()
    added = run_cli(
        "add", "fact", "--data", data, "--source", "example-news",
        "--id", "xai-partners-oracle", "--subject", "xAI", "--relation", "partnersWith",
        "--object", "Oracle", "--start", "2026-11",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert "added xai-partners-oracle to " in added.stdout
    g = load_graph(data)
    assert (ENT.xai, None, ENT.oracle) in g
    assert (STMT["xai-partners-oracle"], None, None) in g


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--subject", "Open AI Inc", "--relation", "competesWith", "--object", "google"],
         "unknown entity 'Open AI Inc'"),
        (["--subject", "openai", "--relation", "investsIn", "--object", "anthropic",
          "--amount", "5", "--currency", "USD"], "amount_kind: an amount needs its amount_kind"),
        (["--subject", "openai", "--relation", "competeWith", "--object", "google"],
         "unknown relation 'competeWith'"),
        (["--subject", "openai", "--relation", "competesWith", "--object", "google",
          "--start", "2026-13-01"], "start:"),
    ],
)  # fmt: skip
def test_a_bad_fact_is_refused_and_nothing_changes(
    run_cli: RunCli, data: Path, args: list[str], expected: str
) -> None:
    assert run_cli("add", "source", "--data", data, *SOURCE).exit_code == 0
    before = snapshot(data)
    result = run_cli(
        "add", "fact", "--data", data, "--source", "example-news", "--id", "bad", *args
    )
    assert result.exit_code == 1
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert "aikg-add-" not in result.stderr  # the real file is named, not the scratch copy
    assert snapshot(data) == before


def test_a_source_that_exists_or_breaks_a_rule_is_refused(run_cli: RunCli, data: Path) -> None:
    before = snapshot(data)
    twice = run_cli("add", "source", "--data", data, "--id", "seed-article", *SOURCE[2:])
    assert twice.exit_code == 1 and "exists already" in twice.stderr
    no_publisher = [a for a in SOURCE if a not in ("--publisher", "example.org")]
    refused = run_cli("add", "source", "--data", data, *no_publisher)
    assert refused.exit_code == 1
    assert "A source with a schema:url needs its dcterms:publisher" in refused.stderr
    assert snapshot(data) == before
