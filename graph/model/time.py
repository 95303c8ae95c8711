"""When a statement holds."""

from __future__ import annotations

from datetime import date

__all__ = ["statement_holds"]


def statement_holds(holds_from: date | None, holds_until: date | None, day: date) -> bool:
    """Whether a statement with these bounds holds on ``day`` (start ≤ day < end).

    >>> statement_holds(date(2025, 1, 21), date(2025, 10, 28), date(2025, 6, 30))
    True
    >>> statement_holds(None, date(2025, 1, 21), date(2025, 1, 21))
    False
    """
    return (holds_from is None or holds_from <= day) and (holds_until is None or holds_until > day)
