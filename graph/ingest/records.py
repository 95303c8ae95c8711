"""What reading a data folder yields: triples, and records of its facts, entities and origins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.ingest.columns import Triple
from graph.ingest.vocabulary import Vocabulary
from graph.model.errors import AikgError, DataError, display_path

__all__ = ["CuratedData", "DataProblems", "EntityInfo", "Fact", "Origin"]


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
class Fact:
    """One row of ``facts.csv`` as the derivations need it (:mod:`graph.ingest.derive`)."""

    node: URIRef
    subject: URIRef
    predicate: URIRef
    object: Node
    path: Path
    line: int
    start: Literal | None = None  # start, else point in time
    end: Literal | None = None
    #: When a contract's term is scheduled to run until (it does not end the statement).
    term_end: Literal | None = None
    kind: URIRef | None = None
    payer: URIRef | None = None
    payee: URIRef | None = None
    deal: URIRef | None = None
    status: URIRef | None = None
    rank: URIRef | None = None
    amount_bound: URIRef | None = None
    quantity_bound: URIRef | None = None
    #: Whether the row gives an amount or a quantity in its own columns.
    has_amount: bool = False
    has_quantity: bool = False
    has_unit: bool = False
    #: The row's own ``amount`` (a figure's number is its object).
    amount: Literal | None = None
    #: Whether an editor checked it against its source (``reviewed_by``).
    reviewed: bool = False
    sources: tuple[URIRef, ...] = ()


@dataclass
class EntityInfo:
    """What the derivations need of an entity: its classes and its lifetime."""

    classes: frozenset[URIRef]
    inception: Literal | None = None
    dissolution: Literal | None = None


@dataclass
class CuratedData:
    """The parsed contents of a data folder, with the origin of every node."""

    directory: Path
    vocabulary: Vocabulary
    shapes_path: Path
    triples: list[Triple] = field(default_factory=list)
    #: Each statement's (subject, predicate, object, whether it makes a truthy triple).
    statements: dict[URIRef, tuple[URIRef, URIRef, Node, bool]] = field(default_factory=dict)
    origins: dict[Node, Origin] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    entities: dict[URIRef, EntityInfo] = field(default_factory=dict)
    #: What the reader wants its user to know without failing (an old layout, a likely
    #: duplicate), one line each, naming the file and line.
    notices: list[str] = field(default_factory=list)
    #: The parties each source is issued by (``ai:issuedBy``).
    issuers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
