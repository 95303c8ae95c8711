"""Commands that change the layout of a data folder: ``aikg migrate-data``."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import cli, data_option
from graph.ingest.migrate import migrate_layout
from graph.model.errors import display_path
from graph.model.paths import default_data_dir

__all__ = ["migrate_data"]


@cli.command("migrate-data")
@data_option
def migrate_data(data_dir: Path | None) -> None:
    """Move a data folder from sources.csv + facts.csv to one file per source.

    Each source gets sources/<id>.csv: its own row, a blank line, and the facts that
    name it first in their sources column. entities.csv stays. The new folder is
    complete before the two old files are removed.
    """
    directory = data_dir or default_data_dir()
    written = migrate_layout(directory)
    click.echo(f"wrote {len(written)} source files to {display_path(directory / 'sources')}/")
    click.echo("removed sources.csv and facts.csv; run `aikg validate` to check the result")
