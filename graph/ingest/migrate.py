"""Moving a data folder from the single-file layout to one file per source."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections import defaultdict
from pathlib import Path

from graph.ingest.columns import FACT_COLUMNS, SOURCE_COLUMNS, split_cell, tables_text
from graph.ingest.layout import SINGLE_FILES, SOURCES_DIR
from graph.model.errors import DataError
from graph.rdf.files import write_atomic
from graph.rdf.parse import decode_text

__all__ = ["migrate_layout"]


def _rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A CSV file's header and its non-blank rows with their lines, cells as written."""
    reader = csv.reader(io.StringIO(decode_text(path), newline=""), strict=True)
    try:
        header = next(reader)
        rows, line = [], reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except StopIteration:
        raise DataError("the file is empty; it needs a header row", path=path, line=1) from None
    except csv.Error as err:
        raise DataError(f"malformed CSV: {err}", path=path) from None
    return header, rows


def migrate_layout(directory: Path) -> list[Path]:
    """Move ``directory``'s ``sources.csv`` and ``facts.csv`` into ``sources/<id>.csv``: each
    source's row, a blank line, and the facts whose first listed source it is. Returns the
    files written. The new folder is complete before the old files are removed.

    Raises:
        DataError: the folder has no single-file layout, already has ``sources/``, or a fact
            names no known source first.
    """
    sources_path, facts_path = (directory / name for name in SINGLE_FILES)
    target = directory / SOURCES_DIR
    if target.exists():
        raise DataError(f"{SOURCES_DIR}/ exists already: nothing to migrate", path=target)
    if not sources_path.exists():
        raise DataError("no sources.csv: not the single-file layout", path=sources_path)
    source_header, sources = _rows(sources_path)
    fact_header, facts = ([*FACT_COLUMNS], []) if not facts_path.exists() else _rows(facts_path)
    index = {name: i for i, name in enumerate(source_header)}
    if "id" not in index or not set(source_header) <= set(SOURCE_COLUMNS):
        raise DataError(
            "sources.csv does not have the columns of a sources file", path=sources_path
        )
    known = {row[index["id"]].strip() for _line, row in sources}
    by_source: dict[str, list[list[str]]] = defaultdict(list)
    column = fact_header.index("sources") if "sources" in fact_header else None
    for line, row in facts:
        first = split_cell(row[column])[:1] if column is not None and column < len(row) else []
        if not first or first[0] not in known:
            raise DataError(
                "the fact's first source is not in sources.csv: it says which file the fact "
                "goes to",
                path=facts_path,
                line=line,
                field="sources",
            )
        by_source[first[0]].append(row)
    staging = directory / f".{SOURCES_DIR}.migrating-{os.getpid()}"
    staging.mkdir()  # with the umask's permissions, as sources/ will have
    written = []
    try:
        for _line, row in sources:
            ident = row[index["id"]].strip()
            body = tables_text((source_header, [row]), (fact_header, by_source[ident]))
            written.append(write_atomic(staging / f"{ident}.csv", body))
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    sources_path.unlink()
    if facts_path.exists():
        facts_path.unlink()
    return [target / path.name for path in written]
