"""Adding a source or a fact to a data folder, checked against the shapes before it is written."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from graph.ingest.build import build_graph
from graph.ingest.columns import FACT_COLUMNS, SOURCE_COLUMNS, read_tables, tables_text
from graph.ingest.folder import read_data
from graph.ingest.layout import SOURCES_DIR
from graph.ingest.records import CuratedData
from graph.model.errors import AikgError, DataError, display_path
from graph.rdf.files import write_atomic
from graph.validate.checks import check_graph

__all__ = ["add_fact", "add_source"]


def _row(columns: dict[str, bool], cells: dict[str, str]) -> list[str]:
    unknown = sorted(set(cells) - set(columns))
    if unknown:
        raise DataError(f"unknown column {unknown[0]!r} (columns: {', '.join(columns)})")
    return [cells.get(name, "") for name in columns]


def _checked(directory: Path, relative: str, text: str) -> CuratedData:
    """Read and validate a copy of ``directory`` with ``relative`` set to ``text``; the
    folder itself is not touched."""
    with tempfile.TemporaryDirectory(prefix="aikg-add-") as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(directory, copy, ignore=shutil.ignore_patterns(".*"))
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        try:
            data = read_data(copy)
            check_graph(build_graph(data), data)
        except AikgError as err:  # name the folder's own files, not the copy's
            shown = display_path(directory)
            message = str(err).replace(str(copy), shown).replace(display_path(copy), shown)
            raise AikgError(message) from None
        return data


def add_source(directory: Path, cells: dict[str, str]) -> Path:
    """Write ``sources/<id>.csv`` for a new source; returns its path.

    Raises:
        DataError: the source exists already or a cell is unknown.
        DataProblems, ValidationFailed: the folder with the new source would not validate.
    """
    ident = cells.get("id", "")
    path = directory / SOURCES_DIR / f"{ident}.csv"
    if not (directory / SOURCES_DIR).is_dir():
        raise DataError("add works on one file per source: run `aikg migrate-data` first",
                        path=directory)  # fmt: skip
    if path.exists():
        raise DataError(f"source {ident!r} exists already", path=path)
    text = tables_text(
        (list(SOURCE_COLUMNS), [_row(SOURCE_COLUMNS, cells)]), (list(FACT_COLUMNS), [])
    )
    _checked(directory, f"{SOURCES_DIR}/{ident}.csv", text)
    return write_atomic(path, text)


def add_fact(directory: Path, source: str, cells: dict[str, str]) -> Path:
    """Append a fact to the file of ``source``, which its ``sources`` cell names first.

    Raises:
        DataError: no such source file, or a cell is unknown.
        DataProblems, ValidationFailed: the folder with the new fact would not validate.
    """
    path = directory / SOURCES_DIR / f"{source}.csv"
    if not path.exists():
        raise DataError(
            f"no source file {path.name}: add the source first (aikg add source)", path=path
        )
    others = [s for s in cells.get("sources", "").split("|") if s and s != source]
    cells = {**cells, "sources": "|".join([source, *others])}
    read_tables(path, [SOURCE_COLUMNS, FACT_COLUMNS])  # the file reads as a source file
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    blocks = text.split("\n\n", 1)
    facts_header = blocks[1].lstrip("\n").split("\n", 1)[0] if len(blocks) > 1 else ""
    if facts_header:
        columns = {name: FACT_COLUMNS[name] for name in next(csv.reader([facts_header]))}
        new = text + tables_text((list(columns), [_row(columns, cells)])).split("\n", 1)[1]
    else:
        new = (
            text.rstrip("\n")
            + "\n\n"
            + tables_text((list(FACT_COLUMNS), [_row(FACT_COLUMNS, cells)]))
        )
    _checked(directory, f"{SOURCES_DIR}/{source}.csv", new)
    return write_atomic(path, new)
