"""Reading RDF files safely: UTF-8 checked, nothing fetched, no XML entities."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.model.errors import DataError

__all__ = ["EXTRA_FORMATS", "decode_text", "parse_rdf"]


EXTRA_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}


def decode_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); "
            "save the file as UTF-8",
            path=path,
            line=line,
        ) from None


def parse_rdf(path: Path, fmt: str, into: Graph) -> None:
    """Parse an RDF file without letting the parser reach the network or expand entities."""
    text = decode_text(path)
    if fmt == "xml" and re.search(r"<!(DOCTYPE|ENTITY)", text):
        line = text[: re.search(r"<!(DOCTYPE|ENTITY)", text).start()].count("\n") + 1  # type: ignore[union-attr]
        raise DataError(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion); "
            "remove the declaration or convert the file to Turtle",
            path=path,
            line=line,
        )
    if fmt == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataError(f"malformed JSON: {err.msg}", path=path, line=err.lineno) from None
        remote = _remote_context(doc)
        if remote is not None:
            raise DataError(
                f"remote JSON-LD context {remote!r} is refused (it would be fetched from the "
                "network); inline the context as an object",
                path=path,
                field="@context",
            )
    try:
        into.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as err:  # rdflib raises many unrelated types for bad syntax
        raise _syntax_error(text, fmt, path, err) from None


#: The formats pyoxigraph reads too: its parser says where a file breaks, always.
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def _syntax_error(text: str, fmt: str, path: Path, err: Exception) -> DataError:
    """The parse error of ``text``, with its line.

    rdflib's Turtle parser fails at the end of a file with an IndexError or an
    AssertionError that says nowhere ("string index out of range"); pyoxigraph's
    parser then says the line and column.
    """
    message = " ".join(str(err).split())
    match = re.search(r"line (\d+)", str(err))
    if match is None and fmt in _OX_FORMATS:
        try:
            for _ in ox.parse(text, format=_OX_FORMATS[fmt], base_iri=path.resolve().as_uri()):
                pass
        except SyntaxError as located:
            where = located.msg.partition(": ")
            reason = where[2] if where[1] else located.msg
            column = f" at column {located.offset}" if located.offset else ""
            return DataError(
                f"malformed {fmt} data{column}: {reason[:1].lower()}{reason[1:]}",
                path=path,
                line=located.lineno,
            )
    if match is None:
        message = f"{message or type(err).__name__} (the parser gives no line)"
    return DataError(
        f"malformed {fmt} data: {message}",
        path=path,
        line=int(match.group(1)) if match else None,
    )


def _remote_context(node: object) -> str | None:
    """The first ``@context``/``@import`` reference that is not inline, if any."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import"):
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, str):
                        return item
            found = _remote_context(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _remote_context(item)
            if found is not None:
                return found
    return None
