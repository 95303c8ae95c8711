"""The columns of the curated CSV files, their cells and the properties they become."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from graph.model.errors import DataError
from graph.model.namespaces import AI, SCHEMA
from graph.rdf.parse import decode_text

__all__ = [
    "CONTROLLED_COLUMNS",
    "DATE_COLUMNS",
    "DATE_FORMS",
    "DATE_PROPERTIES",
    "ENTITY_COLUMNS",
    "ENTITY_COLUMN_PROPERTIES",
    "FACT_COLUMNS",
    "FACT_COLUMN_PROPERTIES",
    "MAX_DIGITS",
    "NUMBER",
    "NUMBER_COLUMNS",
    "QID",
    "SLUG",
    "SOURCE_COLUMNS",
    "SOURCE_COLUMN_PROPERTIES",
    "TEXT_COLUMNS",
    "Triple",
    "canonical_decimal",
    "first_day",
    "parse_date",
    "parse_number",
    "read_csv",
    "read_tables",
    "split_cell",
    "suggest",
    "tables_text",
]


Triple = tuple[Node, Node, Node]


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


QID = re.compile(r"^Q[1-9][0-9]*$")


NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


#: The most digits a number cell may have before its point, and after it: an
#: ``xsd:decimal`` in oxigraph holds 18 decimal places and about 20 digits before them,
#: an ``xsd:integer`` 19 digits. A quintillion is far beyond any amount in the data.
MAX_DIGITS = 18


DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), XSD.date),
    (re.compile(r"^(\d{4})-(\d{2})$"), XSD.gYearMonth),
    (re.compile(r"^(\d{4})$"), XSD.gYear),
)


ENTITY_COLUMNS = {"id": True, "types": True, "label": True, "aliases": False,
                  "description": True, "wikidata": False, "inception": False,
                  "dissolution": False, "sources": False}  # fmt: skip


SOURCE_COLUMNS = {"id": True, "kind": True, "title": False, "label": False,
                  "publisher": False, "date": True, "url": False, "issued_by": False,
                  "original_reporter": False}  # fmt: skip


FACT_COLUMNS = {
    "id": True, "subject": True, "relation": True, "object": True, "deal": False,
    "amount": False, "currency": False, "amount_kind": False, "amount_bound": False,
    "payer": False, "payee": False, "stake": False, "quantity": False, "unit": False,
    "quantity_bound": False, "start": False, "end": False, "point_in_time": False,
    "term_end": False, "status": False, "exclusivity": False, "role": False, "rank": False,
    "rank_reason": False, "sources": False, "note": False, "reviewed_by": False,
    "reviewed_on": False, "quote": False,
}  # fmt: skip


#: The statement property each column of ``facts.csv`` becomes; used to name
#: the column when a SHACL result points at a property.
FACT_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "subject": RDF.subject, "relation": RDF.predicate, "object": RDF.object,
    "amount": AI.amount, "currency": AI.currency, "stake": AI.stake,
    "quantity": AI.quantity, "unit": AI.unit, "start": AI.startDate, "end": AI.endDate,
    "point_in_time": AI.pointInTime, "term_end": AI.termEnd, "status": AI.status,
    "exclusivity": AI.exclusivity, "role": AI.role, "sources": PROV.wasDerivedFrom,
    "note": RDFS.comment, "deal": AI.partOfDeal, "amount_kind": AI.amountKind,
    "amount_bound": AI.amountBound, "payer": AI.payer, "payee": AI.payee,
    "quantity_bound": AI.quantityBound, "rank": AI.rank, "rank_reason": AI.rankReason,
    "reviewed_by": PROV.wasAttributedTo, "reviewed_on": AI.reviewedOn, "quote": AI.quote,
}  # fmt: skip


ENTITY_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "types": RDF.type, "label": RDFS.label, "aliases": SKOS.altLabel,
    "description": DCTERMS.description, "wikidata": OWL.sameAs,
    "inception": AI.inception, "dissolution": AI.dissolution, "sources": PROV.wasDerivedFrom,
}  # fmt: skip


SOURCE_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "kind": AI.sourceKind, "title": DCTERMS.title, "publisher": DCTERMS.publisher,
    "date": DCTERMS.date, "url": SCHEMA.url, "label": RDFS.label,
    "issued_by": AI.issuedBy, "original_reporter": AI.originalReporter,
}  # fmt: skip


DATE_COLUMNS = ("start", "end", "point_in_time", "term_end")


# Looked up once: attribute access on a DefinedNamespace costs a Python call per row.
NUMBER_COLUMNS = (("amount", AI.amount), ("stake", AI.stake), ("quantity", AI.quantity))


TEXT_COLUMNS = (("currency", AI.currency), ("role", AI.role))


CONTROLLED_COLUMNS = (("status", AI.Status, AI.status),
                      ("exclusivity", AI.Exclusivity, AI.exclusivity),
                      ("amount_kind", AI.AmountKind, AI.amountKind),
                      ("amount_bound", AI.Bound, AI.amountBound),
                      ("quantity_bound", AI.Bound, AI.quantityBound),
                      ("rank", AI.Rank, AI.rank))  # fmt: skip


DATE_PROPERTIES = {column: FACT_COLUMN_PROPERTIES[column] for column in DATE_COLUMNS}


HOLDS_FROM, HOLDS_UNTIL = AI.holdsFrom, AI.holdsUntil


TYPE, STATEMENT = RDF.type, RDF.Statement


SUBJECT, PREDICATE, OBJECT = RDF.subject, RDF.predicate, RDF.object


DERIVED_FROM, COMMENT = PROV.wasDerivedFrom, RDFS.comment


def read_csv(
    path: Path, columns: dict[str, bool], problems: list[DataError] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each record of a curated CSV file, strictly checked
    (:func:`read_tables` with one table)."""
    [table] = read_tables(path, [columns], problems)
    yield from table


