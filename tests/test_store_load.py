"""`aikg load`: validated straight from the data, then swapped into the store whole."""

from __future__ import annotations

import os
import queue
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Variable

import graph.store.oxigraph as oxigraph_module
from graph.ingest import build_graph, read_data
from graph.model import ValidationFailed, default_data_dir
from graph.rdf import load_store
from graph.store import OxigraphStore, StoreError
from graph.validate import checked_store

from .conftest import RunCli, line_of, set_cell

LABEL_OF_OPENAI = """
PREFIX ent: <https://w3id.org/aikg/entity/>
SELECT ?label WHERE { ent:openai rdfs:label ?label }
"""


def _lines(store: ox.Store) -> list[bytes]:
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return sorted(text.splitlines())


def _label(store: OxigraphStore) -> str:
    return " ".join(
        sorted(str(row[Variable("label")]) for row in store.query(LABEL_OF_OPENAI).bindings)
    )


def _leftovers(folder: Path) -> list[str]:
    """Work folders a load left next to the store."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith("."))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_checked_store_holds_exactly_the_built_graph(engine: str) -> None:
    data = read_data(default_data_dir())
    staged = checked_store(data, engine=engine)
    expected = _lines(load_store(build_graph(data)))
    assert len(expected) > 1900
    assert _lines(staged) == expected


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
def test_checked_store_names_the_row_that_breaks_a_shape(data_dir: Path, engine: str) -> None:
    set_cell(data_dir / "facts.csv", "microsoft-invests-openai", "amount", "-5")
    with pytest.raises(ValidationFailed) as raised:
        checked_store(read_data(data_dir), engine=engine)
    line = line_of(data_dir / "facts.csv", "microsoft-invests-openai")
    assert f"facts.csv:{line}: amount: stmt:microsoft-invests-openai" in str(raised.value)


def test_load_replaces_the_content_whole(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "stores" / "aikg"
    spec = f"oxigraph:{folder}"
    first = run_cli("--store", spec, "load", "--data", data_dir)
    assert first.exit_code == 0, first.stderr
    folder.chmod(0o750)
    before = run_cli("--store", spec, "sparql", LABEL_OF_OPENAI, "--format", "csv").stdout
    assert before.splitlines() == ["label", "OpenAI"]

    set_cell(data_dir / "entities.csv", "openai", "label", "OpenAI Global")
    second = run_cli("--store", spec, "load", "--data", data_dir)
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout  # same count: one label replaced another
    after = run_cli("--store", spec, "sparql", LABEL_OF_OPENAI, "--format", "csv").stdout
    assert after.splitlines() == ["label", "OpenAI Global"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert _leftovers(folder) == []


def test_a_store_opened_before_a_load_reads_the_new_content(data_dir: Path, tmp_path: Path) -> None:
    reader = OxigraphStore(tmp_path / "store")
    reader.load(checked_store(read_data(data_dir)))
    set_cell(data_dir / "entities.csv", "openai", "label", "OpenAI Global")
    OxigraphStore(tmp_path / "store").load(checked_store(read_data(data_dir)))
    assert _label(reader) == "OpenAI Global"


def test_a_failed_fill_keeps_the_previous_store(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore(tmp_path / "store")
    count = store.load(checked_store(read_data(data_dir)))
    set_cell(data_dir / "entities.csv", "openai", "label", "OpenAI Global")
    staged = checked_store(read_data(data_dir))

    def fill_then_fail(fresh: Path, _staged: ox.Store) -> int:
        half = ox.Store(str(fresh))
        half.extend(list(_staged.quads_for_pattern(None, None, None))[:10])
        half.flush()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("graph.store.oxigraph._fill_folder", fill_then_fail)
    with pytest.raises(StoreError, match=r"cannot write the oxigraph store .*No space left"):
        store.load(staged)
    assert _label(store) == "OpenAI"
    assert len(store._store) == count
    assert _leftovers(tmp_path / "store") == []


def test_a_failed_swap_puts_the_previous_store_back(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.load(checked_store(read_data(data_dir)))
    set_cell(data_dir / "entities.csv", "openai", "label", "OpenAI Global")
    staged = checked_store(read_data(data_dir))
    real_replace = os.replace
    calls: list[str] = []

    def second_rename_fails(src: str | Path, dst: str | Path) -> None:
        calls.append(str(src))
        if len(calls) == 2:
            raise OSError(18, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr("graph.store.oxigraph.os.replace", second_rename_fails)
    with pytest.raises(StoreError, match="Invalid cross-device link"):
        store.load(staged)
    monkeypatch.undo()
    assert len(calls) == 3  # old store moved aside, new one refused, old one moved back
    assert _label(store) == "OpenAI"
    assert _leftovers(tmp_path / "store") == []


def test_load_refuses_a_folder_that_is_not_a_store(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = run_cli("--store", f"oxigraph:{folder}", "load")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "not an oxigraph store" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "keep me"


def test_a_store_that_cannot_be_put_back_is_kept_aside(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore(tmp_path / "store")
    count = store.load(checked_store(read_data(data_dir)))
    real_replace = os.replace
    calls: list[str] = []

    def only_the_first_rename_works(src: str | Path, dst: str | Path) -> None:
        calls.append(str(src))
        if len(calls) > 1:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr("graph.store.oxigraph.os.replace", only_the_first_rename_works)
    with pytest.raises(StoreError, match="Input/output error"):
        store.load(checked_store(read_data(data_dir)))
    monkeypatch.undo()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".store.old-")]
    assert len(kept) == 1, "the previous store must not be deleted"
    assert len(ox.Store.read_only(str(kept[0] / "store"))) == count
    assert not (tmp_path / "store").exists(), "no empty store in the previous one's place"
    with pytest.raises(StoreError) as raised:
        store.query("ASK {}")
    assert str(raised.value) == (
        f"the oxigraph store {tmp_path / 'store'} is missing, and a load left its previous "
        f"content in {kept[0] / 'store'}: move that folder back to {tmp_path / 'store'}"
    )
    assert not (tmp_path / "store").exists()


def test_an_interrupted_fill_leaves_no_work_folder(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = OxigraphStore(tmp_path / "store")
    count = store.load(checked_store(read_data(data_dir)))
    real_fill = oxigraph_module._fill_folder

    def fill_then_interrupt(fresh: Path, staged: ox.Store) -> int:
        real_fill(fresh, staged)
        raise KeyboardInterrupt

    monkeypatch.setattr("graph.store.oxigraph._fill_folder", fill_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.load(checked_store(read_data(data_dir)))
    assert _leftovers(tmp_path / "store") == []
    assert len(store._store) == count


# --- a load stopped from outside: Ctrl-C, SIGTERM, SIGKILL at any instant ---------------------

#: ``aikg ARGS`` with a pause where the test stops it: after the fill (``fill``) or
#: between the two renames of the swap (``swap``), said on stderr as ``paused``.
PAUSING_AIKG = """
import os, sys, time
import graph.store.oxigraph as oxigraph
pause_at, pause_for = os.environ["PAUSE_AT"], float(os.environ["PAUSE_FOR"])
real_fill, real_replace = oxigraph._fill_folder, os.replace
def pause():
    sys.stderr.write("paused\\n"); sys.stderr.flush(); time.sleep(pause_for)
