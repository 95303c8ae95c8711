"""A whole comparison of two sides: the graph diff and the query answers it moves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.curate.answers import (
    DEFAULT_PLANS,
    MAX_ENTITIES,
    AnswerChange,
    QueryPlan,
    answer_changes,
)
from graph.curate.diff import GraphDiff, diff_graphs
from graph.curate.revisions import Side
from graph.curate.sides import BuiltSide

__all__ = ["Comparison", "compare"]


@dataclass
class Comparison:
    """What ``aikg diff`` reports: the two sides, what differs, and the answers that moved."""

    old: Side
    new: Side
    as_of: date
    diff: GraphDiff
    answers: list[AnswerChange] = field(default_factory=list)
    #: The queries asked, as ``name(param)``; empty when answers were not compared.
    asked: list[str] = field(default_factory=list)
    #: Touched entities whose answers were not compared (beyond ``max_entities``).
    skipped: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return self.diff.equal


def compare(
    old: BuiltSide,
    new: BuiltSide,
    *,
    as_of: date,
    plans: Sequence[QueryPlan] = DEFAULT_PLANS,
    max_entities: int = MAX_ENTITIES,
) -> Comparison:
    """Compare two built sides: the graph diff, then each plan's answers for the first
    ``max_entities`` touched entities (by IRI) on both graphs.

    Raises:
        QueryError: a stored query fails on one of the graphs.
    """
    diff = diff_graphs(old.graph, new.graph)
    comparison = Comparison(old.side, new.side, as_of, diff)
    if diff.equal or not plans:
        return comparison
    entities = diff.touched[: max(max_entities, 0)]
    comparison.skipped = [str(e) for e in diff.touched[len(entities) :]]
    comparison.asked = [f"{p.query}({p.param})" for p in plans]
    comparison.answers = answer_changes(old.graph, new.graph, entities, as_of=as_of, plans=plans)
    return comparison
