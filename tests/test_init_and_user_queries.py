"""`aikg init` (a starter data folder) and stored queries of one's own beside the shipped
ones (`aikg --queries DIR`, `$AIKG_QUERIES`), through the CLI in-process."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from graph.model.paths import QUERIES_ENV, SHIPPED_DATA, SHIPPED_QUERIES

from .conftest import RunCli

MINE = Path(__file__).parent / "data" / "queries"


def test_a_users_folder_adds_its_queries(run_cli: RunCli) -> None:
    result = run_cli("--queries", MINE, "query", "names_of", "-p", "entity=microsoft")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2:] == ["Microsoft"]
    listed = run_cli("--queries", MINE, "queries").stdout
    names = [line.split()[0] for line in listed.splitlines()[2:]]
    assert names == sorted([*(p.stem for p in SHIPPED_QUERIES.glob("*.rq")), "names_of"])


def test_the_option_holds_for_its_command_only(run_cli: RunCli) -> None:
    assert run_cli("--queries", MINE, "queries").exit_code == 0
    assert QUERIES_ENV not in os.environ
    result = run_cli("query", "names_of", "-p", "entity=microsoft")
    assert result.exit_code == 1
    assert "no stored query 'names_of'" in result.stderr


def test_the_variable_adds_folders_too(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "more"
    other.mkdir()
    shutil.copy(MINE / "names_of.rq", other / "aliases_of.rq")
    monkeypatch.setenv(QUERIES_ENV, os.pathsep.join([str(MINE), str(other)]))
    for name in ("names_of", "aliases_of", "investors_of"):
        result = run_cli("query", name, "-p", "entity=openai")
        assert result.exit_code == 0, (name, result.stderr)


def test_a_query_may_not_hide_a_shipped_one(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "competitors_of.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    for args in (("queries",), ("query", "competitors_of", "-p", "entity=openai")):
        result = run_cli("--queries", tmp_path, *args)
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {tmp_path / 'competitors_of.rq'}: a stored query called "
            "'competitors_of' is already in queries/competitors_of.rq; rename yours, "
            "as it would hide that one\n"
        )


def test_a_missing_queries_folder_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("--queries", tmp_path / "nowhere", "queries")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "does not exist" in result.stderr


def test_init_copies_the_shipped_data(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    result = run_cli("init", target)
    assert result.exit_code == 0, result.stderr
    shipped = sorted(p.relative_to(SHIPPED_DATA) for p in SHIPPED_DATA.rglob("*") if p.is_file())
    copied = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    assert copied == shipped
    assert result.stdout == (
        f"wrote {len(shipped)} files to {target}/\nbuild it with `aikg build --data {target}`\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # no work folder left


def test_init_empty_builds(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()  # an empty folder is as good as a new one
    assert run_cli("init", "--empty", target).exit_code == 0
    built = run_cli("build", "--data", target, "--output", tmp_path / "g.nt")
    assert built.exit_code == 0, built.stderr
    assert "2 entities, 1 statements, 1 sources" in built.stdout
    validated = run_cli("validate", "--data", target)
    assert validated.exit_code == 0, validated.stderr


def test_init_refuses_a_folder_with_files(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_cli("init", "--empty", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {tmp_path} is not empty: give a new or empty folder, "
        "or --force to write over the files of the same names\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    forced = run_cli("init", "--empty", "--force", tmp_path)
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "sources" / "seed-article.csv").is_file()


def test_init_refuses_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "data").write_text("x")
    result = run_cli("init", tmp_path / "data")
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'data'} is a file, not a folder\n"


def test_init_that_fails_leaves_nothing_half_written(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine"
    target.mkdir()

    def full_disk(src: str, dst: str) -> None:
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        os_replace(src, dst)

    os_replace = os.replace
    monkeypatch.setattr("graph.ingest.starter.os.replace", full_disk)
    result = run_cli("init", target)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {target}: no space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # the empty folder stays
    assert list(target.iterdir()) == []
