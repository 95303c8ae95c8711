"""Reading a curated data folder into checked triples, every node traced to its file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from graph.ingest.columns import (
    COMMENT,
    CONTROLLED_COLUMNS,
    DATE_COLUMNS,
    DATE_PROPERTIES,
    DERIVED_FROM,
    ENTITY_COLUMN_PROPERTIES,
    ENTITY_COLUMNS,
    FACT_COLUMN_PROPERTIES,
    FACT_COLUMNS,
    HOLDS_FROM,
    HOLDS_UNTIL,
    NUMBER_COLUMNS,
    OBJECT,
    PREDICATE,
    QID,
    SLUG,
    SOURCE_COLUMN_PROPERTIES,
    SOURCE_COLUMNS,
    STATEMENT,
    SUBJECT,
    TEXT_COLUMNS,
    TYPE,
    Triple,
    first_day,
    parse_date,
    parse_number,
    read_csv,
    split_cell,
    suggest,
)
from graph.ingest.vocabulary import Vocabulary
from graph.model.errors import AikgError, DataError, display_path
from graph.model.namespaces import AI, ENT, SCHEMA, SRC, STMT, WD
from graph.model.paths import ONTOLOGY_FILE, SHAPES_FILE, default_data_dir
from graph.rdf.bulk import canonical_graph
from graph.rdf.parse import EXTRA_FORMATS, parse_rdf
from graph.rdf.progress import track

__all__ = ["CuratedData", "DataProblems", "Origin", "read_data"]


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
            day = self.first_days[value] = first_day(value)
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
            known = self.dates[value] = parse_date(value)
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
            known = self.numbers[key] = parse_number(value, datatype)
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
        for line, row in read_csv(path, SOURCE_COLUMNS):
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
        for line, row in read_csv(path, ENTITY_COLUMNS):
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = ENT[row["id"]]
            self.entity_ids.add(row["id"])
            self.entity_nodes[row["id"]] = node
            self.data.origins[node] = Origin(path, line, columns)
            types = split_cell(row["types"])
            if not types:
                self.fail("an entity needs at least one type", path, line, "types")
            for name in types:
                cls = self.vocab.classes.get(name)
                if cls is None:
                    self.fail(
                        f"unknown type {name!r}{suggest(name, self.vocab.classes)}",
                        path,
                        line,
                        "types",
                    )
                    continue
                for c in (cls, *self.vocab.superclasses[cls]):
                    self.add(node, RDF.type, c)
            if row["label"]:
                self.add(node, RDFS.label, self.text(row["label"], "en"))
            for alias in split_cell(row.get("aliases", "")):
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
                f"unknown entity {value!r}{suggest(value, self.entity_ids)} "
                "(add it to entities.csv first)",
                path,
                line,
                column,
            )
        return None

    def read_facts(self, path: Path) -> None:
        seen: dict[str, int] = {}
        columns = tuple(FACT_COLUMN_PROPERTIES.items())
        for line, row in track(read_csv(path, FACT_COLUMNS), desc="read facts", unit="row"):
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
                    f"unknown relation {relation!r}{suggest(relation, known)} "
                    "(relations are declared in ontology.ttl)",
                    path,
                    line,
                    "relation",
                )
            triples: list[Triple] = [(node, TYPE, STATEMENT)]
            dates = {column: self.date_cell(row, column, path, line) for column in DATE_COLUMNS}
            for column, value in dates.items():
                if value is not None:
                    triples.append((node, DATE_PROPERTIES[column], value))
            start = dates["start"] or dates["point_in_time"]
            end = dates["end"]
            if start is not None:
                triples.append((node, HOLDS_FROM, self.first_day(start)))
            if end is not None:
                triples.append((node, HOLDS_UNTIL, self.first_day(end)))
            for column, prop in NUMBER_COLUMNS:
                if row.get(column):
                    number = self.number_cell(row[column], column, path, line)
                    if number is not None:
                        triples.append((node, prop, number))
            for column, prop in TEXT_COLUMNS:
                if row.get(column):
                    triples.append((node, prop, self.text(row[column])))
            for column, kind, prop in CONTROLLED_COLUMNS:
                choice = self.controlled(row, column, kind, path, line)
                if choice is not None:
                    triples.append((node, prop, choice))
            for source in split_cell(row.get("sources", "")):
                if source not in self.source_ids:
                    self.fail(
                        f"unknown source {source!r}{suggest(source, self.source_ids)} "
                        "(add it to sources.csv first)",
                        path,
                        line,
                        "sources",
                    )
                else:
                    triples.append((node, DERIVED_FROM, self.source_nodes[source]))
            if row.get("note"):
                triples.append((node, COMMENT, self.text(row["note"], "en")))
            if len(self.problems) > before or subject is None or predicate is None or obj is None:
                continue
            triples += [(node, SUBJECT, subject), (node, PREDICATE, predicate),
                        (node, OBJECT, obj)]  # fmt: skip
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
        parse_rdf(ontology_path, "turtle", ontology)
    except DataError as err:
        raise DataProblems([err]) from None
    data = CuratedData(
        directory=directory,
        vocabulary=Vocabulary.from_ontology(canonical_graph(ontology)),
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
            parse_rdf(path, fmt, extra)
        except DataError as err:
            reader.problems.append(err)
    if reader.problems:
        raise DataProblems(reader.problems)
    data.triples.extend(canonical_graph(extra))
    return data
