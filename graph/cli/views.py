"""Commands that draw the graph as interactive, self-contained HTML pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from graph.cli.common import cli, current_store, data_option, parse_families
from graph.cli.sparql import parse_params
from graph.model.errors import AikgError
from graph.model.vocabulary import FAMILIES
from graph.rdf.files import write_atomic
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import load_query
from graph.store.names import names_for
from graph.views.analysis import SIZE_MEASURES, render_cycles, render_path
from graph.views.query import query_anchors, render_query_view
from graph.views.standard import AS_OF_DATES, render_ego, write_views

__all__ = ["render", "view"]


def _option_date(value: str | None, *, option: str = "--as-of") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise AikgError(f"{option}: {value!r} is not a date like 2025-06-30") from None


@cli.command()
@data_option
@click.option(
    "--out",
    "--output",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/views"),
    show_default=True,
    help="Folder to write the pages and index.html into.",
)
@click.option(
    "--dates",
    default=",".join(d.isoformat() for d in AS_OF_DATES),
    show_default=True,
    metavar="DATE,DATE",
    help="The two days of the as-of pair.",
)
@click.option(
    "--hide-undated",
    is_flag=True,
    help=(
        "With --as-of (or the --dates pair): leave out the undated relations (no known "
        "start) instead of drawing them dashed."
    ),
)
def render(data_dir: Path | None, out_dir: Path, dates: str, hide_undated: bool) -> None:
    """Write the standard views and an index.html linking them.

    The whole graph, one view per relation family, and the graph on two dates
    with what changed in between. On those two dates a relation with no known
    start is undated: drawn dashed (or left out with --hide-undated), never as
    holding. Every page is one self-contained file that works offline.
    """
    days = [_option_date(d.strip(), option="--dates") for d in dates.split(",")]
    if len(days) != 2:
        raise AikgError(f"--dates: give two dates separated by a comma, not {dates!r}")
    views = write_views(
        current_store(data_dir),
        out_dir,
        dates=[d for d in days if d is not None],
        hide_undated=hide_undated,
    )
    for v in views:
        click.echo(f"wrote {out_dir / v.name}: {v.title} ({v.nodes} entities, {v.edges} relations)")
    click.echo(f"wrote {out_dir / 'index.html'}: open it in a browser")


def _check_modes(
    *,
    focus: bool,
    query: bool,
    path: bool,
    cycles: bool,
    params: bool,
    size_by: bool,
    all_paths: bool,
    hide_undated: bool,
    as_of: bool,
) -> None:
    """Refuse a view with no mode, two modes, or an option of another mode."""
    if sum([focus, query, path, cycles]) != 1:
        raise AikgError("give one of --focus NAME, --query NAME, --path FROM TO or --cycles")
    if params and not query:
        raise AikgError("--param goes with --query")
    if size_by and not focus:
        raise AikgError("--size-by goes with --focus")
    if all_paths and not path:
        raise AikgError("--all-paths goes with --path")
    if hide_undated and not (focus and as_of):
        raise AikgError(
            "--hide-undated goes with --focus and --as-of (--path and --cycles always leave "
            "undated relations out)"
        )


@cli.command()
@data_option
@click.option("--focus", default=None, help="Entity to centre on: slug, label or alias.")
@click.option(
    "--query",
    "query_name",
    default=None,
    metavar="NAME",
    help="Draw the result of this stored query (see `aikg queries`) instead.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the --query (repeatable).",
)
@click.option(
    "--path",
    "path_ends",
    nargs=2,
    default=None,
    metavar="FROM TO",
    help="Draw the shortest chain(s) of relations between two entities.",
)
@click.option("--all-paths", is_flag=True, help="With --path: every shortest path, not one.")
@click.option("--cycles", is_flag=True, help="Draw the circular money flows.")
@click.option(
    "--max-length",
    type=click.IntRange(min=2),
    default=4,
    show_default=True,
    help="With --cycles: longest cycle, in entities.",
)
@click.option(
    "--size-by",
    type=click.Choice(sorted(SIZE_MEASURES)),
    default=None,
    help="With --focus: node size by this centrality (default: number of neighbours).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="How many hops around the entity to show.",
)
@click.option(
    "--relations",
    default=None,
    metavar="FAMILY,…",
    help=f"Only these relation families ({', '.join(FAMILIES)}).",
)
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="Show what held on this day.")
@click.option(
    "--hide-undated",
    is_flag=True,
    help=(
        "With --as-of (or the --dates pair): leave out the undated relations (no known "
        "start) instead of drawing them dashed."
    ),
)
@click.option(
    "--output",
    "--out",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Page to write (default: out/views/<focus>.html).",
)
def view(
    data_dir: Path | None,
    focus: str | None,
    query_name: str | None,
    params: tuple[str, ...],
    path_ends: tuple[str, str] | None,
    all_paths: bool,
    cycles: bool,
    max_length: int,
    size_by: str | None,
    depth: int,
    relations: str | None,
    as_of: str | None,
    hide_undated: bool,
    output: Path | None,
) -> None:
    """Draw the neighbourhood of one entity, a stored query's result, the shortest
    path between two entities, or the circular money flows, as a self-contained
    HTML page.

    With --query, a CONSTRUCT result is drawn through the network projection and a
    SELECT result with ?source and ?target columns (and optionally ?edgeLabel) as one
    edge per row; other SELECT rows link the entities they name to the query's
    entity parameters. With --path and --cycles the path's or cycles' relations
    are drawn thick.

    With --as-of, a relation with no known start is undated: --focus draws it
    dashed (or leaves it out with --hide-undated), --path and --cycles leave it
    out; the page says how many.
    """
    _check_modes(
        focus=focus is not None, query=query_name is not None, path=path_ends is not None,
        cycles=cycles, params=bool(params), size_by=size_by is not None, all_paths=all_paths,
        hide_undated=hide_undated, as_of=as_of is not None,
    )  # fmt: skip
    families = parse_families(relations) if relations is not None else None
    day = _option_date(as_of)
    if query_name is not None:
        stored = load_query(query_name)
        values = parse_params(params)
        store = current_store(data_dir)
        bindings = bind_params(names_for(store, stored, values), stored, values)
        result = store.query(stored.text, bindings=bindings)
        anchors = query_anchors(stored, bindings)
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        page = render_query_view(
            store, result, title=stored.title, subtitle=shown or stored.name, anchors=anchors
        )
        name = "-".join([query_name, *(str(v) for v in values.values())])
    elif path_ends is not None:
        store = current_store(data_dir)
        page = render_path(store, *path_ends, all_paths=all_paths, families=families, as_of=day)
        name = "path-" + "-".join(path_ends)
    elif cycles:
        if families is not None:
            raise AikgError("--cycles follows investment and supply; leave out --relations")
        page = render_cycles(current_store(data_dir), max_length=max_length, as_of=day)
        name = "cycles"
    else:
        assert focus is not None
        page = render_ego(
            current_store(data_dir),
            focus,
            depth=depth,
            families=families,
            as_of=day,
            size_by=size_by,
            hide_undated=hide_undated,
        )
        name = focus
    if output is None:
        slug = "".join(c if c.isalnum() else "-" for c in name.casefold()).strip("-") or "view"
        output = Path("out/views") / f"{slug}.html"
    write_atomic(output, page)
    click.echo(f"wrote {output}")
