"""Query results as people read them: sources by title and publisher, money with its
currency and bound ("up to $100B"), vocabulary terms in words ("Right of first refusal").

The machine formats (CSV, TSV, JSON, the SPARQL results) keep the exact values; this is
for the tables a person reads, in the terminal and on the web pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from graph.model.namespaces import AI, PREFIXES, SRC
from graph.model.vocabulary import term_words
from graph.network.edges import money_text
from graph.rdf.tables import format_table

__all__ = ["Shown", "readable_rows", "readable_table", "result_table", "source_iris"]

#: Columns whose number is an amount of money, read with the row's currency and bound.
_MONEY = re.compile(r"(?i)(.*amount|.*total)")
#: The columns that carry an amount's currency and its bound (ai:amountBound).
_CURRENCY_COLUMNS = ("currency",)
_BOUND_COLUMNS = ("bound", "amountBound")

#: Each source's title, publisher and URL by IRI (:func:`graph.network.lookup.fetch_sources`).
Sources = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Shown:
    """One piece of a cell as shown: its ``text``, the web page it may link (``url``, a
    source's page), and the IRI it stands for (``iri``: the web pages link an entity's)."""

    text: str
    url: str = ""
    iri: str = ""


def _short(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and re.fullmatch(r"[A-Za-z0-9_.-]*", iri[len(base) :]):
            return f"{prefix}:{iri[len(base) :]}"
    return f"<{iri}>"


def _source(iri: str, sources: Sources) -> Shown:
    info = sources.get(iri, {})
    text = info.get("title") or iri.removeprefix(str(SRC))
    if info.get("publisher"):
        text = f"{text} ({info['publisher']})"
    return Shown(text, url=info.get("url", ""), iri=iri)


def _source_list(value: Literal) -> list[str] | None:
    """The source IRIs a text of space-separated IRIs holds (a GROUP_CONCAT), or None."""
    iris = str(value).split()
    if iris and all(i.startswith(str(SRC)) and len(i) > len(str(SRC)) for i in iris):
        return iris
    return None


def _local(term: Node | None) -> str:
    return str(term).removeprefix(str(AI)) if term is not None else ""


def _money(name: str, term: Node | None, row: Mapping[str, Node | None]) -> str | None:
    """The amount in column ``name`` with the row's currency and bound, or None when the
    column is not money (or the row says no currency)."""
    if not isinstance(term, Literal) or not _MONEY.fullmatch(name):
        return None
    currency = next((row[c] for c in _CURRENCY_COLUMNS if row.get(c) is not None), None)
    if currency is None:
        return None
    bound = _local(next((row[c] for c in _BOUND_COLUMNS if row.get(c) is not None), None))
    if not bound and str(row.get("precision") or "") == "approximate":
        bound = "About"  # a sum of amounts not all exact (investment_totals)
    return money_text(str(term), str(currency), bound=bound) or None


def _cell(name: str, row: Mapping[str, Node | None], sources: Sources) -> list[Shown]:
    term = row.get(name)
    if term is None:
        return []
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(str(SRC)):
            return [_source(iri, sources)]
        if iri.startswith(str(AI)) and len(iri) > len(str(AI)):
            return [Shown(term_words(iri), iri=iri)]
        return [Shown(_short(iri), iri=iri)]
    if isinstance(term, BNode):
        return [Shown(f"_:{term}")]
    assert isinstance(term, Literal)
    money = _money(name, term, row)
    if money is not None:
        return [Shown(money)]
    listed = _source_list(term)
    if listed is not None:
        return [_source(iri, sources) for iri in listed]
    return [Shown(str(term))]


def source_iris(result: Result) -> set[str]:
    """The source IRIs a SELECT result names: alone in a cell, or listed in a text."""
    found: set[str] = set()
    for row in result.bindings if result.type == "SELECT" else []:
        for term in row.values():
            if isinstance(term, URIRef) and str(term).startswith(str(SRC)):
                found.add(str(term))
            elif isinstance(term, Literal):
                found.update(_source_list(term) or [])
    return found


def readable_rows(
    names: Sequence[str], rows: Iterable[Mapping[str, Node | None]], sources: Sources
) -> list[list[list[Shown]]]:
    """Each row's cells, each a list of pieces (a cell listing three sources has three).

    >>> from rdflib import XSD
    >>> row = {"amount": Literal("1e11", datatype=XSD.decimal), "currency": Literal("USD"),
    ...        "bound": AI.UpTo, "evidence": AI.Reported}
    >>> [[p.text for p in cell] for cell in readable_rows(list(row), [row], {})[0]]
    [['up to $100B'], ['USD'], ['Up to'], ['Reported']]
    """
    return [[_cell(n, row, sources) for n in names] for row in rows]


def result_table(result: Result) -> tuple[list[str], list[dict[str, Node | None]]]:
    """A SELECT result's column names and rows keyed by them (None where unbound)."""
    names = [str(v) for v in result.vars or []]
    return names, [{n: row.get(Variable(n)) for n in names} for row in result.bindings]


def readable_table(result: Result, sources: Sources) -> str:
    """A SELECT or ASK result as an aligned text table people read (:func:`readable_rows`);
    "0 rows" under the header when nothing matched."""
    if result.type == "ASK":
        return "true\n" if result.askAnswer else "false\n"
    names, rows = result_table(result)
    cells = [
        ["; ".join(p.text for p in cell) for cell in row]
        for row in readable_rows(names, rows, sources)
    ]
    return format_table(names, cells) + ("\n" if cells else "\n0 rows\n")
