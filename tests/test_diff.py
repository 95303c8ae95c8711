"""``aikg diff OLD NEW``: what a change to the data does to the graph and to the answers,
between two folders or two git revisions, as a table, JSON or an offline HTML page."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, RunCli, line_of, set_cell

AS_OF = ("--as-of", "2025-06-30")
ADDED, REMOVED, CHANGED = (
    "stmt:google-invests-stargate",
    "stmt:openai-competes-google",
    "stmt:microsoft-invests-openai",
)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def append_row(path: Path, **cells: str) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        fields = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(cells)


def remove_row(path: Path, row_id: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(row_id + ",")]
    assert len(kept) == len(lines) - 1, f"no row {row_id} in {path}"
    path.write_text("".join(kept), encoding="utf-8")


def edit(folder: Path) -> None:
    """One fact added, one removed, one amount changed (1B → 2B)."""
    facts = folder / "facts.csv"
    set_cell(facts, "microsoft-invests-openai", "amount", "2000000000")
    remove_row(facts, "openai-competes-google")
    append_row(facts, id="google-invests-stargate", subject="google", relation="investsIn",
               object="stargate", amount="500000000", currency="USD",
               amount_kind="InvestmentAmount", point_in_time="2025-02",
               sources="fixture-news")  # fmt: skip


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "minimal", old)
    shutil.copytree(FIXTURES / "minimal", new)
    edit(new)
    return old, new


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}  # fmt: skip
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose data/ is the minimal fixture at tag v1, then edited at HEAD."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "minimal", root / "data")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "minimal data")
    git(root, "tag", "v1")
    edit(root / "data")
    git(root, "commit", "-q", "-am", "a fact added, one removed, an amount changed")
    return root


def check_the_three(fmt: str, output: str) -> None:
    """The added fact, the removed fact and the changed amount, in ``fmt``."""
    if fmt == "table":
        added = output.split("Statements added (1)")[1].split("\n\n")[0]
        removed = output.split("Statements removed (1)")[1].split("\n\n")[0]
        changed = output.split("Statements changed (1)")[1].split("\n\n")[0]
        assert ADDED in added and "500000000.0 USD" in added
        assert REMOVED in removed and "ai:competesWith" in removed
        assert re.search(rf"{CHANGED}\s+amount\s+1000000000\.0\s+2000000000\.0", changed)
    elif fmt == "json":
        doc = json.loads(output)
        statements = doc["statements"]
        assert [n["id"] for n in statements["added"]] == [ADDED]
        assert [n["id"] for n in statements["removed"]] == [REMOVED]
        [changed_node] = statements["changed"]
        assert changed_node["id"] == CHANGED
        amount = {"property": "ai:amount", "column": "amount",
                  "old": ["1000000000.0"], "new": ["2000000000.0"]}  # fmt: skip
        assert changed_node["changes"] == [amount]
        assert changed_node["sources"][0]["url"] == "https://example.org/news"
        assert doc["equal"] is False
    else:
        assert f"id='statements-{ADDED}'" in output
        assert f"id='statements-{REMOVED}'" in output
        row = output.split(f"id='statements-{CHANGED}'")[1].split("</tr>")[0]
        assert "<b>amount</b>: <del>1000000000.0</del> → <ins>2000000000.0</ins>" in row
        assert "<a href='https://example.org/news' rel='noopener noreferrer'>" in row
        check_offline(output)


def check_offline(page: str) -> None:
    """One file that loads nothing: no remote script or style sheet, scripts by hash."""
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in page
    assert "script-src 'sha256-" in page
    assert all(tag == "<script>" for tag in SCRIPT_TAG.findall(page))
    assert not re.search(r"<link\b|@import|<script[^>]*\bsrc=|<iframe|<img", page, re.I)
    assert not re.search(r"(src|href)=['\"]?//", page)


@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_diff_between_two_folders_shows_an_added_a_removed_and_a_changed_fact(
    run_cli: RunCli, folders: tuple[Path, Path], fmt: str
) -> None:
    old, new = folders
    result = run_cli("diff", old, new, "--format", fmt, *AS_OF)
    assert result.exit_code == 0, result.stderr
    check_the_three(fmt, result.stdout)


@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_diff_between_two_git_revisions_shows_the_same(
    run_cli: RunCli, repo: Path, fmt: str
) -> None:
    result = run_cli("diff", "v1", "HEAD", "--repo", repo, "--format", fmt, *AS_OF)
    assert result.exit_code == 0, result.stderr
    check_the_three(fmt, result.stdout)
    if fmt == "json":
        doc = json.loads(result.stdout)
        assert doc["old"]["revision"] == git(repo, "rev-parse", "v1^{commit}").strip()
        assert doc["new"]["label"].startswith("HEAD (")


def test_one_revision_is_compared_with_the_working_folder(run_cli: RunCli, repo: Path) -> None:
    result = run_cli("diff", "HEAD~1", "--repo", repo, *AS_OF)
    assert result.exit_code == 0, result.stderr
    check_the_three("table", result.stdout)
    assert result.stdout.startswith("old: HEAD~1 (")
    assert f"new: {repo / 'data'}" in result.stdout


def test_a_revision_and_a_folder_can_be_compared(
    run_cli: RunCli, repo: Path, folders: tuple[Path, Path]
) -> None:
    old, _new = folders
    result = run_cli("diff", old, "HEAD:data", "--repo", repo, "-f", "json", *AS_OF)
    assert result.exit_code == 0, result.stderr
    check_the_three("json", result.stdout)


def test_the_answers_that_moved_are_listed_per_query(
    run_cli: RunCli, folders: tuple[Path, Path]
) -> None:
    result = run_cli("diff", *folders, "-f", "json", *AS_OF)
    doc = json.loads(result.stdout)
    assert doc["touched_entities"] == [
        "https://w3id.org/aikg/entity/" + e for e in ("google", "microsoft", "openai", "stargate")
    ]
    answers = {(a["query"], tuple(sorted(a["params"].items()))): a for a in doc["answers"]}
    totals = answers[("investment_totals", (("target", "ent:openai"),))]
    assert [r["total"] for r in totals["added"]] == ["2000000000.0"]
    assert [r["total"] for r in totals["removed"]] == ["1000000000.0"]
    rivals = answers[("competitors_of", (("entity", "ent:openai"),))]
    assert rivals["added"] == [] and rivals["removed"][0]["competitor"] == "ent:google"
    holds = answers[("holds_on", (("as_of", "2025-06-30"), ("subject", "ent:google")))]
    assert [(r["state"], r["statement"]) for r in holds["added"]] == [("holds", ADDED)]
    assert ("investors_of", (("entity", "ent:stargate"),)) in answers
    only = run_cli("diff", *folders, "-f", "json", "--query", "competitors_of", *AS_OF)
    assert {a["query"] for a in json.loads(only.stdout)["answers"]} == {"competitors_of"}
    none = run_cli("diff", *folders, "-f", "json", "--no-queries", *AS_OF)
    assert json.loads(none.stdout)["answers"] == []


def test_entities_and_sources_are_matched_by_id_with_each_property_changed(
    run_cli: RunCli, folders: tuple[Path, Path]
) -> None:
    _old, new = folders
    set_cell(new / "entities.csv", "google", "label", "Google DeepMind")
    set_cell(new / "entities.csv", "google", "types", "AILab|Investor")
    append_row(new / "sources.csv", id="fixture-wire", kind="NewsReport", title="A wire story",
               publisher="Wire", date="2025-02-01", url="https://example.org/wire")  # fmt: skip
    set_cell(new / "facts.csv", "openai-valuation", "sources", "fixture-news|fixture-wire")
    result = run_cli("diff", *folders, *AS_OF)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert re.search(r"ent:google\s+label\s+Google\s+Google DeepMind", text)
    assert re.search(r"ent:google\s+types\s+ai:AILab \| ai:Entity \| ai:Organization\s+"
                     r"ai:AILab \| ai:Entity \| ai:Investor \| ai:Organization", text)  # fmt: skip
    assert re.search(r"src:fixture-wire\s+A wire story\s+Wire\s+2025-02-01", text)
    assert re.search(
        r"stmt:openai-valuation\s+sources\s+src:fixture-news\s+src:fixture-news \| "
        r"src:fixture-wire",
        text,
    )
    # Evidence is computed by the build: a second report turns SingleReport into Reported.
    assert re.search(r"stmt:openai-valuation\s+ai:evidence\s+ai:SingleReport\s+ai:Reported", text)


def test_no_change_exits_0(run_cli: RunCli, repo: Path) -> None:
    same = run_cli("diff", FIXTURES / "minimal", FIXTURES / "minimal", *AS_OF)
    assert same.exit_code == 0, same.stderr
    assert same.stdout.startswith("no change: ")
    clean = run_cli("diff", "HEAD", "--repo", repo, *AS_OF)
    assert clean.exit_code == 0 and clean.stdout.startswith("no change: HEAD (")
    doc = json.loads(run_cli("diff", "v1", "v1", "--repo", repo, "-f", "json").stdout)
    assert doc["equal"] is True and doc["statements"]["added"] == []
    page = run_cli("diff", "v1", "v1", "--repo", repo, "-f", "html").stdout
    assert "id='no-change'" in page
    check_offline(page)


def test_an_unknown_revision_or_no_git_checkout_exits_1_with_a_clear_message(
    run_cli: RunCli, repo: Path, tmp_path: Path
) -> None:
    unknown = run_cli("diff", "no-such-tag", "HEAD", "--repo", repo)
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr.startswith("error: unknown revision 'no-such-tag'")
    outside = tmp_path / "plain"
    outside.mkdir()
    nogit = run_cli("diff", "HEAD~1", "--repo", outside)
    assert nogit.exit_code == 1
    assert "is not in a git checkout" in nogit.stderr
    missing = run_cli("diff", "v1:nothing-here", "HEAD", "--repo", repo)
    assert missing.exit_code == 1 and "has no folder 'nothing-here'" in missing.stderr
    for result in (unknown, nogit, missing):
        assert "Traceback" not in result.stderr


def test_a_side_that_does_not_validate_exits_1_naming_file_and_line(
    run_cli: RunCli, folders: tuple[Path, Path], repo: Path
) -> None:
    old, new = folders
    set_cell(new / "facts.csv", "openai-partner-stargate", "start", "2025-13-01")
    line = line_of(new / "facts.csv", "openai-partner-stargate")
    broken = run_cli("diff", old, new)
    assert broken.exit_code == 1 and broken.stdout == ""
    assert "NEW side" in broken.stderr
    assert f"facts.csv:{line}: start:" in broken.stderr
    assert "Traceback" not in broken.stderr
    set_cell(repo / "data" / "facts.csv", "openai-valuation", "currency", "")
    git(repo, "commit", "-q", "-am", "a money figure without its currency")
    line = line_of(repo / "data" / "facts.csv", "openai-valuation")
    shapes = run_cli("diff", "v1", "HEAD", "--repo", repo)
    assert shapes.exit_code == 1
    assert f"HEAD:data/facts.csv:{line}: " in shapes.stderr
    assert "aikg-diff-" not in shapes.stderr  # the temporary folder is never named


def test_hostile_strings_are_escaped_in_the_page(run_cli: RunCli, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "hostile", old)
    shutil.copytree(FIXTURES / "hostile", new)
    set_cell(new / "facts.csv", "microsoft-invests-openai", "amount", "2000000000")
    set_cell(new / "entities.csv", "google", "label", 'Goo"gle<script>alert(6)</script>')
    result = run_cli("diff", old, new, "-f", "html", *AS_OF)
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    check_offline(page)
    assert "<b " not in page and "alert(3)</script>" not in page
    assert page.count("</script>") == len(SCRIPT_TAG.findall(page)) == 1
    assert "Goo&quot;gle&lt;script&gt;alert(6)&lt;/script&gt;" in page
    assert "Microsoft&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "href='https://example.org/news?a=1&amp;b=2'" in page


def test_output_is_written_atomically_and_is_deterministic(
    run_cli: RunCli, folders: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "diff.html"
    result = run_cli("diff", *folders, "-f", "html", "-o", target, *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {target} (html): statements 1 added, 1 removed")
    assert list(target.parent.iterdir()) == [target]
    check_the_three("html", target.read_text(encoding="utf-8"))
    again = run_cli("diff", *folders, "-f", "html", *AS_OF).stdout
    assert again == target.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_changed_amount_in_the_shipped_data_moves_the_totals(
    run_cli: RunCli, tmp_path: Path
) -> None:
    shipped = Path(__file__).resolve().parent.parent / "data"
    new = tmp_path / "data"
    shutil.copytree(shipped, new)
    set_cell(
        new / "sources" / "zdnet-microsoft-openai-investment.csv",
        "microsoft-invests-openai-2019-1b",
        "amount",
        "1500000000",
    )
    result = run_cli("diff", shipped, new, "-f", "json", *AS_OF)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    [changed] = doc["statements"]["changed"]
    assert changed["changes"][0]["old"] == ["1000000000.0"]
    assert changed["changes"][0]["new"] == ["1500000000.0"]
    queries = {a["query"] for a in doc["answers"]}
    assert {"investors_of", "investment_totals", "money_flows", "holds_on"} <= queries


@pytest.mark.browser
def test_the_page_runs_in_chromium_offline_and_its_filter_works(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from tests.browser import launch, open_page

    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "hostile", old)
    shutil.copytree(FIXTURES / "hostile", new)
    set_cell(new / "facts.csv", "microsoft-invests-openai", "amount", "2000000000")
    remove_row(new / "facts.csv", "openai-competes-google")
    page_file = tmp_path / "diff.html"
    assert run_cli("diff", old, new, "-f", "html", "-o", page_file, *AS_OF).exit_code == 0
    for browser in launch():
        opened = open_page(browser, page_file, wait_ready=False)
        page = opened.page
        rows = "document.querySelectorAll('tr[data-row]:not([hidden])').length"
        everything = page.evaluate(rows)
        page.fill("#filter", "competes")
        assert 0 < page.evaluate(rows) < everything
        page.fill("#filter", "")
        assert page.evaluate(rows) == everything
        assert opened.external == [] and opened.errors == [] and opened.dialogs == []
