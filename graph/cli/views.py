"""Commands that draw the graph as interactive, self-contained HTML pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..errors import AikgError
from ..files import write_atomic
from ..network import FAMILIES
from ..views import AS_OF_DATES, render_ego, write_views
from . import cli, data_option, open_graph

__all__ = ["render", "view"]


def _parse_families(value: str | None) -> list[str] | None:
    if value is None:
        return None
    families = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown or not families:
        raise AikgError(
            f"--relations: unknown relation family {', '.join(unknown) or repr(value)}; "
            f"use a comma-separated list of {', '.join(FAMILIES)}"
        )
    return families


def _parse_date(value: str | None, *, option: str = "--as-of") -> date | None:
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
def render(data_dir: Path | None, out_dir: Path, dates: str) -> None:
    """Write the standard views and an index.html linking them.

    The whole graph, one view per relation family, and the graph on two dates
    with what changed in between. Every page is one self-contained file that
    works offline.
    """
    days = [_parse_date(d.strip(), option="--dates") for d in dates.split(",")]
    if len(days) != 2:
        raise AikgError(f"--dates: give two dates separated by a comma, not {dates!r}")
    g = open_graph(data_dir)
    views = write_views(g, out_dir, dates=[d for d in days if d is not None])
    for v in views:
        click.echo(f"wrote {out_dir / v.name}: {v.title} ({v.nodes} entities, {v.edges} relations)")
    click.echo(f"wrote {out_dir / 'index.html'}: open it in a browser")


@cli.command()
@data_option
@click.option("--focus", required=True, help="Entity to centre on: slug, label or alias.")
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
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Page to write (default: out/views/<focus>.html).",
)
def view(
    data_dir: Path | None,
    focus: str,
    depth: int,
    relations: str | None,
    as_of: str | None,
    output: Path | None,
) -> None:
    """Draw the neighbourhood of one entity as a self-contained HTML page."""
    families = _parse_families(relations)
    day = _parse_date(as_of)
    g = open_graph(data_dir)
    page = render_ego(g, focus, depth=depth, families=families, as_of=day)
    if output is None:
        slug = "".join(c if c.isalnum() else "-" for c in focus.casefold()).strip("-") or "view"
        output = Path("out/views") / f"{slug}.html"
    write_atomic(output, page)
    click.echo(f"wrote {output}")
