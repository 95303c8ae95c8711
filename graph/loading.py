"""Reading the curated data files and building the RDF graph from them."""

from __future__ import annotations

import csv
import difflib
import gc
import io
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from .errors import AikgError, DataError, display_path
from .namespaces import AI, ENT, PREFIXES, SCHEMA, SRC, STMT, WD
from .progress import track

__all__ = [
    "CuratedData",
    "DataProblems",
    "Origin",
    "Vocabulary",
    "build_graph",
    "default_data_dir",
    "load_graph",
    "read_data",
    "tracked_triples",
]

Triple = tuple[Node, Node, Node]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), XSD.date),
    (re.compile(r"^(\d{4})-(\d{2})$"), XSD.gYearMonth),
    (re.compile(r"^(\d{4})$"), XSD.gYear),
)

ENTITY_COLUMNS = {"id": True, "types": True, "label": True, "aliases": False,
                  "description": True, "wikidata": False}  # fmt: skip
SOURCE_COLUMNS = {"id": True, "kind": True, "title": False, "publisher": False,
                  "date": True, "url": False}  # fmt: skip
FACT_COLUMNS = {
    "id": True, "subject": True, "relation": True, "object": True, "amount": False,
    "currency": False, "stake": False, "quantity": False, "unit": False, "start": False,
    "end": False, "point_in_time": False, "term_end": False, "status": False,
    "exclusivity": False, "role": False, "sources": False, "note": False,
}  # fmt: skip

#: The statement property each column of ``facts.csv`` becomes; used to name
#: the column when a SHACL result points at a property.
FACT_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "subject": RDF.subject, "relation": RDF.predicate, "object": RDF.object,
    "amount": AI.amount, "currency": AI.currency, "stake": AI.stake,
    "quantity": AI.quantity, "unit": AI.unit, "start": AI.startDate, "end": AI.endDate,
    "point_in_time": AI.pointInTime, "term_end": AI.termEnd, "status": AI.status,
    "exclusivity": AI.exclusivity, "role": AI.role, "sources": PROV.wasDerivedFrom,
    "note": RDFS.comment,
}  # fmt: skip
ENTITY_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "types": RDF.type, "label": RDFS.label, "aliases": SKOS.altLabel,
    "description": DCTERMS.description, "wikidata": OWL.sameAs,
}  # fmt: skip
SOURCE_COLUMN_PROPERTIES: dict[str, URIRef] = {
    "kind": AI.sourceKind, "title": DCTERMS.title, "publisher": DCTERMS.publisher,
    "date": DCTERMS.date, "url": SCHEMA.url,
}  # fmt: skip

DATE_COLUMNS = ("start", "end", "point_in_time", "term_end")
# Looked up once: attribute access on a DefinedNamespace costs a Python call per row.
_NUMBER_COLUMNS = (("amount", AI.amount), ("stake", AI.stake), ("quantity", AI.quantity))
_TEXT_COLUMNS = (("currency", AI.currency), ("unit", AI.unit), ("role", AI.role))
_CONTROLLED_COLUMNS = (("status", AI.Status, AI.status),
                       ("exclusivity", AI.Exclusivity, AI.exclusivity))  # fmt: skip
_DATE_PROPERTIES = {column: FACT_COLUMN_PROPERTIES[column] for column in DATE_COLUMNS}
_HOLDS_FROM, _HOLDS_UNTIL = AI.holdsFrom, AI.holdsUntil
_TYPE, _STATEMENT = RDF.type, RDF.Statement
_SUBJECT, _PREDICATE, _OBJECT = RDF.subject, RDF.predicate, RDF.object
_DERIVED_FROM, _COMMENT = PROV.wasDerivedFrom, RDFS.comment