def fill(fresh, staged):
    count = real_fill(fresh, staged)
    if pause_at == "fill":
        pause()
    return count
def replace(src, dst):
    real_replace(src, dst)
    if pause_at == "swap" and ".old-" in str(dst):
        pause()
oxigraph._fill_folder, os.replace = fill, replace
from graph.cli import main
sys.argv[0] = "aikg"
main()
"""


@dataclass
class PausedLoad:
    """A load in a subprocess, paused where the test stops it."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str]

    @property
    def pid(self) -> int:
        return self.process.pid

    def finished(self) -> tuple[int, str]:
        """Its exit status and everything it wrote on stderr."""
        status = self.process.wait(timeout=60)
        text = []
        while True:
            try:
                text.append(self.lines.get(timeout=1))
            except queue.Empty:
                return status, "".join(text)


@contextmanager
def pausing_load(
    folder: Path, data_dir: Path, at: str, *, pause: float = 30
) -> Iterator[PausedLoad]:
    """``aikg --store oxigraph:FOLDER load`` in a subprocess, yielded once it has paused."""
    env = {**os.environ, "PAUSE_AT": at, "PAUSE_FOR": str(pause)}
    command = [sys.executable, "-c", PAUSING_AIKG, "--store", f"oxigraph:{folder}", "load"]
    process = subprocess.Popen(
        [*command, "--data", str(data_dir)], env=env, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    stderr = process.stderr
    assert stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in stderr], daemon=True).start()
    try:
        seen = []
        while (line := lines.get(timeout=60)) != "paused\n":
            seen.append(line)
            assert process.poll() is None, "".join(seen)
        yield PausedLoad(process, lines)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@pytest.fixture
