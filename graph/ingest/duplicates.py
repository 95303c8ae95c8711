"""The same fact twice, and names that are probably one entity: refused or noted."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations

from rapidfuzz import fuzz, process
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from graph.ingest.columns import first_day
from graph.ingest.records import CuratedData, Fact, Origin
from graph.model.errors import DataError
from graph.model.namespaces import AI

__all__ = [
    "AMOUNT_TOLERANCE",
    "DAYS_TOLERANCE",
    "FUZZY_MAX_NAMES",
    "check_duplicates",
    "normal_name",
    "numbered",
]

#: Two amounts of one relation closer than this share are probably one figure.
AMOUNT_TOLERANCE = Decimal("0.05")
#: Two dates of one relation closer than this many days are probably one event.
DAYS_TOLERANCE = 31
#: Fuzzy name matching compares every pair: above this many names only exact matches
#: (after normalisation) are looked for.
FUZZY_MAX_NAMES = 5000
#: The similarity (0-100, rapidfuzz's ratio) above which two normalised names are noted.
FUZZY_SCORE = 94


def check_duplicates(data: CuratedData, problems: list[DataError]) -> None:
    """Refuse a statement that repeats another (same subject, relation, object, dates
    with the term's end, amount, kind, bound and lifecycle) under another id; note likely
    duplicates and colliding names. A version that differs only in its lifecycle ("in
    talks" against "agreed") or its term is another claim, kept to be ranked, not a copy."""
    exact: dict[tuple[object, ...], Fact] = {}
    by_triple: dict[tuple[object, ...], list[Fact]] = defaultdict(list)
    for fact in data.facts:
        key = (fact.subject, fact.predicate, fact.object, fact.start, fact.end, fact.term_end,
               _amount(fact), fact.kind, fact.amount_bound, fact.quantity_bound,
               _lifecycle(fact))  # fmt: skip
        first = exact.get(key)
        if first is not None:
            problems.append(DataError(
                f"the same fact as {Origin(first.path, first.line)} ({_id(first)}): same "
                "subject, relation, object, dates, amount, kind, bound and status; keep one "
                "row and list both sources in it",
                path=fact.path,
                line=fact.line,
                field="id",
            ))  # fmt: skip
            continue
        exact[key] = fact
        by_triple[(fact.subject, fact.predicate, fact.object, fact.kind)].append(fact)
    for facts in by_triple.values():
        for a, b in combinations(facts, 2):
            why = _likely_same(a, b)
            if why:
                data.notices.append(
                    f"{Origin(b.path, b.line)}: {_id(b)} may repeat {_id(a)} "
                    f"({Origin(a.path, a.line)}): {why}; rank them if sources disagree"
                )
    data.notices.extend(_name_collisions(data))


def _lifecycle(fact: Fact) -> object:
    """The status, an empty one read as in force (both give the direct triple)."""
    return fact.status if fact.status is not None else AI.Active


def _id(fact: Fact) -> str:
    return str(fact.node).rsplit("/", 1)[-1]


def _amount(fact: Fact) -> object:
    value = fact.amount if fact.amount is not None else fact.object
    return value.toPython() if isinstance(value, Literal) else value


def _likely_same(a: Fact, b: Fact) -> str:
    """Why two statements of one relation look like one fact, or ``""``."""
    ranked = {AI.PreferredRank, AI.DeprecatedRank}
    if a.rank in ranked or b.rank in ranked:
        return ""  # a disagreement already ranked
    if a.deal is not None and b.deal is not None and a.deal != b.deal:
        return ""  # two deals: a repeat round or contract, not one fact twice
    x, y = _amount(a), _amount(b)
    if isinstance(x, Decimal | int) and isinstance(y, Decimal | int) and x != y and x and y:
        share = abs(Decimal(x) - Decimal(y)) / max(Decimal(x), Decimal(y))
        if share <= AMOUNT_TOLERANCE and a.start == b.start:
            return f"amounts within {share:.1%}"
    if x == y and a.start is not None and b.start is not None and a.start != b.start:
        days = abs((first_day(a.start).toPython() - first_day(b.start).toPython()).days)
        if days <= DAYS_TOLERANCE:
            return f"the same amount {days} days apart"
    return ""


def normal_name(name: str) -> str:
    """A name reduced for comparing: case, spaces and punctuation dropped.

    >>> normal_name("Open AI"), normal_name("OpenAI, Inc.")
    ('openai', 'openaiinc')
    """
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _name_collisions(data: CuratedData) -> list[str]:
    """Notes for names (labels, aliases) of different entities that are probably one."""
    names: dict[str, set[URIRef]] = defaultdict(set)
    shown: dict[str, str] = {}
    for s, p, o in data.triples:
        if p in (RDFS.label, SKOS.altLabel) and s in data.entities and isinstance(s, URIRef):
            key = normal_name(str(o))
            if key:
                names[key].add(s)
                shown.setdefault(key, str(o))
    notes = [
        f"entities {', '.join(sorted(_slug(e) for e in owners))} share the name "
        f"{shown[key]!r} (compared without case, spaces and punctuation)"
        for key, owners in sorted(names.items())
        if len(owners) > 1
    ]
    keys = sorted(names)
    if len(keys) <= FUZZY_MAX_NAMES:
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
        for i, j in zip(*scores.nonzero(), strict=True):
            if (
                i < j
                and names[keys[i]].isdisjoint(names[keys[j]])
                and not numbered(keys[i], keys[j])
            ):
                notes.append(
                    f"entities {', '.join(sorted(_slug(e) for e in names[keys[i]]))} and "
                    f"{', '.join(sorted(_slug(e) for e in names[keys[j]]))} have near names: "
                    f"{shown[keys[i]]!r} and {shown[keys[j]]!r}"
                )
    return notes


def numbered(a: str, b: str) -> bool:
    """Whether two normalised names differ only in their digits: a series (``Colossus``,
    ``Colossus 2``; ``Fab 21``, ``Fab 22``), not a misspelling.

    >>> numbered("colossus", "colossus2"), numbered("trainium2", "trainium3")
    (True, True)
    >>> numbered("anthropic", "anthropics")
    False
    """
    letters_a = "".join(ch for ch in a if not ch.isdigit())
    letters_b = "".join(ch for ch in b if not ch.isdigit())
    return a != b and letters_a == letters_b


def _slug(entity: URIRef) -> str:
    return str(entity).rsplit("/", 1)[-1]
