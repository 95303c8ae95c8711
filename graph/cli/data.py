"""Commands about the data folder itself: ``aikg migrate-data`` and ``aikg history``."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.common import cli, data_option, read_noted
from graph.ingest.build import build_graph
from graph.ingest.history import NotInGit, fact_history
from graph.ingest.migrate import migrate_layout
from graph.model.entities import resolve_entity
from graph.model.errors import display_path
from graph.model.paths import default_data_dir
from graph.rdf.tables import format_table

__all__ = ["history", "migrate_data"]


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


@cli.command()
@data_option
@click.argument("entity")
def history(data_dir: Path | None, entity: str) -> None:
    """When each fact about ENTITY was added, changed or removed, and by which commit.

    Read from git: the data folder must be in a git checkout. ENTITY is a slug, label
    or alias.
    """
    data = read_noted(data_dir)
    iri = resolve_entity(build_graph(data), entity)
    try:
        changes = fact_history(data, str(iri))
    except NotInGit as err:
        click.echo(f"skipped: {err}")
        return
    if not changes:
        click.echo(f"no recorded change to the facts about {entity}")
        return
    rows = [(c.date, c.commit, c.author, c.action, c.fact) for c in changes]
    click.echo(format_table(["date", "commit", "author", "change", "fact"], rows))