def read_tables(
    path: Path, specs: list[dict[str, bool]], problems: list[DataError] | None = None
) -> list[list[tuple[int, dict[str, str]]]]:
    """The tables of a curated CSV file, each ``(line, row)`` strictly checked against its
    columns. With several ``specs`` the file holds that many tables, each with its header,
    separated by a blank line (a source file: the source, then the facts it reports); with
    one, blank lines are skipped. A later table may be missing; the first may not.

    A cell holding a NUL or another control character is a problem: added to
    ``problems`` (the row is still read, so that nothing else is reported for want of
    it), or raised when no list is given.

    Raises:
        DataError: the file is empty or malformed, or a header names an unknown column.
    """
    text = decode_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    tables: list[list[tuple[int, dict[str, str]]]] = []
    header: list[str] | None = None
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise DataError(f"malformed CSV: {err}", path=path, line=line) from None
        blank = not any(cell.strip() for cell in row)
        if blank:
            if len(specs) > 1 and header is not None:
                header = None  # the next row starts the next table
        elif header is None:
            if len(tables) == len(specs):
                raise DataError(
                    f"a {len(specs) + 1}th table: the file holds {len(specs)}",
                    path=path,
                    line=line,
                )
            header = _checked_header(row, specs[len(tables)], path, line)
            tables.append([])
        else:
            if len(row) != len(header):
                raise DataError(
                    f"expected {len(header)} fields, found {len(row)} "
                    "(a comma inside a cell needs double quotes)",
                    path=path,
                    line=line,
                )
            if _CONTROL.search("".join(row)):
                if problems is None:
                    raise _control_error(header, row, path, line)
                problems.append(_control_error(header, row, path, line))
            cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
            tables[-1].append((line, cells))
        line = reader.line_num + 1
    if not tables:
        raise DataError("the file is empty; it needs a header row", path=path, line=1)
    return tables + [[] for _ in range(len(specs) - len(tables))]


