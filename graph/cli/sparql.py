"""Commands that list and run stored queries, run ad-hoc SPARQL, and serve the endpoint."""

from __future__ import annotations

import math
import os
import shlex
import sys
from pathlib import Path
from typing import Any

import click
from rdflib.query import Result

from graph.cli.common import cli, current_store, data_option, emit, open_graph
from graph.model.errors import QueryError
from graph.network.lookup import fetch_sources
from graph.network.readable import readable_table, source_iris
from graph.rdf.files import write_atomic
from graph.rdf.tables import format_table
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import list_queries, load_query, render_catalogue
from graph.sparql.results import GRAPH_FORMATS, RESULT_FORMATS, serialize_result
from graph.sparql.vocabulary import unknown_terms
from graph.store.base import TIMEOUT_ENV, Store, check_timeout
from graph.store.names import names_for
from graph.store.registry import open_store
from graph.web.app import bind_socket, serve_app
from graph.web.settings import MAX_PORT, Settings

__all__ = ["parse_params", "queries", "query", "serve", "sparql"]

FORMATS = ["table", *RESULT_FORMATS, *(f for f in GRAPH_FORMATS if f not in RESULT_FORMATS)]

format_option = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="table (default for SELECT/ASK: sources by title, money as $10B, terms in words), "
    "json, xml, csv, tsv (exact values); turtle (default for CONSTRUCT/DESCRIBE), nt, "
    "jsonld, xml.",
)


timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    envvar=TIMEOUT_ENV,
    default=None,
    metavar="SECONDS",
    help=f"Stop waiting for the answer after SECONDS (also ${TIMEOUT_ENV}). Remote stores "
    "(sparql:URL) only: a query running in this process cannot be stopped, so it is an "
    "error with the memory or oxigraph store.",
)


def _store(data_dir: Path | None, timeout: float | None) -> Store:
    """The chosen store, once it is known to honour ``timeout`` (checked before the memory
    store builds the graph)."""
    if timeout is not None:
        spec = click.get_current_context().find_root().params.get("store")
        check_timeout(open_store(spec), timeout)
    return current_store(data_dir)


def _run(data_dir: Path | None, text: str, fmt: str | None, timeout: float | None) -> None:
    store = _store(data_dir, timeout)
    _emit_result(store, store.query(text, timeout=timeout), fmt)


def _emit_result(store: Store, result: Result, fmt: str | None) -> None:
    """``result`` in ``fmt``: by default a table for SELECT and ASK, Turtle for a graph.

    The table is for reading (sources by title, money with its bound, terms in words:
    :mod:`graph.network.readable`); the other formats keep the exact values.
    """
    if fmt is None:
        fmt = "turtle" if result.type in ("CONSTRUCT", "DESCRIBE") else "table"
    if fmt == "table" and result.type in ("SELECT", "ASK"):
        iris = source_iris(result)
        sources = fetch_sources(store, iris) if iris else {}
        emit(readable_table(result, sources).encode("utf-8"))
        return
    emit(serialize_result(result, fmt))


def parse_params(items: tuple[str, ...]) -> dict[str, object]:
    """``--param NAME=VALUE`` options as a dict.

    Raises:
        QueryError: an item without ``=``, or a name given twice.
    """
    values: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r}: write NAME=VALUE")
        if key in values:
            raise QueryError(f"--param {key!r} given twice")
        values[key] = _argument_text(value, f"--param {key}")
    return values


@cli.command()
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/queries.md).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the Markdown catalogue to this file (atomically) instead of printing it.",
)
def queries(markdown: bool, output: Path | None) -> None:
    """List the stored queries in queries/*.rq (parameters marked * are required).

    Queries whose cost is "analytical" read the whole graph (seconds at millions of
    triples); "lookup" queries read what is around their parameters.
    """
    found = list_queries()
    if markdown or output is not None:
        text = render_catalogue(found)
        if output is not None:
            write_atomic(output, text)
            click.echo(f"wrote {output}: {len(found)} queries")
        else:
            click.echo(text, nl=False)
        return
    rows = [
        [
            q.name,
            q.title,
            " ".join(f"{p.name}{'*' if p.required else ''}:{p.type}" for p in q.params),
            q.view,
            "analytical" if q.analytical else "lookup",
        ]
        for q in found
    ]
    click.echo(format_table(["name", "title", "parameters", "view", "cost"], rows))


@cli.command(context_settings={"allow_extra_args": True})
@data_option
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value, bound as a typed RDF term (repeatable). "
    "Entities by slug, label or alias: openai.",
)
@format_option
@timeout_option
def query(
    data_dir: Path | None,
    name: str,
    params: tuple[str, ...],
    fmt: str | None,
    timeout: float | None,
) -> None:
    """Run the stored query NAME (see `aikg queries`) with bound parameters."""
    _refuse_extra(name, click.get_current_context().args)
    stored = load_query(name)
    values = parse_params(params)
    store = _store(data_dir, timeout)
    bindings = bind_params(names_for(store, stored, values), stored, values)
    _emit_result(store, store.query(stored.text, bindings=bindings, timeout=timeout), fmt)


