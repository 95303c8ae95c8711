"""Synthetic data: deterministic, in the curated format, valid, and shaped like the industry."""

from __future__ import annotations

import csv
import io
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


def tables(path: Path) -> list[list[dict[str, str]]]:
    """The tables of a source file (its row, then its facts), split at the blank line."""
    text = path.read_text(encoding="utf-8")
    return [list(csv.DictReader(io.StringIO(part))) for part in text.split("\n\n")]


def sources_of(folder: Path) -> list[dict[str, str]]:
    return [tables(path)[0][0] for path in sorted((folder / "sources").glob("*.csv"))]


def facts_of(folder: Path) -> list[dict[str, str]]:
    return [
        fact
        for path in sorted((folder / "sources").glob("*.csv"))
        for part in tables(path)[1:]
        for fact in part
    ]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.csv"))
    }


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
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    assert files_of(tmp_path / "a") != files_of(tmp_path / "c")
    # Each source's file holds the facts that name it first.
    for path in (tmp_path / "a" / "sources").glob("*.csv"):
        source, *facts = tables(path)
        assert [row["id"] for row in source] == [path.stem]
        assert all(f["sources"].split("|")[0] == path.stem for part in facts for f in part)


def test_same_header_as_shipped_data(synth_dir: Path) -> None:
    shipped = (ONTOLOGY / "entities.csv").read_text(encoding="utf-8").splitlines()[0]
    assert (synth_dir / "entities.csv").read_text(encoding="utf-8").splitlines()[0] == shipped

    def headers(path: Path) -> list[str]:
        return [part.splitlines()[0] for part in path.read_text(encoding="utf-8").split("\n\n")]

    [synthetic] = list((synth_dir / "sources").glob("*.csv"))[:1]
    assert headers(synthetic) == headers(ONTOLOGY / "sources" / "seed-article.csv")


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
    relations = Counter(row["relation"] for row in facts_of(synth_dir))
    families = {str(p).rsplit("#", 1)[1]: f for p, f in relation_families(g).items()}
    used = {families[name] for name in relations if name in families}
    assert {"investment", "supply", "competition", "partnership", "people", "assets"} <= used
    for name in ("investsIn", "providesComputeTo", "suppliesChipsTo", "licensesTechnologyTo",
                 "competesWith", "partnersWith", "valuation", "gpuCount"):  # fmt: skip
        assert relations[name] > 0, name
    sources = sources_of(synth_dir)
    assert {row["kind"] for row in sources} == {"PrimarySource", "NewsReport"}


def test_phases_exclusive_then_rofr_then_non_exclusive(synth_dir: Path) -> None:
    phases: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for row in facts_of(synth_dir):
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
    facts = facts_of(synth_dir)
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
    assert files_of(tmp_path / "1") == files_of(tmp_path / "2")
