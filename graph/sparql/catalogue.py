"""Stored queries: the .rq files, their strict headers, and the catalogue page."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal
from rdflib.term import Identifier

from graph.model.errors import QueryError, display_path
from graph.model.paths import QUERIES_ENV, SHIPPED_QUERIES
from graph.model.vocabulary import FAMILIES

if TYPE_CHECKING:
    pass


__all__ = [
    "HEADER_KEYS",
    "LISTING_ADVICE",
    "PARAM_TYPES",
    "VIEWS",
    "QueryParam",
    "StoredQuery",
    "list_queries",
    "load_query",
    "parse_stored_query",
    "query_folders",
    "render_catalogue",
]

#: Where an unknown query's message sends a command-line user (``advice`` of the error).
LISTING_ADVICE = "`aikg queries` lists them"


#: The types a stored query's parameter may declare.
PARAM_TYPES = ("entity", "source", "date", "string", "integer", "relation-family")


#: The views a stored query may prefer.
VIEWS = ("table", "graph")


HEADER_KEYS = ("title", "description", "param", "view", "analytical")


_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*:\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a stored query."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class StoredQuery:
    """A query file: its name (the file stem), header metadata and SPARQL text."""

    name: str
    path: Path
    title: str
    description: str
    params: tuple[QueryParam, ...]
    view: str
    text: str
    #: Why the query reads the whole graph whatever its parameters (``# analytical:``), so
    #: that it takes seconds at millions of triples; empty for a lookup around its parameters.
    analytical: str = ""

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def query_folders() -> list[Path]:
    """Where stored queries are read from: the shipped ones, then each folder of
    ``$AIKG_QUERIES`` (``aikg --queries DIR``), the user's own, in the order given."""
    folders = [SHIPPED_QUERIES]
    seen = {SHIPPED_QUERIES.resolve()}
    for item in os.environ.get(QUERIES_ENV, "").split(os.pathsep):
        if item and Path(item).resolve() not in seen:
            folders.append(Path(item))
            seen.add(Path(item).resolve())
    return folders


def _query_files(folders: Sequence[Path]) -> dict[str, Path]:
    """Each query's name and file across ``folders``.

    Raises:
        QueryError: a folder does not exist, or a query of the user's would hide one
            of the same name in an earlier folder (a shipped one, say).
    """
    files: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            raise QueryError(f"{display_path(folder)}: no such folder of stored queries")
        for path in sorted(folder.glob("*.rq")):
            first = files.setdefault(path.stem, path)
            if first != path:
                raise QueryError(
                    f"{display_path(path)}: a stored query called {path.stem!r} is already "
                    f"in {display_path(first)}; rename yours, as it would hide that one"
                )
    return files


def _header_error(path: Path, line: int, message: str) -> QueryError:
    return QueryError(f"{path}:{line}: {message}")


def _parse_param(value: str, path: Path, line: int) -> QueryParam:
    match = _PARAM_RE.match(value)
    if not match:
        raise _header_error(
            path, line, "a parameter reads 'NAME (TYPE[, required][, default=VALUE]): description'"
        )
    name = match["name"]
    parts = [p.strip() for p in match["spec"].split(",") if p.strip()]
    if not parts or parts[0] in ("required",) or parts[0].startswith("default="):
        raise _header_error(path, line, f"parameter {name!r} has no type")
    ptype, required, default = parts[0], False, None
    if ptype not in PARAM_TYPES:
        raise _header_error(
            path, line, f"parameter {name!r}: unknown type {ptype!r}; use {', '.join(PARAM_TYPES)}"
        )
    for flag in parts[1:]:
        if flag == "required":
            required = True
        elif flag.startswith("default="):
            default = flag.removeprefix("default=")
        else:
            raise _header_error(path, line, f"parameter {name!r}: unknown flag {flag!r}")
    if required and default is not None:
        raise _header_error(path, line, f"parameter {name!r} cannot be required and have a default")
    if default is not None and ptype not in ("entity", "source"):
        try:
            convert_value(ptype, default)
        except QueryError as err:
            raise _header_error(path, line, f"parameter {name!r}: default: {err}") from None
    return QueryParam(name, ptype, required, default, match["doc"].strip())


def parse_stored_query(text: str, *, path: Path) -> StoredQuery:
    """Read a query file's header strictly; the query's name is the file's stem.

    The header is the run of ``#`` lines at the top; each reads ``# key: value``
    (keys: title, description, param, view, analytical) and a line starting ``#`` and two
    spaces continues the one above.

    Raises:
        QueryError: an unknown key, a missing title, a parameter without a type...;
            the message names the file and the line.
    """
    fields: dict[str, str] = {}
    params: list[tuple[int, str]] = []
    last: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.startswith("#"):
            break
        body = raw[1:]
        if not body.strip():
            last = None
            continue
        if body.startswith("  ") and last is not None:
            key, index = last
            if key == "param":
                params[index] = (params[index][0], params[index][1] + " " + body.strip())
            else:
                fields[key] += " " + body.strip()
            continue
        key, sep, value = body.strip().partition(":")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise _header_error(
                path, number, f"unknown header key {key!r}; use {', '.join(HEADER_KEYS)}"
            )
        value = value.strip()
        if key == "param":
            params.append((number, value))
            last = ("param", len(params) - 1)
            continue
        if key in fields:
            raise _header_error(path, number, f"{key!r} given twice")
        fields[key] = value
        last = (key, 0)
    if not fields.get("title"):
        raise _header_error(path, 1, "the header has no title ('# title: ...')")
    if not fields.get("description"):
        raise _header_error(path, 1, "the header has no description ('# description: ...')")
    view = fields.get("view", "table")
    if view not in VIEWS:
        raise _header_error(path, 1, f"unknown view {view!r}; use {' or '.join(VIEWS)}")
    parsed: list[QueryParam] = []
    for number, value in params:
        param = _parse_param(value, path, number)
        if any(p.name == param.name for p in parsed):
            raise _header_error(path, number, f"parameter {param.name!r} declared twice")
        if not re.search(rf"[?$]{param.name}\b", text):
            raise _header_error(
                path, number, f"parameter {param.name!r}: the query has no ?{param.name}"
            )
        parsed.append(param)
    return StoredQuery(
        name=path.stem,
        path=path,
        title=fields["title"],
        description=fields["description"],
        params=tuple(parsed),
        view=view,
        text=text,
        analytical=fields.get("analytical", ""),
    )


