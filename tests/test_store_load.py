"""`aikg load`: validated straight from the data, then swapped into the store whole."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Variable

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
