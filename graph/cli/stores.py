"""The ``aikg load`` command: build, validate and fill the chosen store."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

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
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # cleaned up as after Ctrl-C
    store = chosen_store()
    staged = checked_store(read_noted(data_dir), engine=engine)
    count = store.load(staged)
    note = " (kept in this process only)" if isinstance(store, MemoryStore) else ""
    click.echo(f"loaded {count} triples into {store.describe()}{note}")


def _exit_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    """SIGTERM as an exit that unwinds (and so removes a load's work folder)."""
    click.echo("aikg load: stopped by SIGTERM", err=True)
    sys.exit(128 + signum)
