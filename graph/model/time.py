"""When a statement holds, and its dates as the data writes them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

__all__ = ["BOUNDS", "date_text", "end_text", "start_text", "statement_holds"]


#: The keys of a statement's computed bounds (``ai:holdsFrom``, ``ai:holdsUntil``): an
#: ``xsd:date``, a month or a year read as its first day. They are for comparing dates;
#: what is shown is the qualifier they were computed from (``start``, ``point_in_time``,
#: ``end``), which keeps the precision of the source.
BOUNDS = ("holds_from", "holds_until")


def statement_holds(holds_from: date | None, holds_until: date | None, day: date) -> bool:
    """Whether a statement with these bounds holds on ``day`` (start ≤ day < end).

    >>> statement_holds(date(2025, 1, 21), date(2025, 10, 28), date(2025, 6, 30))
    True
    >>> statement_holds(None, date(2025, 1, 21), date(2025, 1, 21))
    False
    """
    return (holds_from is None or holds_from <= day) and (holds_until is None or holds_until > day)


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
