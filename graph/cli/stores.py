"""The ``aikg load`` command: build, validate and fill the chosen store."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import chosen_store, cli, data_option, engine_option, read_noted
from graph.store.memory import MemoryStore
from graph.validate.checks import checked_store

__all__ = ["load"]


@cli.command()
@data_option
@engine_option
def load(data_dir: Path | None, engine: str) -> None:
    """Build and validate the graph from the data, then replace the store's content with it.

    Later commands given the same --store (or $AIKG_STORE) read the store without
    rebuilding. Nothing is written when the data does not build or validate.
    """
    store = chosen_store()
    staged = checked_store(read_noted(data_dir), engine=engine)
    count = store.load(staged)
    note = " (kept in this process only)" if isinstance(store, MemoryStore) else ""
    click.echo(f"loaded {count} triples into {store.describe()}{note}")
