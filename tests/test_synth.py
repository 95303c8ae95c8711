"""Synthetic data: deterministic, in the curated format, valid, and shaped like the industry."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from graph import load_graph
from graph.ingest import generate_data, write_data
from graph.ingest.synth import CLASS_SHARES

from .conftest import RunCli

ONTOLOGY = Path(__file__).resolve().parent.parent / "data"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "data"
    write_data(generate_data(entities=300, seed=7), out)
    return out


def test_same_seed_same_bytes(run_cli: RunCli, tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        seed = "3" if name != "c" else "4"
        result = run_cli("synth", "--entities", "200", "--seed", seed, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert "200 entities" in result.stdout
    files = ("entities.csv", "sources.csv", "facts.csv")
    for file in files:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    assert (tmp_path / "a" / "facts.csv").read_bytes() != (
        tmp_path / "c" / "facts.csv"
    ).read_bytes()


def test_same_header_as_shipped_data(synth_dir: Path) -> None:
    for name in ("entities.csv", "sources.csv", "facts.csv"):
        shipped = (ONTOLOGY / name).read_text(encoding="utf-8").splitlines()[0]
        assert (synth_dir / name).read_text(encoding="utf-8").splitlines()[0] == shipped


def test_output_validates_with_the_shipped_shapes(run_cli: RunCli, synth_dir: Path) -> None:
    result = run_cli("validate", "--data", synth_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_every_class_and_relation_family_appears(synth_dir: Path) -> None:
    from graph.model import relation_families

    g = load_graph(synth_dir, validate=False)
    types = Counter(
        t for row in read_rows(synth_dir / "entities.csv") for t in row["types"].split("|")
    )
    assert set(CLASS_SHARES) | {"Person"} <= set(types)
    relations = Counter(row["relation"] for row in read_rows(synth_dir / "facts.csv"))
    families = {str(p).rsplit("#", 1)[1]: f for p, f in relation_families(g).items()}
    used = {families[name] for name in relations if name in families}
    assert {"investment", "supply", "competition", "partnership", "people", "assets"} <= used
    for name in ("investsIn", "providesComputeTo", "suppliesChipsTo", "licensesTechnologyTo",
                 "competesWith", "partnersWith", "valuation", "gpuCount"):  # fmt: skip
        assert relations[name] > 0, name
    sources = read_rows(synth_dir / "sources.csv")
    assert {row["kind"] for row in sources} == {"PrimarySource", "NewsReport"}


def test_phases_exclusive_then_rofr_then_non_exclusive(synth_dir: Path) -> None:
    phases: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for row in read_rows(synth_dir / "facts.csv"):
        if row["relation"] == "providesComputeTo":
            key = (row["subject"], row["object"])
            phases.setdefault(key, []).append((row["start"], row["end"], row["exclusivity"]))
    phased = [rows for rows in phases.values() if len(rows) >= 3]
    assert phased
    for rows in phased:
        ordered = sorted(rows)
        kinds = [kind for _start, _end, kind in ordered]
        assert kinds[:3] == ["Exclusive", "RightOfFirstRefusal", "NonExclusive"]
        assert ordered[0][1] and ordered[1][1] and not ordered[2][1]
        assert ordered[0][1] <= ordered[1][0]


def test_money_has_amounts_and_several_sources(synth_dir: Path) -> None:
    facts = read_rows(synth_dir / "facts.csv")
    invest = [row for row in facts if row["relation"] == "investsIn"]
    assert invest and all(row["amount"] and row["currency"] == "USD" for row in invest)
    assert any("|" in row["sources"] for row in facts)
    assert len({row["id"] for row in facts}) == len(facts)


def test_refuses_a_folder_with_other_files(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run_cli("synth", "--entities", "50", "--out", out)
    assert result.exit_code == 1
    assert "notes.txt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


def test_replaces_an_earlier_dataset_whole(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "synth"
    assert run_cli("synth", "--entities", "50", "--out", out).exit_code == 0
    assert run_cli("synth", "--entities", "60", "--out", out).exit_code == 0
    assert len(read_rows(out / "entities.csv")) == 60
    assert [p.name for p in tmp_path.iterdir()] == ["synth"]


def test_too_few_entities(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("synth", "--entities", "5", "--out", tmp_path / "x")
    assert result.exit_code == 2
    assert "--entities" in result.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    for hash_seed in ("1", "2"):
        subprocess.run(
            [sys.executable, "-c", "from graph.cli import main; main()", "synth",
             "--entities", "120", "--seed", "5", "--out", str(tmp_path / hash_seed)],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )  # fmt: skip
    for name in ("entities.csv", "sources.csv", "facts.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
