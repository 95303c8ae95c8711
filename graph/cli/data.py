"""Commands about the data folder itself: ``aikg migrate-data`` and ``aikg history``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.cli.common import cli, data_option, read_noted
from graph.ingest.build import build_graph
from graph.ingest.columns import FACT_COLUMNS, SOURCE_COLUMNS
from graph.ingest.history import NotInGit, fact_history
from graph.ingest.migrate import migrate_layout
from graph.ingest.starter import write_starter
from graph.model.entities import resolve_entity
from graph.model.errors import display_path
from graph.model.paths import default_data_dir
from graph.model.vocabulary import local_name
from graph.rdf.tables import format_table
from graph.validate.additions import add_fact, add_source

__all__ = ["add", "history", "init", "migrate_data"]

F = TypeVar("F", bound=Callable[..., Any])


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--empty",
    is_flag=True,
    help="Only the ontology, the shapes and one example source with one statement, "
    "instead of the whole shipped data set.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that has files, replacing those of the same names.",
)
def init(folder: Path, empty: bool, force: bool) -> None:
    """Write a curated data folder to start a graph of your own.

    `aikg build --data FOLDER` builds it at once; data/README.md (copied into it,
    unless --empty) describes the layout. A folder with files in it is refused unless
    --force is given.
    """
    written = write_starter(folder, empty=empty, force=force)
    click.echo(f"wrote {len(written)} files to {display_path(folder)}/")
    click.echo(f"build it with `aikg build --data {display_path(folder)}`")


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


def _column_options(columns: dict[str, bool], skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """One ``--column-name`` option per column of a curated table."""

    def decorate(func: F) -> F:
        for name in reversed(list(columns)):
            if name in skip:
                continue
            required = columns[name]
            func = click.option(
                f"--{name.replace('_', '-')}",
                name,
                default="",
                required=required,
                help=f"the {name} cell (see data/README.md)",
            )(func)
        return func

    return decorate


@cli.group()
def add() -> None:
    """Add a source or a fact, checked against the shapes before anything is written.

    Entity cells accept a slug, a label or an alias; a near miss gets a suggestion.
    """


@add.command("source")
@data_option
@_column_options(SOURCE_COLUMNS)
def add_source_command(data_dir: Path | None, **cells: str) -> None:
    """Write sources/ID.csv for a new source document."""
    directory = data_dir or default_data_dir()
    path = add_source(directory, {k: v for k, v in cells.items() if v})
    click.echo(f"wrote {display_path(path)}")


@add.command("fact")
@data_option
@click.option("--source", "source", required=True, help="The source that reports it (its id).")
@_column_options(FACT_COLUMNS, skip=("sources",))
@click.option("--also-sources", default="", help="Further sources that confirm it, |-separated.")
def add_fact_command(data_dir: Path | None, source: str, also_sources: str, **cells: str) -> None:
    """Append a fact to the file of the source that reports it."""
    directory = data_dir or default_data_dir()
    data = read_noted(directory)
    g = build_graph(data)
    named = {k: v for k, v in cells.items() if v}
    figure = named.get("relation") not in data.vocabulary.relations  # its object is a number
    for column in ("subject", "object", "payer", "payee", "deal"):
        if column in named and not (column == "object" and figure):
            named[column] = local_name(resolve_entity(g, named[column]))
    if also_sources:
        named["sources"] = also_sources
    path = add_fact(directory, source, named)
    click.echo(f"added {named['id']} to {display_path(path)}")
