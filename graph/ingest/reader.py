"""Reading a curated data folder into checked triples, every node traced to its file and line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from graph.ingest.columns import (
    COMMENT,
    CONTROLLED_COLUMNS,
    DATE_COLUMNS,
    DATE_PROPERTIES,
    DERIVED_FROM,
    ENTITY_COLUMN_PROPERTIES,
    FACT_COLUMN_PROPERTIES,
    NUMBER_COLUMNS,
    OBJECT,
    PREDICATE,
    QID,
    SLUG,
    SOURCE_COLUMN_PROPERTIES,
    STATEMENT,
    SUBJECT,
    TEXT_COLUMNS,
    TYPE,
    Triple,
    first_day,
    parse_date,
    parse_number,
    split_cell,
    suggest,
)
from graph.ingest.records import CuratedData, EntityInfo, Fact, Origin
from graph.model.errors import DataError
from graph.model.namespaces import AI, EDITOR, ENT, SCHEMA, SRC, STMT, WD
from graph.rdf.progress import track

__all__ = ["HANDLE", "QUOTE_MAX", "RETIRED_STATUSES", "Reader"]


#: An editor's handle, as ``reviewed_by`` gives it.
HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: The longest ``quote``: a sentence, not a paragraph.
QUOTE_MAX = 300

#: Statuses of data model 1 that are evidence, not lifecycle: what to write instead.
RETIRED_STATUSES = {
    name: f"status {name!r} says how a fact is known, which the build now computes from its "
    "sources (ai:evidence); status is the lifecycle only: leave it empty or use Proposed, "
    "Planned, Active, Completed, Ended or Cancelled"
    for name in ("Announced", "Reported")
}


class Reader:
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
        #: Where each id was first written, per kind of record.
        self.seen: dict[str, dict[str, tuple[Path, int]]] = {
            "sources": {},
            "entities": {},
            "facts": {},
        }
        #: The relations nothing may have with itself that the shapes leave to the reader:
        #: all but the symmetric ones and their sub-properties (a shape refuses those).
        self.irreflexive = {
            prop
            for prop in self.vocab.relations.values()
            if not any(
                up in self.vocab.symmetric
                for up in self.vocab.ontology.transitive_objects(prop, RDFS.subPropertyOf)
            )
        }
        #: ``issued_by`` cells, resolved once the entities are read.
        self.issued_by: list[tuple[URIRef, str, Path, int]] = []

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

    def items(self, row: dict[str, str], column: str, path: Path, line: int) -> list[str]:
        """The items of a ``|`` list cell; an empty item (``a||b``, ``a|``) is a problem."""
        try:
            return split_cell(row.get(column, ""))
        except ValueError as err:
            self.fail(str(err), path, line, column)
            return []

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.data.triples.append((s, p, o))

    def claim_id(
        self, value: str, seen: dict[str, tuple[Path, int]], path: Path, line: int
    ) -> bool:
        if not SLUG.match(value):
            self.fail(
                f"{value!r} is not a valid id; use lowercase letters, digits and single hyphens",
                path,
                line,
                "id",
            )
            return False
        if value in seen:
            first_path, first_line = seen[value]
            where = (
                f"line {first_line}" if first_path == path else f"{Origin(first_path, first_line)}"
            )
            self.fail(f"duplicate id {value!r} (first used on {where})", path, line, "id")
            return False
        seen[value] = (path, line)
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

    def read_sources(self, rows: Iterable[tuple[Path, int, dict[str, str]]]) -> None:
        seen = self.seen["sources"]
        columns = tuple(SOURCE_COLUMN_PROPERTIES.items())
        for path, line, row in rows:
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
            if row.get("label"):
                self.add(node, RDFS.label, self.text(row["label"], "en"))
            for reporter in self.items(row, "original_reporter", path, line):
                self.add(node, AI.originalReporter, self.text(reporter))
            if self.items(row, "issued_by", path, line):
                self.issued_by.append((node, row["issued_by"], path, line))
            when = self.date_cell(row, "date", path, line)
            if when is not None:
                self.add(node, DCTERMS.date, when)
            url = row.get("url", "")
            if url:
                if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
                    self.fail(f"{url!r} is not an http(s) address", path, line, "url")
                else:
                    self.add(node, SCHEMA.url, URIRef(url))

    def read_entities(self, rows: Iterable[tuple[Path, int, dict[str, str]]]) -> None:
        seen = self.seen["entities"]
        columns = tuple(ENTITY_COLUMN_PROPERTIES.items())
        for path, line, row in rows:
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = ENT[row["id"]]
            self.entity_ids.add(row["id"])
            self.entity_nodes[row["id"]] = node
            self.data.origins[node] = Origin(path, line, columns)
            types = self.items(row, "types", path, line)
            classes: set[URIRef] = set()
            if not row["types"]:
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
                    classes.add(c)
            if row["label"]:
                self.add(node, RDFS.label, self.text(row["label"], "en"))
            for alias in self.items(row, "aliases", path, line):
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
            info = self.data.entities[node] = EntityInfo(frozenset(classes))
            info.inception = self.date_cell(row, "inception", path, line)
            info.dissolution = self.date_cell(row, "dissolution", path, line)
            for prop, value in ((AI.inception, info.inception),
                                (AI.dissolution, info.dissolution)):  # fmt: skip
                if value is not None:
                    self.add(node, prop, value)
            for source in self.source_cells(row, path, line):
                self.add(node, DERIVED_FROM, source)

    def source_cells(self, row: dict[str, str], path: Path, line: int) -> list[URIRef]:
        """The sources a row's ``sources`` cell names; an unknown one is a problem."""
        found = []
        for source in self.items(row, "sources", path, line):
            if source not in self.source_ids:
                self.fail(
                    f"unknown source {source!r}{suggest(source, self.source_ids)} "
                    "(add the source first: its file in sources/, or a row of sources.csv)",
                    path,
                    line,
                    "sources",
                )
            else:
                found.append(self.source_nodes[source])
        return found

    def resolve_issuers(self) -> None:
        """Each source's ``issued_by`` parties, now that the entities are known."""
        for node, cell, path, line in self.issued_by:
            parties = [self.entity(name, path, line, "issued_by") for name in split_cell(cell)]
            for party in parties:
                if party is not None:
                    self.add(node, AI.issuedBy, party)
            self.data.issuers[node] = frozenset(p for p in parties if p is not None)

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

    def read_facts(self, rows: Iterable[tuple[Path, int, dict[str, str]]]) -> None:
        seen = self.seen["facts"]
        columns = tuple(FACT_COLUMN_PROPERTIES.items())
        for path, line, row in track(rows, desc="read facts", unit="row"):
            if not self.claim_id(row["id"], seen, path, line):
                continue
            node = STMT[row["id"]]
            self.data.origins[node] = Origin(path, line, columns)
            before = len(self.problems)
            subject = self.entity(row["subject"], path, line, "subject")
            predicate, obj = self.relation_cells(row, path, line)
            if subject is not None and subject == obj and predicate in self.irreflexive:
                self.fail(
                    f"{row['subject']!r} is both the subject and the object: nothing is in "
                    f"{'an' if row['relation'][:1] in 'aeiou' else 'a'} {row['relation']} "
                    "relation with itself",
                    path,
                    line,
                    "object",
                )
            triples: list[Triple] = [(node, TYPE, STATEMENT)]
            fact = Fact(node, subject or node, predicate or node, obj or node, path, line)
            self.qualifier_cells(row, fact, triples)
            self.party_cells(row, fact, triples)
            fact.sources = tuple(self.source_cells(row, path, line))
            triples += [(node, DERIVED_FROM, source) for source in fact.sources]
            if row.get("note"):
                triples.append((node, COMMENT, self.text(row["note"], "en")))
            if len(self.problems) > before or subject is None or predicate is None or obj is None:
                continue
            triples += [(node, SUBJECT, subject), (node, PREDICATE, predicate),
                        (node, OBJECT, obj)]  # fmt: skip
            self.data.triples.extend(triples)
            self.data.facts.append(fact)

    def qualifier_cells(self, row: dict[str, str], fact: Fact, triples: list[Triple]) -> None:
        """A fact's dates, numbers, texts and controlled values, as triples and on ``fact``."""
        node, path, line = fact.node, fact.path, fact.line
        dates = {column: self.date_cell(row, column, path, line) for column in DATE_COLUMNS}
        for column, value in dates.items():
            if value is not None:
                triples.append((node, DATE_PROPERTIES[column], value))
        for column, prop in NUMBER_COLUMNS:
            if row.get(column):
                number = self.number_cell(row[column], column, path, line)
                if number is not None:
                    triples.append((node, prop, number))
                    if column == "amount":
                        fact.amount = number
        for column, prop in TEXT_COLUMNS:
            if row.get(column):
                triples.append((node, prop, self.text(row[column])))
        if row.get("rank_reason"):
            triples.append((node, AI.rankReason, self.text(row["rank_reason"], "en")))
        self.review_cells(row, fact, triples)
        if row.get("status") in RETIRED_STATUSES:
            self.fail(RETIRED_STATUSES[row["status"]], path, line, "status")
            row = {**row, "status": ""}
        choices = {}
        for column, kind, prop in CONTROLLED_COLUMNS:
            choice = choices[column] = self.controlled(row, column, kind, path, line)
            if choice is not None:
                triples.append((node, prop, choice))
        unit = self.unit_cell(row, path, line)
        if unit is not None:
            triples.append((node, AI.unit, unit))
        fact.start, fact.end = dates["start"] or dates["point_in_time"], dates["end"]
        fact.term_end = dates["term_end"]
        fact.status, fact.rank, fact.kind = (
            choices["status"],
            choices["rank"],
            choices["amount_kind"],
        )
        fact.amount_bound = choices["amount_bound"]
        fact.quantity_bound = choices["quantity_bound"]
        fact.has_amount, fact.has_quantity = bool(row.get("amount")), bool(row.get("quantity"))
        fact.has_unit = unit is not None
        if row.get("amount") and fact.kind is None and not row.get("amount_kind"):
            kinds = ", ".join(sorted(self.vocab.values[AI.AmountKind]))
            self.fail(f"an amount needs its amount_kind: one of {kinds}", path, line, "amount_kind")

    def review_cells(self, row: dict[str, str], fact: Fact, triples: list[Triple]) -> None:
        """Who checked the fact against its source and when, and the words that support it."""
        node, path, line = fact.node, fact.path, fact.line
        handle, day, quote = (row.get(c, "") for c in ("reviewed_by", "reviewed_on", "quote"))
        if handle:
            if not HANDLE.fullmatch(handle):
                self.fail(f"{handle!r} is not a handle: letters, digits, '.', '_' or '-'",
                          path, line, "reviewed_by")  # fmt: skip
            else:
                editor = EDITOR[handle]
                triples += [(node, PROV.wasAttributedTo, editor), (editor, RDF.type, PROV.Agent),
                            (editor, RDFS.label, self.text(handle))]  # fmt: skip
                fact.reviewed = True
        if day:
            when = self.date_cell(row, "reviewed_on", path, line)
            if when is not None and when.datatype != XSD.date:
                self.fail("reviewed_on is a day: YYYY-MM-DD", path, line, "reviewed_on")
            elif when is not None:
                triples.append((node, AI.reviewedOn, when))
            if not handle:
                self.fail(
                    "reviewed_on needs reviewed_by (who checked it)", path, line, "reviewed_on"
                )
        if quote:
            if len(quote) > QUOTE_MAX:
                self.fail(f"a quote is a few words, at most {QUOTE_MAX} characters "
                          f"(this one has {len(quote)})", path, line, "quote")  # fmt: skip
            else:
                triples.append((node, AI.quote, self.text(quote, "en")))

    def party_cells(self, row: dict[str, str], fact: Fact, triples: list[Triple]) -> None:
        """A fact's payer, payee and deal as written (the build derives the rest)."""
        for column in ("payer", "payee", "deal"):
            if row.get(column):
                setattr(fact, column, self.entity(row[column], fact.path, fact.line, column))
        if fact.deal is not None:
            triples.append((fact.node, AI.partOfDeal, fact.deal))
            if AI.Deal not in self.data.entities[fact.deal].classes:
                message = f"{row['deal']!r} is not a deal (give it a Deal type)"
                self.fail(message, fact.path, fact.line, "deal")

    def relation_cells(
        self, row: dict[str, str], path: Path, line: int
    ) -> tuple[URIRef | None, Node | None]:
        """The predicate and object of a fact: an entity for a relation, a number for a figure."""
        relation = row["relation"]
        if relation in self.vocab.relations:
            return self.vocab.relations[relation], self.entity(row["object"], path, line, "object")
        if relation in self.vocab.figures:
            predicate, datatype = self.vocab.figures[relation]
            return predicate, self.number_cell(row["object"], "object", path, line, datatype)
        known = [*self.vocab.relations, *self.vocab.figures]
        self.fail(
            f"unknown relation {relation!r}{suggest(relation, known)} "
            "(relations are declared in ontology.ttl)",
            path,
            line,
            "relation",
        )
        return None, None

    def unit_cell(self, row: dict[str, str], path: Path, line: int) -> URIRef | None:
        """The unit named by its code (the ``skos:notation`` of an ``ai:Unit``)."""
        code = row.get("unit", "")
        if not code:
            return None
        unit = self.vocab.units.get(code)
        if unit is None:
            known = ", ".join(sorted(self.vocab.units))
            self.fail(f"unknown unit {code!r}; use one of {known}", path, line, "unit")
        return unit