def list_queries(directory: Path | str | None = None) -> list[StoredQuery]:
    """Every stored query in ``directory`` (default: all of :func:`query_folders`), by name.

    Raises:
        QueryError: a query file's header is malformed, a folder is missing, or two
            folders hold a query of the same name.
    """
    folders = [Path(directory)] if directory is not None else query_folders()
    files = _query_files(folders)
    return [
        parse_stored_query(files[name].read_text(encoding="utf-8"), path=files[name])
        for name in sorted(files)
    ]


def load_query(name: str, *, directory: Path | str | None = None) -> StoredQuery:
    """The stored query called ``name``, from ``directory`` or any of :func:`query_folders`.

    Raises:
        QueryError: there is no such query (the message suggests near names), its
            header is malformed, or its name is ambiguous (see :func:`list_queries`).
    """
    folders = [Path(directory)] if directory is not None else query_folders()
    files = _query_files(folders)
    path = files.get(name)
    if path is None:
        near = difflib.get_close_matches(name, sorted(files), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else f"; {LISTING_ADVICE}"
        err = QueryError(f"no stored query {name!r}{hint}")
        err.advice = LISTING_ADVICE
        raise err
    return parse_stored_query(path.read_text(encoding="utf-8"), path=path)


def render_catalogue(queries: Sequence[StoredQuery]) -> str:
    """The Markdown catalogue of stored queries (``docs/queries.md``), from their headers."""
    lines = [
        "# Stored queries",
        "",
        "<!-- Generated by `aikg queries --markdown` from the headers of queries/*.rq;"
        " do not edit. -->",
        "",
        "Run one with `aikg query NAME --param name=value`, over HTTP at",
        "`/queries/NAME?name=value`, or from Python with",
        "`graph.run_query(NAME, name=value)`.",
        "",
        "A query file's header is the run of `#` lines at its top, read strictly (an unknown",
        "key, a missing title or description, or a parameter without a type is an error naming",
        "the file and line):",
        "",
        "```sparql",
        "# title: Investors of an entity",
        "# description: Everyone reported to invest in the entity, one row per statement;",
        "#   a line starting with `#` and two spaces continues the one above.",
        "# param: entity (entity, required): the entity invested in, e.g. openai",
        "# param: min_amount (integer, default=1000): parameters are optional unless required",
        "# view: table",
        "# analytical: sums over every investment statement (only for queries that read",
        "#   the whole graph whatever their parameters)",
        "```",
        "",
        "A query marked **analytical** reads every statement (an aggregate or a scan over the",
        "whole graph), so it takes seconds on millions of triples; the others look up what is",
        "around their parameters and answer in milliseconds (docs/benchmarks.md, Stores).",
        "",
        f"Parameter types: {', '.join(PARAM_TYPES)}. An `entity` is given by its slug",
        "(`openai`), label (`OpenAI`) or an alias and bound as `ent:openai`; a `source` by its",
        "slug and bound as `src:...`; a `date` as",
        "`xsd:date`. Each parameter `NAME` is bound to the variable `?NAME`; an optional",
        "parameter left out leaves it unbound (test it with `BOUND(?NAME)`).",
        "",
        "| name | title | parameters | view | cost |",
        "|---|---|---|---|---|",
    ]
    for q in queries:
        params = ", ".join(f"`{p.name}`" for p in q.params) or "none"
        cost = "analytical" if q.analytical else "lookup"
        lines.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {params} | {q.view} | {cost} |")
    for q in queries:
        lines += ["", f"## {q.name}", "", f"**{q.title}.** {q.description}", ""]
        if q.analytical:
            lines += [f"**Analytical:** {q.analytical}.", ""]
        if q.params:
            lines += [
                "| parameter | type | required | default | description |",
                "|---|---|---|---|---|",
            ]
            for p in q.params:
                required = "yes" if p.required else "no"
                default = f"`{p.default}`" if p.default is not None else ""
                lines.append(
                    f"| `{p.name}` | {p.type} | {required} | {default} | {p.description} |"
                )
            lines.append("")
        example = " ".join(
            f"--param {p.name}={p.default or _example(p)}" for p in q.params if p.required
        )
        lines += [
            f"Preferred view: {q.view}. File: `queries/{q.name}.rq`.",
            "",
            "```sh",
            f"aikg query {q.name}{' ' + example if example else ''}",
            "```",
        ]
    return "\n".join(lines) + "\n"


def _example(param: QueryParam) -> str:
    match = re.search(r"e\.g\. ([\w-]+)", param.description)
    return match[1] if match else "VALUE"


def convert_value(ptype: str, value: str) -> Identifier:
    """A literal parameter value as a typed RDF term (not entity/source)."""
    if ptype == "date":
        try:
            return Literal(date.fromisoformat(value))
        except ValueError:
            raise QueryError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if ptype == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"{value!r} is not an integer") from None
    if ptype == "relation-family":
        if value not in FAMILIES:
            raise QueryError(f"{value!r} is not a relation family; use {', '.join(FAMILIES)}")
        return Literal(value)
    return Literal(value)