def tables_text(*tables: tuple[list[str], list[list[str]]]) -> str:
    """Tables (a header and its rows each) as the CSV text :func:`read_tables` reads: a
    blank line between them.

    >>> tables_text((["id"], [["a"]]), (["id", "x"], []))
    'id\\na\\n\\nid,x\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for i, (header, rows) in enumerate(tables):
        if i:
            buffer.write("\n")
        writer.writerow(header)
        writer.writerows(rows)
    return buffer.getvalue()


def _checked_header(row: list[str], columns: dict[str, bool], path: Path, line: int) -> list[str]:
    header = [h.strip() for h in row]
    for name in header:
        if name not in columns:
            hint = difflib.get_close_matches(name, columns, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise DataError(
                f"unknown column {name!r}{suggestion} (columns: {', '.join(columns)})",
                path=path,
                line=line,
            )
    for name, required in columns.items():
        if required and name not in header:
            raise DataError(f"missing required column {name!r}", path=path, line=line)
    return header


#: Characters no cell may hold: NUL and the other C0 controls but tab and line breaks, DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_error(header: list[str], row: list[str], path: Path, line: int) -> DataError:
    """The first control character of a row, named with its column and place in the cell."""
    for name, cell in zip(header, row, strict=True):
        found = _CONTROL.search(cell)
        if found is not None:
            at = found.start()
            line_in = line + cell.count("\n", 0, at)  # a quoted cell may span lines
            char = "a NUL byte" if found[0] == "\x00" else "a control character"
            return DataError(
                f"{char} (U+{ord(found[0]):04X}) at character {at + 1} of the cell; "
                "remove it (a cell holds text: no NUL or control characters)",
                path=path,
                line=line_in,
                field=name,
            )
    raise AssertionError("no control character in the row")  # pragma: no cover


def parse_date(value: str) -> Literal:
    """A date cell as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal.

    >>> parse_date("2025-01-21").datatype == XSD.date
    True
    >>> parse_date("2025-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2025-02-30' is not a real date (day is out of range for month)
    """
    for pattern, datatype in DATE_FORMS:
        match = pattern.match(value)
        if match:
            parts = [int(p) for p in match.groups()] + [1] * (3 - len(match.groups()))
            try:
                date(*parts)
            except ValueError as err:
                raise ValueError(f"{value!r} is not a real date ({err})") from None
            return Literal(value, datatype=datatype)
    raise ValueError(f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")


def first_day(value: Literal) -> Literal:
    """The first day of a date, month or year, as an ``xsd:date`` literal."""
    text = str(value)
    text += "-01" * ((10 - len(text)) // 3)
    return Literal(text, datatype=XSD.date)


def parse_number(value: str, datatype: URIRef = XSD.decimal) -> Literal:
    """A number cell as a typed literal; negative values are left to the shapes.

    >>> parse_number("100000000000")
    rdflib.term.Literal('100000000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if not NUMBER.match(value):
        shown = value if len(value) <= 40 else f"{value[:20]}…"
        raise ValueError(f"{shown!r} is not a number; write digits only, e.g. 100000000000")
    whole, _, fraction = value.lstrip("-").partition(".")
    if len(whole) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        raise ValueError(
            f"{value[:20]}… is too long ({len(whole)} digits before the point, "
            f"{len(fraction)} after): a number has at most {MAX_DIGITS} digits on either side "
            "(what the stores keep exactly)"
        )
    if datatype == XSD.integer:
        if "." in value:
            raise ValueError(f"{value!r} is not a whole number")
        return Literal(value, datatype=XSD.integer)
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already ensures this
        raise ValueError(f"{value!r} is not a number") from None
    return Literal(canonical_decimal(number), datatype=XSD.decimal)


def canonical_decimal(number: Decimal) -> str:
    """The XSD 1.0 canonical form: a point, no redundant zeros; Turtle keeps it as is.

    >>> canonical_decimal(Decimal("100")), canonical_decimal(Decimal("32.50"))
    ('100.0', '32.5')
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0")
    else:
        text += "."
    return text + "0" if text.endswith(".") else text


def split_cell(cell: str) -> list[str]:
    """The items of a ``|`` list cell.

    >>> split_cell("a | b")
    ['a', 'b']
    >>> split_cell("seed-article||")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: an empty item in the list 'seed-article||': separate items with one |, ...
    """
    parts = [part.strip() for part in cell.split("|")]
    if cell.strip() and not all(parts):
        raise ValueError(
            f"an empty item in the list {cell!r}: separate items with one |, "
            "with none at either end"
        )
    return [part for part in parts if part]


def suggest(name: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=3)
    return f"; did you mean {', '.join(hint)}?" if hint else ""
