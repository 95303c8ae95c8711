"""The package as a user installs it: a wheel in a fresh virtual environment, used from
a folder outside the checkout (no editable install, no PYTHONPATH, no $AIKG_* variables).

The wheel and sdist are built once for the module with ``python -m build``; the fresh
environment gets the wheel and its dependencies from the package index.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

#: The editable install's command, to compare the installed one with.
EDITABLE_AIKG = Path(sys.executable).parent / "aikg"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    aikg: Path
    #: An empty folder outside the checkout, the commands' working folder.
    home: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        result = subprocess.run(
            [str(self.aikg), *args], cwd=self.home, env=_clean_env(), capture_output=True
        )
        if check:
            assert result.returncode == 0, result.stderr.decode()
        return result


def _clean_env() -> dict[str, str]:
    """The environment without anything that points at the checkout."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AIKG_") and name not in ("PYTHONPATH", "VIRTUAL_ENV")
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("aikg-*.whl")
    (sdist,) = dist.glob("aikg-*.tar.gz")
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env())
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        env=_clean_env(),
    )
    home = tmp_path_factory.mktemp("home")
    assert ROOT not in home.parents
    return Installed(wheel=wheel, sdist=sdist, aikg=venv / "bin" / "aikg", home=home)


def _editable(*args: str, cwd: Path) -> bytes:
    result = subprocess.run(
        [str(EDITABLE_AIKG), *args], cwd=cwd, env=_clean_env(), capture_output=True, check=True
    )
    return result.stdout


def test_the_installed_package_is_not_the_checkout(installed: Installed) -> None:
    result = subprocess.run(
        [str(installed.aikg.with_name("python")), "-c", "import graph; print(graph.__file__)"],
        cwd=installed.home,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    location = Path(result.stdout.strip())
    assert "site-packages" in location.parts
    assert ROOT not in location.parents
    assert (location.parent / "py.typed").is_file()


def test_version_is_the_package_version(installed: Installed) -> None:
    assert installed.run("--version").stdout.decode() == f"aikg, version {version('aikg')}\n"


@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("queries",),
        ("query", "investors_of", "-p", "entity=openai"),
        ("query", "holds_on", "-p", "as_of=2025-06-30", "-p", "subject=microsoft"),
        ("query", "competitors_of", "-p", "entity=OpenAI", "-f", "json"),
    ],
    ids=lambda args: "-".join(args[:2]),
)
def test_answers_are_the_editable_installs_byte_for_byte(
    installed: Installed, args: tuple[str, ...]
) -> None:
    answer = installed.run(*args).stdout
    assert answer  # an empty table or a missing data set would not be an answer
    assert answer == _editable(*args, cwd=installed.home)


def test_the_shipped_queries_are_all_there(installed: Installed) -> None:
    listed = installed.run("queries").stdout.decode()
    for path in sorted((ROOT / "queries").glob("*.rq")):
        assert re.search(rf"^{path.stem}\s", listed, re.MULTILINE), path.stem


def test_render_writes_self_contained_views(installed: Installed) -> None:
    out = installed.home / "views"
    installed.run("render", "--out", str(out))
    pages = sorted(out.glob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<html" in html
        assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", html), page
    editable = installed.home / "views-from-the-checkout"
    _editable("render", "--out", str(editable), cwd=installed.home)
    assert [p.read_bytes() for p in sorted(editable.glob("*.html"))] == [
        p.read_bytes() for p in pages
    ]


def test_init_writes_a_folder_that_builds(installed: Installed) -> None:
    starter = installed.home / "my-graph"
    written = installed.run("init", str(starter)).stdout.decode()
    assert written.startswith("wrote ")
    built = installed.run("build", "--data", str(starter), "--output", str(starter / "g.nt"))
    shipped = installed.run("build", "--output", str(installed.home / "shipped.nt"))
    # the copy is the shipped data set: the same counts, the same graph
    assert built.stdout.decode().split(": ", 1)[1] == shipped.stdout.decode().split(": ", 1)[1]
    assert (starter / "g.nt").read_bytes() == (installed.home / "shipped.nt").read_bytes()

    again = installed.run("init", str(starter), check=False)
    assert again.returncode == 1
    assert b"is not empty" in again.stderr


def test_init_empty_builds_its_one_example(installed: Installed) -> None:
    starter = installed.home / "empty-graph"
    installed.run("init", "--empty", str(starter))
    assert sorted(p.relative_to(starter).as_posix() for p in starter.rglob("*.*")) == [
        "entities.csv",
        "ontology.ttl",
        "shapes.ttl",
        "sources/seed-article.csv",
    ]
    built = installed.run("build", "--data", str(starter), "--output", str(starter / "g.nt"))
    assert re.search(r"2 entities, 1 statements, 1 sources", built.stdout.decode())
    triples = len((starter / "g.nt").read_text(encoding="utf-8").splitlines())
    stats = installed.run("stats", "--data", str(starter)).stdout.decode()
    assert stats.startswith(f"{triples} triples, 2 entities, 1 statements, 1 sources\n")


def test_a_query_of_ones_own_beside_the_shipped_ones(installed: Installed) -> None:
    mine = installed.home / "my-queries"
    mine.mkdir()
    (mine / "names_of.rq").write_text(
        (ROOT / "tests" / "data" / "queries" / "names_of.rq").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    answer = installed.run("--queries", str(mine), "query", "names_of", "-p", "entity=openai")
    rows = [line.rstrip() for line in answer.stdout.decode().splitlines()[2:]]
    assert rows == ["OpenAI", "OpenAI Group PBC"]
    listed = installed.run("--queries", str(mine), "queries").stdout.decode()
    assert re.search(r"^names_of\s", listed, re.MULTILINE)
    assert re.search(r"^investors_of\s", listed, re.MULTILINE)

    (mine / "investors_of.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    shadowing = installed.run("--queries", str(mine), "queries", check=False)
    assert shadowing.returncode == 1
    assert b"investors_of.rq: a stored query called 'investors_of' is already in" in (
        shadowing.stderr
    )


@pytest.fixture
def served(installed: Installed) -> Iterator[str]:
    process = subprocess.Popen(
        [str(installed.aikg), "serve", "--port", "0"],
        cwd=installed.home,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"unexpected first line {line!r}; stderr: {process.stderr.read()}"
        yield match[0]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_answers_over_a_real_socket(served: str) -> None:
    body = urllib.parse.urlencode(
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/aikg/ontology#Entity> }"}
    ).encode()
    request = urllib.request.Request(
        served + "/sparql", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    (row,) = answer["results"]["bindings"]
    assert int(row["n"]["value"]) > 200

    stored = urllib.request.Request(
        served + "/queries/investors_of?entity=openai",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(stored, timeout=60) as response:
        investors = json.load(response)["results"]["bindings"]
    assert "https://w3id.org/aikg/entity/microsoft" in {r["investor"]["value"] for r in investors}


def test_the_wheel_carries_data_and_queries_once(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    tracked = _tracked("data", "queries")
    shipped = {n.removeprefix("graph/_shipped/") for n in names if n.startswith("graph/_shipped/")}
    assert shipped == tracked
    assert not [n for n in names if n.startswith(("data/", "queries/", "tests/"))]
    assert "graph/py.typed" in names


def test_the_sdist_holds_the_sources_of_truth(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert _tracked("data", "queries") <= names
    assert {"pyproject.toml", "README.md", "graph/__init__.py"} <= names


def _tracked(*folders: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", *folders], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(listed.stdout.split())