def _refuse_extra(name: str, extra: list[str]) -> None:
    """Arguments after NAME: a ``key=value`` among them is a parameter without its ``-p``.

    Raises:
        click.UsageError: any extra argument, with the ``-p`` form when it looks like one.
    """
    if not extra:
        return
    pairs = [a for a in extra if "=" in a and not a.startswith("=")]
    if pairs:
        fixed = " ".join(f"-p {shlex.quote(a)}" for a in pairs)
        raise click.UsageError(
            f"unexpected argument {' '.join(map(shlex.quote, pairs))}: give parameters with "
            f"-p (--param), as in: aikg query {shlex.quote(name)} {fixed}"
        )
    raise click.UsageError(f"Got unexpected extra argument ({' '.join(extra)})")


def _utf8(raw: bytes, where: str) -> str:
    """``raw`` decoded as UTF-8: a query is refused, never repaired, when it is not.

    Raises:
        QueryError: the bytes are not UTF-8 (naming ``where`` and the offset).
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise QueryError(
            f"{where} is not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); "
            "give UTF-8 text"
        ) from None


def _is_file(source: str) -> bool:
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL: query text
        return False


def _read_source(source: str) -> str:
    """The query text of ``aikg sparql SOURCE``: the text itself, a .rq file, or stdin.

    Raises:
        QueryError: a missing or unreadable query file, or text that is not UTF-8.
    """
    if source == "-":
        return _utf8(sys.stdin.buffer.read(), "the query on standard input")
    if source.endswith((".rq", ".sparql")) or (
        "\n" not in source and len(source) < 4096 and _is_file(source)
    ):
        path = Path(source)
        if not _is_file(source):
            raise QueryError(f"{source}: no such query file")
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise QueryError(f"{source}: cannot read the query file: {err.strerror}") from None
        return _utf8(raw, source)
    return _argument_text(source, "the query argument")


def _argument_text(value: str, where: str) -> str:
    """A command-line argument, refused when its bytes were not UTF-8 (Python hands them
    over as lone surrogates).

    Raises:
        QueryError: the argument is not UTF-8, naming ``where``.
    """
    try:
        raw = os.fsencode(value)
    except UnicodeEncodeError as err:
        raise QueryError(
            f"{where} is not UTF-8 (a lone surrogate at offset {err.start}); give UTF-8 text"
        ) from None
    return _utf8(raw, where)


@cli.command()
@data_option
@click.argument("source")
@format_option
@timeout_option
def sparql(data_dir: Path | None, source: str, fmt: str | None, timeout: float | None) -> None:
    """Run an ad-hoc read-only SPARQL query: the text, a .rq file, or - for stdin.

    The ai:, ent:, src:, rdf:, rdfs:, xsd:... prefixes are predeclared. Updates,
    LOAD and SERVICE are refused; FROM never fetches anything. An ai: term that the
    vocabulary does not define is warned about on standard error, with the nearest
    term that it does; the query still runs as written.
    """
    text = _read_source(source)
    for unknown in unknown_terms(text):
        click.echo(f"warning: {unknown.message()}", err=True)
    _run(data_dir, text, fmt, timeout)


class _Seconds(click.FloatRange):
    """A positive, finite number of seconds: ``0``, ``-1``, ``nan`` and ``inf`` are refused."""

    name = "number of seconds"

    def __init__(self) -> None:
        super().__init__(min=0, min_open=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if not math.isfinite(seconds):
            self.fail(f"{value!r} is not a finite number of seconds", param, ctx)
        return seconds


@cli.command()
@data_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, MAX_PORT),
    default=8000,
    show_default=True,
    help=f"Port, 0 to {MAX_PORT}; 0 picks a free one.",
)
@click.option(
    "--timeout",
    type=_Seconds(),
    default=10.0,
    show_default=True,
    help="Seconds a query may run before a 503 (a positive number).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10000,
    show_default=True,
    help="Most rows (or triples) returned (at least 1).",
)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Largest accepted request body or query string (at least 1).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Query worker processes (at least 1).",
)
@click.option(
    "--read-timeout",
    type=_Seconds(),
    default=10.0,
    show_default=True,
    help="Seconds a client has to send its whole request; then a 408 and the connection "
    "is closed (a positive number).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Most connections open at once; one more gets a 503 (at least 1).",
)
@click.option("--cors", is_flag=True, help="Allow cross-origin requests from any origin.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also accept this Host header name (repeatable); the bound host and localhost always are.",
)
def serve(
    data_dir: Path | None,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    max_request_bytes: int,
    workers: int,
    read_timeout: float,
    max_connections: int,
    cors: bool,
    allow_hosts: tuple[str, ...],
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and stored queries at /queries/NAME.

    Also serves HTML pages: / (home), /views/ (the standard views), /entities/SLUG
    (an entity, its statements and its neighbourhood) and /query (a query page).

    Binds 127.0.0.1 by default; only requests naming the bound host or localhost are
    answered. Queries run in worker processes and are stopped after --timeout seconds.
    """

    settings = Settings(
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        max_request_bytes=max_request_bytes,
        workers=workers,
        read_timeout=read_timeout,
        max_connections=max_connections,
        cors=cors,
        allowed_hosts=allow_hosts,
    )
    sock = bind_socket(host, port)  # a bad address is said before the graph is built
    try:
        g = open_graph(data_dir)
    except BaseException:
        sock.close()
        raise
    serve_app(g, settings=settings, announce=_announce, sock=sock)


def _announce(base: str) -> None:
    """The two addresses a user opens: the HTML pages in a browser, the endpoint in a client."""
    click.echo(f"home page        {base}")
    click.echo(f"SPARQL endpoint  {base}sparql")
