"""The stored-query answers that a change moves: each query run on both graphs for every
entity the change touches, and the rows added and removed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

from graph.curate.terms import term_text
from graph.model.errors import QueryError
from graph.sparql.binding import bind_params
from graph.sparql.catalogue import StoredQuery, load_query
from graph.sparql.execute import execute_query
from graph.sparql.safety import check_query

__all__ = [
    "DEFAULT_PLANS",
    "MAX_ENTITIES",
    "AnswerChange",
    "QueryPlan",
    "answer_changes",
    "plans_for",
]

#: Above this many touched entities, the answers are compared for the first ones only
#: (by IRI); ``aikg diff --max-entities`` changes it.
MAX_ENTITIES = 50


@dataclass(frozen=True)
class QueryPlan:
    """A stored query and the entity parameter a touched entity is bound to."""

    query: str
    param: str


#: The questions asked of each touched entity, in the order outputs show them.
DEFAULT_PLANS = (
    QueryPlan("investors_of", "entity"),
    QueryPlan("investment_totals", "target"),
    QueryPlan("money_flows", "entity"),
    QueryPlan("competitors_of", "entity"),
    QueryPlan("partners_of", "entity"),
    QueryPlan("dependencies_of", "entity"),
    QueryPlan("dependents_of", "entity"),
    QueryPlan("holds_on", "subject"),
    QueryPlan("holds_on", "object"),
    QueryPlan("conflicts", "entity"),
)


@dataclass(frozen=True)
class AnswerChange:
    """The rows of one query for one entity that only one side answers."""

    query: str
    params: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    added: tuple[tuple[str, ...], ...]
    removed: tuple[tuple[str, ...], ...]


def _runnable(query: StoredQuery, param: str) -> None:
    declared = query.param(param)
    if declared is None or declared.type != "entity":
        raise QueryError(f"{query.name} has no entity parameter {param!r}")
    for other in query.params:
        if other.required and other.name != param and other.type != "date":
            raise QueryError(
                f"{query.name} cannot be asked about one entity: it needs {other.name!r} too"
            )


def plans_for(names: Sequence[str]) -> tuple[QueryPlan, ...]:
    """The plans of the stored queries ``names``: their default plans, else one per entity
    parameter. ``NAME:PARAM`` picks the parameter.

    Raises:
        QueryError: no such query, or one that cannot be asked about a single entity.
    """
    plans: list[QueryPlan] = []
    for name in names:
        query_name, _sep, param = name.partition(":")
        query = load_query(query_name)
        if param:
            chosen = [QueryPlan(query.name, param)]
        else:
            chosen = [p for p in DEFAULT_PLANS if p.query == query.name] or [
                QueryPlan(query.name, p.name) for p in query.params if p.type == "entity"
            ]
        if not chosen:
            raise QueryError(f"{query.name} has no entity parameter to ask about an entity")
        for plan in chosen:
            _runnable(query, plan.param)
            if plan not in plans:
                plans.append(plan)
    return tuple(plans)


@lru_cache(maxsize=64)
def _parsed(text: str) -> Query | None:
    """A stored query checked and parsed, once per process; None when it picks its dataset.

    Evaluating a parsed query leaves it as it was, so it is shared between comparisons.
    """
    parsed = check_query(text)
    return None if parsed.algebra.get("datasetClause") else parsed


class _Asker:
    """One stored query, checked and parsed once, asked of both graphs for many entities.

    Parsing is most of the time a SPARQL query takes on a small graph, so the parsed query
    is evaluated again and again; a query that picks its dataset (``FROM``) goes through
    :func:`graph.sparql.execute.execute_query` each time instead.
    """

    def __init__(self, query: StoredQuery) -> None:
        self.query = query
        self.parsed = _parsed(query.text)

    def rows(self, g: Graph, params: dict[str, object]) -> tuple[list[str], list[tuple[str, ...]]]:
        bindings = bind_params(g, self.query, params)
        if self.parsed is None:
            result = execute_query(g, self.query.text, bindings=bindings)
        else:
            try:
                result = g.query(self.parsed, initBindings=bindings)
                _ = result.bindings
            except Exception as err:
                raise QueryError(f"{self.query.name}: the query failed: {err}") from None
        names = [str(v) for v in result.vars or []]
        rows = [
            tuple(
                "" if row.get(Variable(n)) is None else term_text(row[Variable(n)]) for n in names
            )
            for row in result.bindings
        ]
        # A row with nothing bound says nothing (rdflib's one group of no solutions).
        return names, [row for row in rows if any(row)]


def answer_changes(
    old: Graph,
    new: Graph,
    entities: Sequence[URIRef],
    *,
    as_of: date,
    plans: Sequence[QueryPlan] = DEFAULT_PLANS,
) -> list[AnswerChange]:
    """For each plan and entity, the rows the new graph answers and the old does not, and
    the other way round (as multisets; a query's date parameter is ``as_of``). A query
    missing from the catalogue is left out.

    Raises:
        QueryError: a query fails on one of the graphs.
    """
    found = []
    for plan in plans:
        try:
            query = load_query(plan.query)
            _runnable(query, plan.param)
        except QueryError:
            continue
        asker = _Asker(query)
        dates = {p.name: as_of for p in query.params if p.type == "date" and p.required}
        for entity in entities:
            params: dict[str, object] = {plan.param: entity, **dates}
            names, before = asker.rows(old, params)
            _names, after = asker.rows(new, params)
            gained, lost = Counter(after) - Counter(before), Counter(before) - Counter(after)
            if not gained and not lost:
                continue
            shown = sorted(
                (k, term_text(v) if isinstance(v, URIRef) else str(v)) for k, v in params.items()
            )
            found.append(
                AnswerChange(
                    query=query.name,
                    params=tuple(shown),
                    columns=tuple(names),
                    added=tuple(sorted(gained.elements())),
                    removed=tuple(sorted(lost.elements())),
                )
            )
    return found
