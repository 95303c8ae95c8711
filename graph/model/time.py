"""When a statement holds (on a day, three-valued; and now, the truthy rule), and its dates
as the data writes them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum

__all__ = [
    "BOUNDS",
    "CURRENT_STATUSES",
    "NEVER_HOLDING_STATUSES",
    "Holding",
    "date_text",
    "end_text",
    "start_text",
    "statement_current",
    "statement_holds",
]


#: The keys of a statement's computed bounds (``ai:holdsFrom``, ``ai:holdsUntil``): an
#: ``xsd:date``, a month or a year read as its first day. They are for comparing dates;
#: what is shown is the qualifier they were computed from (``start``, ``point_in_time``,
#: ``end``), which keeps the precision of the source.
BOUNDS = ("holds_from", "holds_until")
#: Lifecycle statuses (local names) whose statements never hold on any day: talks, plans,
#: deals called off.
NEVER_HOLDING_STATUSES = frozenset({"Proposed", "Planned", "Cancelled"})
#: Lifecycle statuses (local names; None is unset) whose open statements hold now.
CURRENT_STATUSES = frozenset({None, "Active", "Completed"})
#: The rank (local name) of a statement that totals, views and analytics skip.
DEPRECATED = "DeprecatedRank"


class Holding(Enum):
    """Whether a statement holds on a day: it does, it does not, or it is undated (no known
    start, so nothing says whether it held then)."""

    HOLDS = "holds"
    UNDATED = "undated"
    NOT_HOLDING = "not holding"

    def __bool__(self) -> bool:
        raise TypeError("a Holding is three-valued: compare it with Holding.HOLDS")


def statement_holds(
    holds_from: date | None,
    holds_until: date | None,
    day: date,
    *,
    status: str | None = None,
    rank: str | None = None,
) -> Holding:
    """Whether a statement with these bounds, lifecycle ``status`` and ``rank`` (local names)
    holds on ``day``: known start ≤ day < known end.

    Without a start it is :attr:`Holding.UNDATED` while its end (if any) is after ``day``.
    Proposed, Planned and Cancelled statements, and deprecated ones, never hold.

    >>> statement_holds(date(2025, 1, 21), date(2025, 10, 28), date(2025, 6, 30)).value
    'holds'
    >>> statement_holds(None, None, date(2025, 6, 30)).value
    'undated'
    >>> statement_holds(None, date(2025, 1, 21), date(2025, 1, 21)).value
    'not holding'
    >>> statement_holds(date(2025, 1, 1), None, date(2025, 6, 30), status="Planned").value
    'not holding'
    """
    if status in NEVER_HOLDING_STATUSES or rank == DEPRECATED:
        return Holding.NOT_HOLDING
    if holds_until is not None and holds_until <= day:
        return Holding.NOT_HOLDING
    if holds_from is None:
        return Holding.UNDATED
    return Holding.HOLDS if holds_from <= day else Holding.NOT_HOLDING


def statement_current(*, ended: bool, status: str | None = None, rank: str | None = None) -> bool:
    """Whether a statement holds now (the truthy rule of the build): it has no end (no end
    date and no ``ai:holdsUntil``), its status is Active, Completed or unset, and it is not
    deprecated.

    >>> statement_current(ended=False, status="Active"), statement_current(ended=False,
    ...     status="Proposed")
    (True, False)
    """
    return not ended and status in CURRENT_STATUSES and rank != DEPRECATED


def date_text(value: object) -> str:
    """A date as the data writes it, for output: a year stays a year, a month a month.

    A literal or a string gives its lexical form (``"2019"``, ``"2023-09"``,
    ``"2024-10-02"``), never its value read as a day; a :class:`datetime.date` (a day
    someone chose, such as ``--as-of``) its ISO form; nothing gives ``""``.

    >>> from rdflib import XSD, Literal
    >>> date_text(Literal("2019", datatype=XSD.gYear)), date_text(date(2025, 6, 30))
    ('2019', '2025-06-30')
    >>> date_text(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def start_text(st: Mapping[str, object]) -> str:
    """When a statement (a network statement dict) starts or happened, as written:
    its ``start``, else its ``point_in_time``; ``""`` when it has neither.

    >>> start_text({"point_in_time": "2019", "holds_from": date(2019, 1, 1)})
    '2019'
    """
    return date_text(st.get("start") or st.get("point_in_time"))


def end_text(st: Mapping[str, object]) -> str:
    """When a statement ends, as written (its ``end``); ``""`` when it does not.

    >>> end_text({"end": "2025-01", "holds_until": date(2025, 1, 1)})
    '2025-01'
    """
    return date_text(st.get("end"))
