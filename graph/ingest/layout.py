"""Where a data folder keeps its records: one file per source, the entities beside them.

The layout (data/README.md): ``sources/<source-id>.csv`` holds a source's own row, a blank
line, then the facts it first reported; ``entities.csv`` and any ``entities/*.csv`` hold
the entities. Files are read in sorted order, so a folder always builds the same graph.
The single-file layout of earlier versions (``sources.csv``, ``facts.csv``) is still read,
with a notice saying how to move (``aikg migrate-data``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.columns import ENTITY_COLUMNS, FACT_COLUMNS, SOURCE_COLUMNS, read_csv, read_tables
from graph.model.errors import DataError, display_path

__all__ = [
    "ENTITIES_DIR",
    "ENTITIES_FILE",
    "SINGLE_FILES",
    "SOURCES_DIR",
    "Row",
    "Tables",
    "read_layout",
]

SOURCES_DIR = "sources"
ENTITIES_FILE = "entities.csv"
ENTITIES_DIR = "entities"
#: The files of the single-file layout.
SINGLE_FILES = ("sources.csv", "facts.csv")

#: A record with where it was written: file, line, cells.
Row = tuple[Path, int, dict[str, str]]


@dataclass
class Tables:
    """The records of a data folder, in the order they are read."""

    sources: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)


def read_layout(directory: Path, problems: list[DataError], notices: list[str]) -> Tables:
    """Every source, entity and fact row of ``directory``; a file that cannot be read is a
    problem (the others are still read, so that every problem is reported at once)."""
    tables = Tables()
    folder = directory / SOURCES_DIR
    single = [directory / name for name in SINGLE_FILES if (directory / name).exists()]
    if folder.is_dir():
        if single:
            problems.append(DataError(
                f"both layouts at once: {SOURCES_DIR}/ and {', '.join(p.name for p in single)}; "
                "keep one (aikg migrate-data moves the single files into sources/)",
                path=single[0],
            ))  # fmt: skip
        for path in sorted(folder.glob("*.csv")):
            _read_source_file(path, tables, problems)
    elif single:
        notices.append(
            f"{display_path(directory)} uses the single-file layout (sources.csv, facts.csv); "
            "`aikg migrate-data` moves it to one file per source (data/README.md)"
        )
        _read_table(directory / "sources.csv", SOURCE_COLUMNS, tables.sources, problems)
        _read_table(directory / "facts.csv", FACT_COLUMNS, tables.facts, problems)
    else:
        problems.append(DataError(
            f"no {SOURCES_DIR}/ folder: the data needs one file per source "
            f"({SOURCES_DIR}/<source-id>.csv, see data/README.md)",
            path=folder,
        ))  # fmt: skip
    entity_files = [directory / ENTITIES_FILE] if (directory / ENTITIES_FILE).exists() else []
    entity_files += sorted((directory / ENTITIES_DIR).glob("*.csv"))
    if not entity_files:
        problems.append(
            DataError(f"missing data file {ENTITIES_FILE}", path=directory / ENTITIES_FILE)
        )
    for path in entity_files:
        _read_table(path, ENTITY_COLUMNS, tables.entities, problems)
    return tables


def _read_table(
    path: Path, columns: dict[str, bool], into: list[Row], problems: list[DataError]
) -> None:
    if not path.exists():
        problems.append(DataError(f"missing data file {path.name}", path=path))
        return
    try:
        into.extend((path, line, row) for line, row in read_csv(path, columns, problems))
    except DataError as err:
        problems.append(err)


def _read_source_file(path: Path, tables: Tables, problems: list[DataError]) -> None:
    """A source's file: its own row, then (after a blank line) the facts it reports."""
    try:
        source, facts = read_tables(path, [SOURCE_COLUMNS, FACT_COLUMNS], problems)
    except DataError as err:
        problems.append(err)
        return
    if len(source) != 1:
        line = source[1][0] if source else 2
        problems.append(DataError(
            f"a source file holds exactly one source row, then a blank line and its facts; "
            f"found {len(source)}",
            path=path,
            line=line,
        ))  # fmt: skip
        return
    line, row = source[0]
    if row["id"] != path.stem:
        problems.append(DataError(
            f"the source id {row['id']!r} differs from the file name {path.name!r}: "
            f"name the file {row['id']}.csv",
            path=path,
            line=line,
            field="id",
        ))  # fmt: skip
    tables.sources.append((path, line, row))
    tables.facts.extend((path, fact_line, fact) for fact_line, fact in facts)
