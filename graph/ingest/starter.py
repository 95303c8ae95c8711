"""A curated data folder to start a graph of one's own from (``aikg init``)."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

from graph.model.errors import AikgError, display_path
from graph.model.paths import ONTOLOGY_FILE, SHAPES_FILE, SHIPPED_DATA
from graph.rdf.files import os_reason, write_atomic

__all__ = ["EXAMPLE_SOURCE", "starter_files", "write_starter"]


#: The source whose file, cut down to one statement, is the example of ``init --empty``.
EXAMPLE_SOURCE = "seed-article"


def starter_files(*, empty: bool = False) -> dict[str, bytes]:
    """The files of a starter folder, by path relative to it.

    The whole shipped data set, or with ``empty`` only the ontology, the shapes and one
    source with one of its statements and the two entities that statement names (a
    statement whose entities cite no other source, so that the folder is complete).
    """
    if not empty:
        return {
            path.relative_to(SHIPPED_DATA).as_posix(): path.read_bytes()
            for path in sorted(SHIPPED_DATA.rglob("*"))
            if path.is_file()
        }
    files = {name: (SHIPPED_DATA / name).read_bytes() for name in (ONTOLOGY_FILE, SHAPES_FILE)}
    source_block, fact_rows = _source_file(EXAMPLE_SOURCE)
    entities = _entity_rows()
    fact = next(
        row
        for row in fact_rows
        if row["sources"] == EXAMPLE_SOURCE
        and not row["deal"]
        and all(
            name in entities and entities[name]["sources"] in ("", EXAMPLE_SOURCE)
            for name in (row["subject"], row["object"])
        )
    )
    named = [entities[fact["subject"]], entities[fact["object"]]]
    files["entities.csv"] = _csv(named)
    files[f"sources/{EXAMPLE_SOURCE}.csv"] = source_block + b"\n" + _csv([fact])
    return files


def write_starter(target: Path, *, empty: bool = False, force: bool = False) -> list[Path]:
    """Write :func:`starter_files` into ``target`` and return the paths written.

    A new or empty ``target`` is filled all at once (the files are written in a
    folder beside it, which then takes its place), so a failure leaves nothing behind.

    Raises:
        AikgError: ``target`` is a file, or a folder with files in it and ``force`` is not
            given (with ``force``, files of the same names are replaced, one at a time,
            each atomically, and other files are left alone), or it cannot be written.
    """
    files = starter_files(empty=empty)
    if target.exists() and not target.is_dir():
        raise AikgError(f"{display_path(target)} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()):
        if not force:
            raise AikgError(
                f"{display_path(target)} is not empty: give a new or empty folder, "
                "or --force to write over the files of the same names"
            )
        return [write_atomic(target / name, content) for name, content in sorted(files.items())]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".{target.name}.init-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)  # left by an earlier run of this pid
        staging.mkdir()
    except OSError as err:
        raise AikgError(f"cannot write {display_path(target)}: {os_reason(err)}") from None
    try:
        for name, content in sorted(files.items()):
            write_atomic(staging / name, content)
        if target.is_dir():
            target.rmdir()  # empty, as checked
        try:
            os.replace(staging, target)
        except OSError:
            target.mkdir(exist_ok=True)  # the empty folder the user gave stays
            raise
    except OSError as err:
        raise AikgError(f"cannot write {display_path(target)}: {os_reason(err)}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target / name for name in sorted(files)]


def _source_file(source_id: str) -> tuple[bytes, list[dict[str, str]]]:
    """A shipped source file's first block (the source's row) as it is, and its facts."""
    text = (SHIPPED_DATA / "sources" / f"{source_id}.csv").read_text(encoding="utf-8")
    head, _, facts = text.partition("\n\n")
    return (head + "\n").encode("utf-8"), list(csv.DictReader(io.StringIO(facts)))


def _entity_rows() -> dict[str, dict[str, str]]:
    """Every shipped entity's row, by id."""
    paths = [SHIPPED_DATA / "entities.csv", *sorted((SHIPPED_DATA / "entities").glob("*.csv"))]
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.update((row["id"], row) for row in csv.DictReader(handle))
    return rows


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
