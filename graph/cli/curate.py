"""Commands for curating the data: ``aikg diff`` between two versions."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from graph.cli.common import cli, engine_option
from graph.curate.answers import DEFAULT_PLANS, MAX_ENTITIES, plans_for
from graph.curate.compare import Comparison, compare
from graph.curate.diff import STATUSES
from graph.curate.page import render_html
from graph.curate.report import no_change_line, render_json, render_table
from graph.curate.revisions import DEFAULT_DATA_PATH, working_folder
from graph.curate.sides import built_sides
from graph.curate.terms import KINDS
from graph.model.paths import default_data_dir
from graph.rdf.files import write_atomic

DIFF_FORMATS = {"table": render_table, "json": render_json, "html": render_html}


def _counts(c: Comparison) -> str:
    if c.equal:
        return no_change_line(c)
    parts = []
    for kind in KINDS:
        counts = [f"{c.diff.count(kind, s)} {s}" for s in STATUSES if c.diff.count(kind, s)]
        if counts:
            parts.append(f"{kind} {', '.join(counts)}")
    moved = sum(len(a.added) + len(a.removed) for a in c.answers)
    parts.append(f"{moved} query answer rows moved")
    return "; ".join(parts)


@cli.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The git checkout that revisions are read from.",
)
@click.option(
    "--path",
    "data_path",
    default=DEFAULT_DATA_PATH,
    show_default=True,
    help="The data folder inside the repository, relative to its top (REV:PATH overrides it).",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(list(DIFF_FORMATS)), default="table",
    show_default=True, help="Text tables, JSON, or one self-contained offline HTML page.",
)  # fmt: skip
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (atomically); standard output when left out.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="The day that dated queries (holds_on) are asked about (default: today).",
)
@click.option(
    "--query",
    "queries",
    multiple=True,
    metavar="NAME[:PARAM]",
    help="Compare this stored query's answers for each touched entity (repeatable); "
    "default: " + ", ".join(sorted({p.query for p in DEFAULT_PLANS})) + ".",
)
@click.option("--no-queries", is_flag=True, help="Compare the graphs only, not query answers.")
@click.option(
    "--max-entities",
    type=click.IntRange(min=0),
    default=MAX_ENTITIES,
    show_default=True,
    help="Ask the queries about at most this many touched entities (the first by IRI).",
)
@engine_option
def diff(
    old: str,
    new: str | None,
    repo: Path,
    data_path: str,
    fmt: str,
    output: Path | None,
    as_of: datetime | None,
    queries: tuple[str, ...],
    no_queries: bool,
    max_entities: int,
    engine: str,
) -> None:
    """Compare two versions of the data: OLD and NEW are data folders or git revisions.

    A revision (HEAD~3, v1, main, or REV:PATH for another folder) is read from the
    repository with git itself, never the network. Without NEW, OLD is compared with the
    working folder (PATH in the checkout, else the default data folder). Both sides are
    built and validated; then the entities, sources and statements added, removed and
    changed (matched by id, each change with its old and new values) are listed, with
    the stored-query answers that moved for the entities touched. Exits 0, with
    "no change" when both build the same graph, and 1 when a side does not build.
    """
    plans = () if no_queries else (plans_for(queries) if queries else DEFAULT_PLANS)
    day = as_of.date() if as_of is not None else date.today()
    new_spec = new if new is not None else working_folder(repo, data_path, default_data_dir())
    with built_sides(old, new_spec, repo=repo, data_path=data_path, engine=engine) as pair:
        comparison = compare(*pair, as_of=day, plans=plans, max_entities=max_entities)
    content = DIFF_FORMATS[fmt](comparison)
    if output is None:
        click.echo(content, nl=False)
    else:
        write_atomic(output, content)
        click.echo(f"wrote {output} ({fmt}): {_counts(comparison)}")
