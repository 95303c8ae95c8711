"""What every command shares: the ``aikg`` group, its options, and how a command gets the graph."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Graph

from graph.ingest.build import build_graph
from graph.ingest.folder import read_data
from graph.ingest.records import CuratedData
from graph.model.errors import AikgError
from graph.model.paths import QUERIES_ENV
from graph.model.vocabulary import FAMILIES
from graph.rdf.files import os_reason
from graph.store.base import GRAPH_STORE_ENV, STORE_ENV, Store, StoreError
from graph.store.memory import MemoryStore
from graph.store.registry import open_store
from graph.validate.checks import ENGINES, check_graph, checked_store

__all__ = [
    "chosen_store",
    "cli",
    "current_store",
    "data_option",
    "emit",
    "engine_option",
    "load_checked",
    "open_graph",
    "parse_families",
    "read_noted",
]

F = TypeVar("F", bound=Callable[..., Any])


class AikgGroup(click.Group):
    """A group that prints users' mistakes as one clear message, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AikgError as err:
            click.echo(f"error: {err}", err=True)
            ctx.exit(1)
        except BrokenPipeError:
            _quiet_stdout()  # the reader went away (| head): nothing more to say
            ctx.exit(1)
        except OSError as err:  # the system refused a file or folder: say which, and why
            where = f": {err.filename}" if err.filename else ""
            click.echo(f"error: {os_reason(err)}{where}", err=True)
            ctx.exit(1)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so its flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test runner)
        pass


def emit(body: bytes) -> None:
    """Write ``body`` to standard output.

    Raises:
        AikgError: standard output cannot take it (a full disk behind a redirection...).
    """
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise AikgError(f"cannot write to standard output: {os_reason(err)}") from None


def data_option(func: F) -> F:
    """The ``--data DIR`` option shared by every command that reads the data."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="AIKG_DATA",
        default=None,
        help="Data folder (default: the shipped data/, or $AIKG_DATA).",
    )(func)


def engine_option(func: F) -> F:
    """The ``--engine`` option of the commands that validate."""
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=ENGINES[0],
        show_default=True,
        help="Validator: the shapes as SPARQL run by pyoxigraph (fast), or pyshacl (reference).",
    )(func)


def parse_families(value: str) -> list[str]:
    """The families in a ``--relations`` value such as ``investment,supply``.

    Raises:
        click.BadParameter: an unknown or empty family list.
    """
    families = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown or not families:
        raise click.BadParameter(
            f"unknown relation family {', '.join(unknown) or '(none)'}; "
            f"use a comma-separated list of {', '.join(FAMILIES)}",
            param_hint="'--relations'",
        )
    return families


#: How many of the reader's notes a command prints before it only counts the rest.
NOTICES_SHOWN = 20


def read_noted(data_dir: Path | None) -> CuratedData:
    """:func:`graph.ingest.read_data`, with its notices (an old layout, a likely
    duplicate) printed on standard error."""
    data = read_data(data_dir)
    for notice in data.notices[:NOTICES_SHOWN]:
        click.echo(f"note: {notice}", err=True)
    if len(data.notices) > NOTICES_SHOWN:
        click.echo(f"note: … and {len(data.notices) - NOTICES_SHOWN} more notes", err=True)
    return data


def load_checked(data_dir: Path | None, *, engine: str = ENGINES[0]) -> Graph:
    """Read, build and validate; raises on any problem so nothing gets written."""
    data = read_noted(data_dir)
    g = build_graph(data)
    check_graph(g, data, engine=engine)
    return g


def chosen_store() -> Store:
    """The store named by ``aikg --store`` and ``--graph-store`` (or their variables), as is.

    Raises:
        StoreError: a bad spec, or a store that cannot be opened.
    """
    ctx = click.get_current_context(silent=True)
    params = ctx.find_root().params if ctx is not None else {}
    return open_store(params.get("store"), graph_store=params.get("graph_store"))


def current_store(data_dir: Path | None) -> Store:
    """The store chosen by ``aikg --store`` (or ``$AIKG_STORE``); ``memory`` builds from the data.

    Raises:
        StoreError: a bad spec, an unreachable store, or an empty one (run ``aikg load``).
    """
    store = chosen_store()
    if isinstance(store, MemoryStore):
        return MemoryStore(checked_store(read_noted(data_dir)))
    if store.is_empty():
        raise StoreError(
            f"the store {store.describe()} is empty: fill it with "
            f"`aikg --store {store.describe()} load` first"
        )
    return store


def open_graph(data_dir: Path | None) -> Graph:
    """The whole graph as rdflib holds it, for the commands that need all of it (RDF
    export, ``serve``, ``view --query``): built from the data, or fetched whole from the
    chosen store (``--data`` is then ignored). Views and analyses read the store through
    :mod:`graph.network.projection` instead.

    Raises:
        AikgError: the data does not build or validate, or the store cannot be read.
    """
    return current_store(data_dir).graph()


@click.group(cls=AikgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="aikg")
@click.option(
    "--store",
    envvar=STORE_ENV,
    default=None,
    metavar="SPEC",
    help="Where the graph lives: memory (default: built from --data), oxigraph:PATH, "
    "or sparql:URL (a SPARQL query endpoint, or an Oxigraph server's address); also "
    "$AIKG_STORE. Fill it with `aikg load`.",
)
@click.option(
    "--graph-store",
    envvar=GRAPH_STORE_ENV,
    default=None,
    metavar="URL",
    help="With --store sparql:URL: the server's SPARQL 1.1 Graph Store Protocol endpoint, "
    "which `aikg load` writes to (e.g. Fuseki's http://HOST:3030/DATASET/data); also "
    "$AIKG_GRAPH_STORE. Not needed for an Oxigraph server's address.",
)
@click.option(
    "--queries",
    "queries",
    multiple=True,
    envvar=QUERIES_ENV,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of stored queries of your own (*.rq), read beside the shipped ones; "
    f"repeat for more, or list them in ${QUERIES_ENV}. A name may not hide a shipped query.",
)
@click.pass_context
def cli(
    ctx: click.Context, store: str | None, graph_store: str | None, queries: tuple[Path, ...]
) -> None:
    """aikg: a sourced, dated knowledge graph of the AI industry.

    Build the RDF graph from the curated data, validate it, export it,
    and count what it holds.
    """
    if queries:  # what the catalogue (and serve's workers) read, for this command only
        before = os.environ.get(QUERIES_ENV)
        os.environ[QUERIES_ENV] = os.pathsep.join(str(q.resolve()) for q in queries)
        ctx.call_on_close(lambda: _restore_env(QUERIES_ENV, before))


def _restore_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
