"""What the build derives for each statement: who pays, how we know, when it holds, whether it
is current. Data model 2 (docs/data-model.md) says why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, Literal, URIRef

from graph.ingest.columns import HOLDS_FROM, HOLDS_UNTIL, Triple, first_day, parse_number
from graph.ingest.records import CuratedData, Fact
from graph.model.errors import DataError
from graph.model.namespaces import AI
from graph.model.vocabulary import local_name

__all__ = ["MOVING_KINDS", "SPEAKS_FOR", "TRUTHY_STATUSES", "derive_statements"]

#: The amount kinds where money moves from a payer to a payee.
MOVING_KINDS = frozenset(
    {
        AI.InvestmentAmount,
        AI.ContractValue,
        AI.PurchaseCommitment,
        AI.DebtFinancing,
        AI.PurchasePrice,
    }
)
#: The lifecycle statuses whose statements make a current ("truthy") triple; None is unset.
TRUTHY_STATUSES = frozenset({None, AI.Active, AI.Completed})
#: Relations whose subject speaks for the object: a source it issues about the object's facts
#: is a party's own announcement (OpenAI's post on Stargate's funders).
SPEAKS_FOR = frozenset({AI.partyTo, AI.leadPartnerOf, AI.operates, AI.announced})


def derive_statements(data: CuratedData, problems: list[DataError]) -> None:
    """Add the derived qualifiers of every statement to ``data`` and fill
    ``data.statements``; a row whose money contradicts its relation is a problem."""
    speakers: dict[object, set[URIRef]] = defaultdict(set)
    members: dict[URIRef, set[URIRef]] = defaultdict(set)
    for fact in data.facts:
        if fact.predicate in SPEAKS_FOR:
            speakers[fact.object].add(fact.subject)
        if fact.deal is not None:
            members[fact.deal].update(_entities(data, (fact.subject, fact.object)))
    out = data.triples
    for fact in data.facts:
        payer, payee = _money(data, fact, problems, out)
        parties = {*_entities(data, (fact.subject, fact.object, payer, payee))}
        parties |= speakers[fact.subject] | speakers[fact.object]
        if fact.deal is not None:
            parties |= members[fact.deal] | {fact.deal}
        out.append((fact.node, AI.evidence, _evidence(data, fact, parties)))
        until = _bounds(data, fact, out)
        if fact.rank is None:
            out.append((fact.node, AI.rank, AI.NormalRank))
        current = (
            fact.end is None
            and until is None
            and fact.status in TRUTHY_STATUSES
            and fact.rank != AI.DeprecatedRank
        )
        data.statements[fact.node] = (fact.subject, fact.predicate, fact.object, current)


def _entities(data: CuratedData, terms: Iterable[object]) -> list[URIRef]:
    return [t for t in terms if isinstance(t, URIRef) and t in data.entities]


def _money(
    data: CuratedData, fact: Fact, problems: list[DataError], out: list[Triple]
) -> tuple[URIRef | None, URIRef | None]:
    """Amount, kind, bound, payer and payee of a statement; returns the payer and payee."""
    vocab, node = data.vocabulary, fact.node

    def fail(message: str, column: str) -> None:
        problems.append(DataError(message, path=fact.path, line=fact.line, field=column))

    kind = fact.kind
    if fact.predicate in vocab.money_figures:
        implied = vocab.figure_kind.get(fact.predicate)
        if kind is not None and implied is not None and kind != implied:
            fail(f"a {local_name(fact.predicate)} is a {local_name(implied)}, "
                 f"not a {local_name(kind)}", "amount_kind")  # fmt: skip
        if kind is None:
            kind = implied
            if kind is None:
                fail(f"a {local_name(fact.predicate)} needs its amount_kind", "amount_kind")
            else:
                out.append((node, AI.amountKind, kind))
        out.append((node, AI.amount, fact.object))
    if (fact.has_amount or fact.predicate in vocab.money_figures) and fact.amount_bound is None:
        out.append((node, AI.amountBound, AI.Exact))
    unit = vocab.figure_unit.get(fact.predicate)
    if unit is not None:
        out.append((node, AI.quantity, parse_number(str(fact.object))))
        if not fact.has_unit:
            out.append((node, AI.unit, unit))
    if (fact.has_quantity or unit is not None) and fact.quantity_bound is None:
        out.append((node, AI.quantityBound, AI.Exact))
    if kind not in MOVING_KINDS:
        if fact.payer is not None or fact.payee is not None:
            column = "payer" if fact.payer is not None else "payee"
            fail("payer and payee go with money that moves: amount_kind InvestmentAmount, "
                 "ContractValue, PurchaseCommitment, DebtFinancing or PurchasePrice",
                 column)  # fmt: skip
        return None, None
    payer, payee = fact.payer, fact.payee
    side = vocab.payer_side.get(fact.predicate)
    if side is not None:
        subject, obj = fact.subject, fact.object
        derived = (subject, obj) if side == RDF.subject else (obj, subject)
        for column, given, expected in (("payer", payer, derived[0]), ("payee", payee, derived[1])):
            if given is not None and given != expected:
                fail(f"{column} {local_name(given)!r} contradicts the relation: in a "
                     f"{local_name(fact.predicate)} statement the {column} is the "
                     f"{'subject' if expected == subject else 'object'} "
                     f"({local_name(expected)!r}); leave the column empty", column)  # fmt: skip
        payer, payee = derived[0], derived[1]  # type: ignore[assignment]
    else:
        info = data.entities.get(fact.subject)
        deal = info is not None and AI.Deal in info.classes
        if payee is None and not (deal and kind == AI.PurchasePrice):
            fail(f"money moves ({local_name(kind)}) and {local_name(fact.predicate)} does not "
                 "say who receives it: give the payee", "payee")  # fmt: skip
        if payer is None and not (deal and kind != AI.PurchasePrice):
            fail(f"money moves ({local_name(kind)}) and {local_name(fact.predicate)} does not "
                 "say who pays: give the payer", "payer")  # fmt: skip
    for prop, party in ((AI.payer, payer), (AI.payee, payee)):
        if party is not None:
            out.append((node, prop, party))
    return payer, payee


def _evidence(data: CuratedData, fact: Fact, parties: set[URIRef]) -> URIRef:
    """Announced when a source is issued by a party to the fact; else Reported, or
    SingleReport when exactly one page reports it."""
    for source in fact.sources:
        if data.issuers.get(source, frozenset()) & parties:
            return AI.Announced
    return AI.SingleReport if len(fact.sources) == 1 else AI.Reported


def _bounds(data: CuratedData, fact: Fact, out: list[Triple]) -> Literal | None:
    """``ai:holdsFrom`` and ``ai:holdsUntil``: the statement's own dates narrowed by the
    inception and dissolution of what it is about. Returns the ``holdsUntil`` bound."""
    starts = [first_day(fact.start)] if fact.start is not None else []
    ends = [first_day(fact.end)] if fact.end is not None else []
    for term in (fact.subject, fact.object, fact.deal):
        info = data.entities.get(term) if isinstance(term, URIRef) else None
        if info is not None:
            if info.inception is not None:
                starts.append(first_day(info.inception))
            if info.dissolution is not None:
                ends.append(first_day(info.dissolution))
    if starts:
        out.append((fact.node, HOLDS_FROM, max(starts, key=str)))
    if ends:
        until = min(ends, key=str)
        out.append((fact.node, HOLDS_UNTIL, until))
        return until
    return None
