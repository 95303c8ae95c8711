"""The exceptions raised for users' mistakes: bad data, bad queries, unknown names."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AikgError",
    "DataError",
    "QueryError",
    "UnknownEntityError",
    "ValidationFailed",
    "display_path",
]


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given.

    >>> display_path(Path.cwd() / "data" / "facts.csv")
    'data/facts.csv'
    """
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class AikgError(Exception):
    """Base class of every error caused by input the user can fix.

    The CLI prints ``str(error)`` without a traceback and exits non-zero.

    ``advice`` is the part of the message that tells a command-line user what to do
    ("give a slug, label or alias from entities.csv"): a web page, whose visitor sees
    no file, words it its own way (:meth:`reworded`).

    >>> err = AikgError("unknown entity 'x' (see entities.csv)")
    >>> err.advice = "see entities.csv"
    >>> err.reworded("see the entity's page")
    "unknown entity 'x' (see the entity's page)"
    """

    advice: str = ""

    def reworded(self, advice: str) -> str:
        """The message with ``advice`` in place of the advice it carries (as is without one)."""
        text = str(self)
        return text.replace(self.advice, advice) if self.advice and self.advice in text else text


class DataError(AikgError):
    """A data file cannot be read: names the file, the line and the field.

    >>> str(DataError("bad date", path=Path("facts.csv"), line=3, field="start"))
    'facts.csv:3: start: bad date'
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        where = ""
        if self.path is not None:
            where = display_path(self.path) + (f":{line}" if line is not None else "") + ": "
        if field:
            where += f"{field}: "
        super().__init__(where + message)


class ValidationFailed(AikgError):
    """The built graph does not conform to the SHACL shapes."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        plural = "problem" if count == 1 else "problems"
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the graph does not conform to the shapes ({count} {plural}):\n{body}")


class QueryError(AikgError):
    """A SPARQL query is malformed, refused, or has bad parameters."""


class UnknownEntityError(AikgError):
    """A name does not match any entity; the message suggests near matches."""
