"""Commands that build, validate, export and count the graph."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime
from pathlib import Path

import click

from graph.cli.common import (
    cli,
    current_store,
    data_option,
    emit,
    engine_option,
    load_checked,
    open_graph,
    parse_families,
    read_noted,
)
from graph.ingest.build import build_graph
from graph.model.errors import AikgError, display_path
from graph.model.vocabulary import local_name
from graph.network.convert import to_networkx
from graph.network.export import NETWORK_FORMATS, serialize_network
from graph.rdf.files import write_atomic
from graph.rdf.serialize import RDF_FORMATS, format_for_suffix, serialize_graph
from graph.rdf.tables import format_table
from graph.store.stats import compute_stats
from graph.validate.checks import find_violations


@cli.command()
@data_option
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/aikg.nt"),
    show_default=True,
    help="Where to write the graph; the suffix picks the format (.nt .ttl .trig .jsonld).",
)
@engine_option
def build(data_dir: Path | None, output: Path, engine: str) -> None:
    """Build and validate the graph, then write it atomically.

    Nothing is written when the data has errors or breaks the shapes.
    """
    g = load_checked(data_dir, engine=engine)
    fmt = format_for_suffix(output.suffix)
    write_atomic(output, serialize_graph(g, fmt))
    stats = compute_stats(g)
    click.echo(
        f"wrote {output} ({fmt}): {stats.triples} triples, {stats.entities} entities, "
        f"{stats.statements} statements, {stats.sources} sources"
    )


@cli.command()
@data_option
@engine_option
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail on facts nobody has reviewed (an empty reviewed_by), listing each.",
)
def validate(data_dir: Path | None, engine: str, strict: bool) -> None:
    """Check the data files and the SHACL shapes; list every problem with its file and line."""
    data = read_noted(data_dir)
    g = build_graph(data)
    problems = find_violations(g, data, engine=engine)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        plural = "problem" if len(problems) == 1 else "problems"
        raise AikgError(f"{len(problems)} {plural}: the graph does not conform to the shapes")
    click.echo(f"ok: {len(g)} triples conform to {display_path(data.shapes_path)}")
    if strict:
        unreviewed = [fact for fact in data.facts if not fact.reviewed]
        for fact in unreviewed:
            where = f"{display_path(fact.path)}:{fact.line}"
            click.echo(f"{where}: reviewed_by: {local_name(fact.node)} is not reviewed", err=True)
        if unreviewed:
            raise AikgError(
                f"--strict: {len(unreviewed)} of {len(data.facts)} facts are not reviewed "
                "(fill reviewed_by and reviewed_on once checked against the source)"
            )


@cli.command()
@data_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*RDF_FORMATS, *NETWORK_FORMATS]),
    default="turtle",
    show_default=True,
    help="RDF serialisation, or the network as graphml, gexf or json (d3 node-link).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (atomically); standard output when left out.",
)
@click.option(
    "--relations",
    default=None,
    metavar="FAMILY,…",
    help="Network formats only: relation families to include (default: all).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Network formats only: statements that held on this day (default: those holding now).",
)
def export(
    data_dir: Path | None,
    fmt: str,
    output: Path | None,
    relations: str | None,
    as_of: datetime | None,
) -> None:
    """Write the validated graph as Turtle, N-Triples, TriG or JSON-LD, or its network.

    The network formats hold the entities as nodes and one edge per
    (subject, relation, object) with its statements summarised in scalar
    attributes (count, ids, sources, first_start, last_end, amount_total),
    for Gephi (GEXF, GraphML), Cytoscape (GraphML) and d3 (JSON).
    """
    if fmt in NETWORK_FORMATS:
        families = parse_families(relations) if relations is not None else None
        day = as_of.date() if as_of is not None else None
        network = to_networkx(current_store(data_dir), families=families, as_of=day)
        content = serialize_network(network, fmt)
    else:
        if relations is not None or as_of is not None:
            raise click.UsageError("--relations and --as-of apply to graphml, gexf and json only")
        content = serialize_graph(open_graph(data_dir), fmt)
    if output is None:
        emit(content)
    else:
        write_atomic(output, content)
        click.echo(f"wrote {output} ({fmt})", err=True)


@cli.command()
@data_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output: aligned tables, or CSV (one row per count: table, name, count) or JSON.",
)
def stats(data_dir: Path | None, fmt: str) -> None:
    """Count entities by class, statements by relation, and facts per source."""
    s = compute_stats(current_store(data_dir))
    if fmt == "json":
        click.echo(json.dumps(dataclasses.asdict(s), indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["table", "name", "count"])
        for name in ("triples", "entities", "statements", "sources"):
            writer.writerow(["total", name, getattr(s, name)])
        for table, counts in (("class", s.by_class), ("relation", s.by_relation),
                              ("source", s.facts_per_source)):  # fmt: skip
            writer.writerows([table, name, count] for name, count in counts.items())
        click.echo(out.getvalue(), nl=False)
        return
    click.echo(
        f"{s.triples} triples, {s.entities} entities, {s.statements} statements, "
        f"{s.sources} sources\n"
    )
    click.echo(format_table(["class", "entities"], list(s.by_class.items())))
    click.echo()
    click.echo(format_table(["relation", "statements"], list(s.by_relation.items())))
    click.echo()
    click.echo(format_table(["source", "facts"], list(s.facts_per_source.items())))
