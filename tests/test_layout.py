"""One file per source: the layout, its errors, the move from the single-file layout, and two
editors adding two articles on two git branches that merge without a conflict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from .conftest import FIXTURES, RunCli

ROOT = Path(__file__).resolve().parent.parent
SOURCE_HEADER = "id,kind,title,label,publisher,date,url,issued_by,original_reporter"
FACT_HEADER = (
    "id,subject,relation,object,deal,amount,currency,amount_kind,amount_bound,payer,payee,"
    "stake,quantity,unit,quantity_bound,start,end,point_in_time,term_end,status,exclusivity,"
    "role,rank,rank_reason,sources,note"
)


def article(ident: str, facts: list[str]) -> str:
    """A source file: its row, a blank line, its facts (id, subject, relation, object)."""
    rows = [
        f"{ident},NewsReport,{ident} report,,example.org,2025-06-01,https://example.org/{ident},,"
    ]
    cells = FACT_HEADER.count(",") + 1
    body = []
    for fact in facts:
        fid, subject, relation, obj = fact.split()
        row = [fid, subject, relation, obj] + [""] * (cells - 4)
        row[FACT_HEADER.split(",").index("sources")] = ident
        body.append(",".join(row))
    return "\n".join([SOURCE_HEADER, *rows, "", FACT_HEADER, *body]) + "\n"


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def test_the_shipped_data_has_one_file_per_source(shipped_copy: Path) -> None:
    files = sorted(p.stem for p in (shipped_copy / "sources").glob("*.csv"))
    assert "seed-article" in files
    for stem in files:  # each file holds the source it is named after
        source_row = (shipped_copy / "sources" / f"{stem}.csv").read_text().splitlines()[1]
        assert source_row.startswith(f"{stem},"), stem
    assert not (shipped_copy / "facts.csv").exists()
    assert not (shipped_copy / "sources.csv").exists()


def test_migrate_data_moves_the_single_files_and_the_graph_is_the_same(
    run_cli: RunCli, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    shutil.copytree(FIXTURES / "minimal", old)
    before = run_cli("build", "--data", old, "--output", tmp_path / "before.nt")
    assert before.exit_code == 0, before.stderr
    assert "note:" in before.stderr and "aikg migrate-data" in before.stderr
    moved = run_cli("migrate-data", "--data", old)
    assert moved.exit_code == 0, moved.stderr
    assert "wrote 2 source files" in moved.stdout
    assert sorted(p.name for p in (old / "sources").iterdir()) == [
        "fixture-blog.csv",
        "fixture-news.csv",
    ]
    after = run_cli("build", "--data", old, "--output", tmp_path / "after.nt")
    assert after.exit_code == 0, after.stderr
    assert "note:" not in after.stderr
    assert (tmp_path / "before.nt").read_bytes() == (tmp_path / "after.nt").read_bytes()
    again = run_cli("migrate-data", "--data", old)
    assert again.exit_code == 1 and "nothing to migrate" in again.stderr


def test_errors_name_the_source_file_and_line(
    run_cli: RunCli, shipped_copy: Path, tmp_path: Path
) -> None:
    path = shipped_copy / "sources" / "brecorder-stargate-19b.csv"
    path.write_text(
        path.read_text().replace(",stargate,stargate-founding", ",stargat,stargate-founding", 1)
    )
    result = run_cli("validate", "--data", shipped_copy)
    assert result.exit_code == 1
    assert "sources/brecorder-stargate-19b.csv:5: object: unknown entity 'stargat'" in result.stderr


def test_a_source_file_is_named_by_its_id(run_cli: RunCli, shipped_copy: Path) -> None:
    sources = shipped_copy / "sources"
    (sources / "seed-article.csv").rename(sources / "seed.csv")
    result = run_cli("validate", "--data", shipped_copy)
    assert result.exit_code == 1
    assert "sources/seed.csv:2: id: the source id 'seed-article' differs from the file name" in (
        result.stderr
    )


def test_both_layouts_at_once_are_refused(run_cli: RunCli, shipped_copy: Path) -> None:
    shutil.copy(FIXTURES / "minimal" / "facts.csv", shipped_copy / "facts.csv")
    result = run_cli("validate", "--data", shipped_copy)
    assert result.exit_code == 1 and "both layouts at once" in result.stderr


def test_a_fact_id_used_in_two_files_names_both(run_cli: RunCli, shipped_copy: Path) -> None:
    (shipped_copy / "sources" / "zz-copy.csv").write_text(
        article("zz-copy", ["sam-altman-ceo-openai sam-altman ceoOf openai"])
    )
    result = run_cli("validate", "--data", shipped_copy)
    assert result.exit_code == 1
    assert "sources/zz-copy.csv:5: id: duplicate id 'sam-altman-ceo-openai' (first used on " in (
        result.stderr
    )
    assert "sources/seed-article.csv:" in result.stderr


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        env={
            "GIT_AUTHOR_NAME": "Editor",
            "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "Editor",
            "GIT_COMMITTER_EMAIL": "editor@example.org",
            "HOME": str(repo),
            "PATH": "/usr/bin:/bin",
        },
    )
    return done.stdout


def test_two_editors_add_two_articles_and_merge_without_conflict(
    run_cli: RunCli, tmp_path: Path, shipped_graph: Graph
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "data")
    git(repo, "checkout", "-q", "-b", "one")
    (repo / "data" / "sources" / "example-one.csv").write_text(
        article("example-one", ["openai-partners-oracle-one openai partnersWith oracle"])
    )
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "one article")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "two")
    (repo / "data" / "sources" / "example-two.csv").write_text(
        article("example-two", ["google-competes-xai-two google competesWith xai"])
    )
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "another article")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "one")
    git(repo, "merge", "-q", "--no-edit", "two")  # raises on a conflict
    assert git(repo, "status", "--porcelain") == ""
    result = run_cli("build", "--data", repo / "data", "--output", tmp_path / "merged.nt")
    assert result.exit_code == 0, result.stderr
    before = len(set(shipped_graph.subjects(RDF.type, RDF.Statement)))
    assert f"{before + 2} statements" in result.stdout  # one fact from each article


def test_history_lists_when_each_fact_was_added_and_changed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "data")
    (repo / "data" / "sources" / "example-one.csv").write_text(
        article("example-one", ["xai-partners-oracle-one xai partnersWith oracle"])
    )
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "one article")
    path = repo / "data" / "sources" / "example-one.csv"
    path.write_text(path.read_text().replace("example-one,\n", "example-one,a note\n"))
    git(repo, "commit", "-q", "-am", "a note")
    result = run_cli("history", "xai", "--data", repo / "data")
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    mine = [(row[-2], row[-1]) for row in rows if row[-1] == "xai-partners-oracle-one"]
    assert mine == [("changed", "xai-partners-oracle-one"), ("added", "xai-partners-oracle-one")]
    assert any(row[-1] == "xai-operates-colossus" and row[-2] == "added" for row in rows)


def test_history_outside_git_is_skipped_with_a_message(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    result = run_cli("history", "openai", "--data", tmp_path / "data")
    assert result.exit_code == 0
    assert result.stdout.startswith("skipped: ") and "not in a git checkout" in result.stdout