ONTOLOGY_FILE = "ontology.ttl"
SHAPES_FILE = "shapes.ttl"
CURATED_FILES = ("entities.csv", "sources.csv", "facts.csv")
EXTRA_FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small objects are made.

    Filling a graph allocates nested dicts that the collector would scan again
    and again (a third of the build time at a million triples); nothing built
    there is garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_data_dir() -> Path:
    """The data folder used when none is given: ``$AIKG_DATA`` or the project's ``data/``."""
    env = os.environ.get("AIKG_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Origin:
    """Where a node of the graph was written: a file, a line, and the columns it uses.

    >>> str(Origin(Path("data/facts.csv"), 7))
    'data/facts.csv:7'
    """

    path: Path
    line: int
    columns: tuple[tuple[str, URIRef], ...] = ()

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}"

    def column_for(self, prop: Node | None) -> str | None:
        """The name of the column that holds ``prop``, if this origin is a CSV row."""
        for name, candidate in self.columns:
            if candidate == prop:
                return name
        return None


class DataProblems(AikgError):
    """One or more data files could not be read; each problem names its file and line."""

    def __init__(self, problems: list[DataError]) -> None:
        self.problems = problems
        if len(problems) == 1:
            super().__init__(str(problems[0]))
        else:
            body = "\n".join(f"  - {p}" for p in problems)
            super().__init__(f"{len(problems)} problems in the data:\n{body}")


@dataclass
class Vocabulary:
    """What the ontology allows: classes, relations, figures and controlled values."""

    ontology: Graph
    classes: dict[str, URIRef]
    superclasses: dict[URIRef, frozenset[URIRef]]
    relations: dict[str, URIRef]
    figures: dict[str, tuple[URIRef, URIRef]]
    symmetric: frozenset[URIRef]
    values: dict[URIRef, dict[str, URIRef]]

    @classmethod
    def from_ontology(cls, ontology: Graph) -> Vocabulary:
        """Read the vocabulary from a parsed ``ontology.ttl``."""
        ns = str(AI._NS)

        def local(term: Node) -> str | None:
            text = str(term)
            return text[len(ns) :] if isinstance(term, URIRef) and text.startswith(ns) else None

        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for child, parent in ontology.subject_objects(RDFS.subClassOf):
            if local(child) and local(parent):
                parents[URIRef(str(child))].add(URIRef(str(parent)))
        below = ontology.transitive_subjects(RDFS.subClassOf, AI.Entity)
        entity_classes = {URIRef(str(c)) for c in below}
        classes = {name: c for c in entity_classes if (name := local(c))}

        def ancestors(c: URIRef) -> frozenset[URIRef]:
            seen: set[URIRef] = set()
            todo = [c]
            while todo:
                for p in parents.get(todo.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
            return frozenset(seen)

        # A property with a relation family is one that facts may use.
        relations: dict[str, URIRef] = {}
        figures: dict[str, tuple[URIRef, URIRef]] = {}
        for prop in ontology.subjects(AI.relationFamily, None):
            name = local(prop)
            if not name:
                continue
            if (prop, RDF.type, OWL.ObjectProperty) in ontology:
                relations[name] = URIRef(str(prop))
            elif (rng := ontology.value(prop, RDFS.range)) is not None:
                figures[name] = (URIRef(str(prop)), URIRef(str(rng)))
        values: dict[URIRef, dict[str, URIRef]] = {}
        for kind in (AI.Status, AI.Exclusivity, AI.SourceKind):
            values[kind] = {
                name: URIRef(str(v))
                for v in ontology.subjects(RDF.type, kind)
                if (name := local(v))
            }
        symmetric = frozenset(
            URIRef(str(p)) for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)
        )
        return cls(
            ontology=ontology,
            classes=classes,
            superclasses={c: ancestors(c) for c in classes.values()},
            relations=relations,
            figures=figures,
            symmetric=symmetric,
            values=values,
        )


@dataclass
class CuratedData:
    """The parsed contents of a data folder, with the origin of every node."""

    directory: Path
    vocabulary: Vocabulary
    shapes_path: Path
    triples: list[Triple] = field(default_factory=list)
    statements: dict[URIRef, tuple[URIRef, URIRef, Node, bool]] = field(default_factory=dict)
    origins: dict[Node, Origin] = field(default_factory=dict)


