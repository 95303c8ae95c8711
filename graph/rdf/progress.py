"""Progress bars on standard error for long steps, shown only to a person at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["track"]

T = TypeVar("T")

#: Seconds a step must run before its bar appears; short steps stay silent.
DELAY = 2.0


def track(
    items: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it"
) -> Iterator[T]:
    """``items`` unchanged, with a tqdm bar on stderr when it is a terminal and the step is slow.

    >>> list(track([1, 2, 3], desc="counting"))
    [1, 2, 3]
    """
    if not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(
        items, desc=desc, total=total, unit=unit, file=sys.stderr, delay=DELAY, leave=False,
        unit_scale=True, mininterval=0.5,
    )  # fmt: skip
