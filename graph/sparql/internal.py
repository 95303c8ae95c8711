"""The queries the package itself runs, kept in graph/sparql/*.rq."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["internal_query"]


@lru_cache(maxsize=64)
def internal_query(name: str) -> str:
    """The text of ``graph/sparql/NAME.rq``, a query the package itself runs."""
    return (Path(__file__).parent / f"{name}.rq").read_text(encoding="utf-8")