def _locate(directory: Path, name: str) -> Path:
    """A vocabulary file from the folder, or the shipped one when the folder has none."""
    own = directory / name
    return own if own.exists() else default_data_dir() / name


def _decode(path: Path) -> str:
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


def _parse_rdf(path: Path, fmt: str, into: Graph) -> None:
    """Parse an RDF file without letting the parser reach the network or expand entities."""
    text = _decode(path)
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
        message = " ".join(str(err).split())
        match = re.search(r"line (\d+)", str(err))
        raise DataError(
            f"malformed {fmt} data: {message}",
            path=path,
            line=int(match.group(1)) if match else None,
        ) from None


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


def _read_csv(path: Path, columns: dict[str, bool]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, row)`` for each record of a curated CSV file, strictly checked."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("the file is empty; it needs a header row", path=path, line=1) from None
    except csv.Error as err:
        raise DataError(f"malformed CSV: {err}", path=path, line=1) from None
    header = [h.strip() for h in header]
    for name in header:
        if name not in columns:
            hint = difflib.get_close_matches(name, columns, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise DataError(
                f"unknown column {name!r}{suggestion} (columns: {', '.join(columns)})",
                path=path,
                line=1,
            )
    for name, required in columns.items():
        if required and name not in header:
            raise DataError(f"missing required column {name!r}", path=path, line=1)
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise DataError(f"malformed CSV: {err}", path=path, line=line) from None
        if row and any(cell.strip() for cell in row):
            if len(row) != len(header):
                raise DataError(
                    f"expected {len(header)} fields, found {len(row)} "
                    "(a comma inside a cell needs double quotes)",
                    path=path,
                    line=line,
                )
            yield line, {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        line = reader.line_num + 1


def _parse_date(value: str) -> Literal:
    """A date cell as an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal.

    >>> _parse_date("2025-01-21").datatype == XSD.date
    True
    >>> _parse_date("2025-02-30")
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


def _first_day(value: Literal) -> Literal:
    """The first day of a date, month or year, as an ``xsd:date`` literal."""
    text = str(value)
    text += "-01" * ((10 - len(text)) // 3)
    return Literal(text, datatype=XSD.date)


def _parse_number(value: str, datatype: URIRef = XSD.decimal) -> Literal:
    """A number cell as a typed literal; negative values are left to the shapes.

    >>> _parse_number("100000000000")
    rdflib.term.Literal('100000000000.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if not NUMBER.match(value):
        raise ValueError(f"{value!r} is not a number; write digits only, e.g. 100000000000")
    if datatype == XSD.integer:
        if "." in value:
            raise ValueError(f"{value!r} is not a whole number")
        return Literal(value, datatype=XSD.integer)
    try:
        number = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already ensures this
        raise ValueError(f"{value!r} is not a number") from None
    return Literal(_canonical_decimal(number), datatype=XSD.decimal)


def _canonical_decimal(number: Decimal) -> str:
    """The XSD 1.0 canonical form: a point, no redundant zeros; Turtle keeps it as is.

    >>> _canonical_decimal(Decimal("100")), _canonical_decimal(Decimal("32.50"))
    ('100.0', '32.5')
    """
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0")
    else:
        text += "."
    return text + "0" if text.endswith(".") else text


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _suggest(name: str, known: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=3)
    return f"; did you mean {', '.join(hint)}?" if hint else ""


class _Reader:
    """Accumulates triples and problems while the curated files are read."""

    def __init__(self, data: CuratedData) -> None:
        self.data = data
        self.vocab = data.vocabulary
        self.problems: list[DataError] = []
        self.entity_ids: set[str] = set()
        self.source_ids: set[str] = set()
        self.entity_nodes: dict[str, URIRef] = {}
        self.source_nodes: dict[str, URIRef] = {}
        # Literals are immutable: a repeated cell (a date, a currency) is built once.
        self.literals: dict[tuple[str, str | None], Literal] = {}
        self.dates: dict[str, Literal] = {}
        self.first_days: dict[Literal, Literal] = {}
        self.numbers: dict[tuple[str, URIRef], Literal] = {}

    def text(self, value: str, lang: str | None = None) -> Literal:
        """A plain or language-tagged literal, shared between equal cells."""
        key = (value, lang)
        literal = self.literals.get(key)
        if literal is None:
            literal = self.literals[key] = Literal(value, lang=lang)
        return literal

    def first_day(self, value: Literal) -> Literal:
        day = self.first_days.get(value)
        if day is None:
            day = self.first_days[value] = _first_day(value)
        return day

    def fail(self, message: str, path: Path, line: int, column: str | None = None) -> None:
        self.problems.append(DataError(message, path=path, line=line, field=column))

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.data.triples.append((s, p, o))

    def claim_id(self, value: str, seen: dict[str, int], path: Path, line: int) -> bool:
        if not SLUG.match(value):
            self.fail(
                f"{value!r} is not a valid id; use lowercase letters, digits and single hyphens",
                path,
                line,
                "id",
            )
            return False
        if value in seen:
            self.fail(
                f"duplicate id {value!r} (first used on line {seen[value]})", path, line, "id"
            )
            return False
        seen[value] = line
        return True

    def date_cell(self, row: dict[str, str], column: str, path: Path, line: int) -> Literal | None:
        value = row.get(column, "")
        if not value:
            return None
        known = self.dates.get(value)
        if known is not None:
            return known
        try:
            known = self.dates[value] = _parse_date(value)
            return known
        except ValueError as err:
            self.fail(str(err), path, line, column)
            return None

    def number_cell(
        self, value: str, column: str, path: Path, line: int, datatype: URIRef = XSD.decimal
    ) -> Literal | None:
        key = (value, datatype)
        known = self.numbers.get(key)
        if known is not None:
            return known
        try:
            known = self.numbers[key] = _parse_number(value, datatype)
            return known
        except ValueError as err:
            self.fail(str(err), path, line, column)
            return None

    def controlled(
        self, row: dict[str, str], column: str, kind: URIRef, path: Path, line: int
    ) -> URIRef | None:
        value = row.get(column, "")
        if not value:
            return None
        allowed = self.vocab.values[kind]
        if value not in allowed:
            self.fail(
                f"unknown {column} {value!r}; use one of {', '.join(sorted(allowed))}",
                path,
                line,
                column,
            )
            return None
        return allowed[value]

    def read_sources(self, path: Path) -> None:
        seen: dict[str, int] = {}
        columns = tuple(SOURCE_COLUMN_PROPERTIES.items())
        for line, row in _read_csv(path, SOURCE_COLUMNS):
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = SRC[row["id"]]
            self.source_ids.add(row["id"])
            self.source_nodes[row["id"]] = node
            self.data.origins[node] = Origin(path, line, columns)
            self.add(node, RDF.type, AI.Source)
            kind = self.controlled(row, "kind", AI.SourceKind, path, line)
            if kind is not None:
                self.add(node, AI.sourceKind, kind)
            for column, prop in (("title", DCTERMS.title), ("publisher", DCTERMS.publisher)):
                if row.get(column):
                    self.add(node, prop, self.text(row[column]))
            when = self.date_cell(row, "date", path, line)
            if when is not None:
                self.add(node, DCTERMS.date, when)
            url = row.get("url", "")
            if url:
                if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
                    self.fail(f"{url!r} is not an http(s) address", path, line, "url")
                else:
                    self.add(node, SCHEMA.url, URIRef(url))

    def read_entities(self, path: Path) -> None:
        seen: dict[str, int] = {}
        columns = tuple(ENTITY_COLUMN_PROPERTIES.items())
        for line, row in _read_csv(path, ENTITY_COLUMNS):
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = ENT[row["id"]]
            self.entity_ids.add(row["id"])
            self.entity_nodes[row["id"]] = node
            self.data.origins[node] = Origin(path, line, columns)
            types = _split(row["types"])
            if not types:
                self.fail("an entity needs at least one type", path, line, "types")
            for name in types:
                cls = self.vocab.classes.get(name)
                if cls is None:
                    self.fail(
                        f"unknown type {name!r}{_suggest(name, self.vocab.classes)}",
                        path,
                        line,
                        "types",
                    )
                    continue
                for c in (cls, *self.vocab.superclasses[cls]):
                    self.add(node, RDF.type, c)
            if row["label"]:
                self.add(node, RDFS.label, self.text(row["label"], "en"))
            for alias in _split(row.get("aliases", "")):
                self.add(node, SKOS.altLabel, self.text(alias, "en"))
            if row["description"]:
                self.add(node, DCTERMS.description, self.text(row["description"], "en"))
            qid = row.get("wikidata", "")
            if qid:
                if not QID.match(qid):
                    self.fail(
                        f"{qid!r} is not a Wikidata item id like Q2283", path, line, "wikidata"
                    )
                else:
                    self.add(node, OWL.sameAs, WD[qid])

    def entity(self, value: str, path: Path, line: int, column: str) -> URIRef | None:
        known = self.entity_nodes.get(value)
        if known is not None:
            return known
        if not value:
            self.fail("an entity id is required", path, line, column)
        else:
            self.fail(
                f"unknown entity {value!r}{_suggest(value, self.entity_ids)} "
                "(add it to entities.csv first)",
                path,
                line,
                column,
            )
        return None

    def read_facts(self, path: Path) -> None:
        seen: dict[str, int] = {}
        columns = tuple(FACT_COLUMN_PROPERTIES.items())
        for line, row in track(_read_csv(path, FACT_COLUMNS), desc="read facts", unit="row"):
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = STMT[row["id"]]
            self.data.origins[node] = Origin(path, line, columns)
            before = len(self.problems)
            subject = self.entity(row["subject"], path, line, "subject")
            relation = row["relation"]
            predicate: URIRef | None = None
            obj: Node | None = None
            if relation in self.vocab.relations:
                predicate = self.vocab.relations[relation]
                obj = self.entity(row["object"], path, line, "object")
            elif relation in self.vocab.figures:
                predicate, datatype = self.vocab.figures[relation]
                obj = self.number_cell(row["object"], "object", path, line, datatype)
            else:
                known = [*self.vocab.relations, *self.vocab.figures]
                self.fail(
                    f"unknown relation {relation!r}{_suggest(relation, known)} "
                    "(relations are declared in ontology.ttl)",
                    path,
                    line,
                    "relation",
                )
            triples: list[Triple] = [(node, _TYPE, _STATEMENT)]
            dates = {column: self.date_cell(row, column, path, line) for column in DATE_COLUMNS}
            for column, value in dates.items():
                if value is not None:
                    triples.append((node, _DATE_PROPERTIES[column], value))
            start = dates["start"] or dates["point_in_time"]
            end = dates["end"]
            if start is not None:
                triples.append((node, _HOLDS_FROM, self.first_day(start)))
            if end is not None:
                triples.append((node, _HOLDS_UNTIL, self.first_day(end)))
            for column, prop in _NUMBER_COLUMNS:
                if row.get(column):
                    number = self.number_cell(row[column], column, path, line)
                    if number is not None:
                        triples.append((node, prop, number))
            for column, prop in _TEXT_COLUMNS:
                if row.get(column):
                    triples.append((node, prop, self.text(row[column])))
            for column, kind, prop in _CONTROLLED_COLUMNS:
                choice = self.controlled(row, column, kind, path, line)
                if choice is not None:
                    triples.append((node, prop, choice))
            for source in _split(row.get("sources", "")):
                if source not in self.source_ids:
                    self.fail(
                        f"unknown source {source!r}{_suggest(source, self.source_ids)} "
                        "(add it to sources.csv first)",
                        path,
                        line,
                        "sources",
                    )
                else:
                    triples.append((node, _DERIVED_FROM, self.source_nodes[source]))
            if row.get("note"):
                triples.append((node, _COMMENT, self.text(row["note"], "en")))
            if len(self.problems) > before or subject is None or predicate is None or obj is None:
                continue
            triples += [(node, _SUBJECT, subject), (node, _PREDICATE, predicate),
                        (node, _OBJECT, obj)]  # fmt: skip
            self.data.triples.extend(triples)
            self.data.statements[node] = (subject, predicate, obj, end is None)


def read_data(directory: Path | str | None = None) -> CuratedData:
    """Read and check a data folder; the triples are not yet a graph.

    Raises:
        DataProblems: a file is missing, malformed, or refers to unknown names.
    """
    directory = Path(directory) if directory is not None else default_data_dir()
    if not directory.is_dir():
        raise DataProblems([DataError("no such data folder", path=directory)])
    ontology_path = _locate(directory, ONTOLOGY_FILE)
    ontology = Graph()
    try:
        _parse_rdf(ontology_path, "turtle", ontology)
    except DataError as err:
        raise DataProblems([err]) from None
    data = CuratedData(
        directory=directory,
        vocabulary=Vocabulary.from_ontology(_canonical(ontology)),
        shapes_path=_locate(directory, SHAPES_FILE),
    )
    reader = _Reader(data)
    steps = (("sources.csv", reader.read_sources), ("entities.csv", reader.read_entities),
             ("facts.csv", reader.read_facts))  # fmt: skip
    for name, step in steps:
        path = directory / name
        if not path.exists():
            reader.problems.append(DataError(f"missing data file {name}", path=path))
            continue
        try:
            step(path)
        except DataError as err:
            reader.problems.append(err)
    extra = Graph()
    for path in sorted(directory.iterdir()):
        fmt = EXTRA_FORMATS.get(path.suffix.lower())
        if fmt is None or path.name in (ONTOLOGY_FILE, SHAPES_FILE):
            continue
        try:
            _parse_rdf(path, fmt, extra)
        except DataError as err:
            reader.problems.append(err)
    if reader.problems:
        raise DataProblems(reader.problems)
    data.triples.extend(_canonical(extra))
    return data


def _canonical(g: Graph) -> Graph:
    """``g`` with blank nodes renamed by content, so that builds are byte-identical."""
    if not any(isinstance(term, BNode) for triple in g for term in triple):
        return g
    canonical = Graph()
    for triple in to_canonical_graph(g):
        canonical.add(triple)
    return canonical


def iter_graph_triples(data: CuratedData) -> Iterator[Triple]:
    """Every triple of the built graph: ontology, curated records, and truthy triples.

    The truthy rule: ``S P O`` is added when at least one statement of it has no
    end date; a symmetric relation is added in both directions.
    """
    yield from data.vocabulary.ontology
    yield from data.triples
    current = {(s, p, o) for s, p, o, open_ in data.statements.values() if open_}
    for s, p, o in sorted(current):
        yield s, p, o
        if p in data.vocabulary.symmetric:
            yield o, p, s


def build_graph(data: CuratedData) -> Graph:
    """The RDF graph of a data folder that :func:`read_data` has read."""
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri, replace=True)
    # What Graph.add does, without its per-triple type assertions (the reader
    # only makes rdflib terms): a tenth of the time at a million triples.
    add = g.store.add
    with paused_gc():
        for triple in tracked_triples(data):
            add(triple, g, quoted=False)
    return g


def tracked_triples(data: CuratedData) -> Iterator[Triple]:
    """:func:`iter_graph_triples` with a progress bar (on a terminal, when slow)."""
    total = len(data.vocabulary.ontology) + len(data.triples) + len(data.statements)
    return track(iter_graph_triples(data), desc="build", total=total, unit="triple")


def load_graph(data_dir: Path | str | None = None, *, validate: bool = True) -> Graph:
    """Build the knowledge graph from a data folder (the shipped ``data/`` by default).

    Raises:
        DataProblems: the data files cannot be read.
        ValidationFailed: ``validate`` is true and the graph breaks the shapes.
    """
    data = read_data(data_dir)
    g = build_graph(data)
    if validate:
        from .validation import check_graph

        check_graph(g, data)
    return g