def loaded(run_cli: RunCli, data_dir: Path, tmp_path: Path) -> Path:
    """A store loaded once with the data (OpenAI's label: "OpenAI"); then the data's label
    changed to "OpenAI Global" for the next load."""
    folder = tmp_path / "store"
    assert run_cli("--store", f"oxigraph:{folder}", "load", "--data", data_dir).exit_code == 0
    close_stores()
    set_cell(data_dir / "entities.csv", "openai", "label", "OpenAI Global")
    return folder


def label_in(run_cli: RunCli, folder: Path) -> str:
    """OpenAI's label in the store, read in this process (which then lets the folder go)."""
    result = run_cli("--store", f"oxigraph:{folder}", "sparql", LABEL_OF_OPENAI, "-f", "csv")
    close_stores()
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1]


def close_stores() -> None:
    """Close this process's store handles (a folder is locked while one is open)."""
    oxigraph_module._OPEN_STORES.clear()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "status", "said"),
    [(signal.SIGINT, 1, "Aborted!"), (signal.SIGTERM, 143, "aikg load: stopped by SIGTERM")],
)
def test_a_load_stopped_while_filling_removes_its_work_folder(
    run_cli: RunCli, loaded: Path, data_dir: Path, signum: int, status: int, said: str
) -> None:
    with pausing_load(loaded, data_dir, "fill") as load:
        assert [p for p in _leftovers(loaded) if ".loading-" in p]
        load.process.send_signal(signum)
        returncode, stderr = load.finished()
    assert returncode == status
    assert said in stderr and "Traceback" not in stderr
    assert _leftovers(loaded) == []
    assert label_in(run_cli, loaded) == "OpenAI"


@pytest.mark.slow
def test_ctrl_c_between_the_renames_lets_the_swap_finish(
    run_cli: RunCli, loaded: Path, data_dir: Path
) -> None:
    with pausing_load(loaded, data_dir, "swap", pause=1.0) as load:
        load.process.send_signal(signal.SIGINT)
        returncode, stderr = load.finished()
    assert returncode == 1 and "Aborted!" in stderr and "Traceback" not in stderr
    assert _leftovers(loaded) == []
    assert label_in(run_cli, loaded) == "OpenAI Global"


@pytest.mark.slow
def test_a_killed_load_is_cleaned_up_by_the_next_command(
    run_cli: RunCli, loaded: Path, data_dir: Path
) -> None:
    with pausing_load(loaded, data_dir, "fill") as load:
        load.process.kill()
        load.process.wait(timeout=30)
    left = _leftovers(loaded)
    assert len(left) == 1 and left[0].startswith(f".store.loading-{load.pid}-")
    assert label_in(run_cli, loaded) == "OpenAI"
    assert _leftovers(loaded) == []


@pytest.mark.slow
def test_a_load_killed_between_the_renames_gets_the_store_back(
    run_cli: RunCli, loaded: Path, data_dir: Path
) -> None:
    with pausing_load(loaded, data_dir, "swap") as load:
        load.process.kill()
        load.process.wait(timeout=30)
    assert not loaded.exists()
    assert [p for p in _leftovers(loaded) if p.startswith(f".store.old-{load.pid}-")]
    assert label_in(run_cli, loaded) == "OpenAI"  # the previous store, put back
    assert _leftovers(loaded) == []


@pytest.mark.slow
def test_a_reader_during_the_swap_waits_for_the_new_store(
    run_cli: RunCli, loaded: Path, data_dir: Path
) -> None:
    with pausing_load(loaded, data_dir, "swap", pause=1.5) as load:
        assert not loaded.exists()
        assert label_in(run_cli, loaded) == "OpenAI Global"  # not an empty store made
        returncode, stderr = load.finished()
    assert returncode == 0, stderr
    assert _leftovers(loaded) == []


UNTRANSLATED_SHAPES = """
@prefix ai: <https://w3id.org/aikg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
<urn:shape:order> a sh:NodeShape ; sh:targetClass rdf:Statement ;
    sh:property [ sh:path ai:holdsFrom ; sh:lessThan ai:holdsUntil ;
                  sh:message "Starts after it ends." ] .
"""


def test_shapes_the_translator_cannot_run_are_checked_by_pyshacl(data_dir: Path) -> None:
    (data_dir / "shapes.ttl").write_text(UNTRANSLATED_SHAPES, encoding="utf-8")
    data = read_data(data_dir)
    assert _lines(checked_store(data)) == _lines(load_store(build_graph(data)))
    set_cell(data_dir / "facts.csv", "microsoft-compute-rofr", "end", "2024-06-01")
    with pytest.raises(ValidationFailed, match="Starts after it ends"):
        checked_store(read_data(data_dir))
