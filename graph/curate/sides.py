"""Building both sides of a diff with the project's own reader, build and shapes."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph.curate.revisions import Side, resolve_side
from graph.ingest import DataProblems, build_graph, read_data
from graph.model.errors import AikgError
from graph.validate.checks import ENGINES, find_violations

__all__ = ["BuiltSide", "SideProblems", "build_side", "built_sides"]


@dataclass(frozen=True)
class BuiltSide:
    """A side and the validated graph built from it."""

    side: Side
    graph: Graph


class SideProblems(AikgError):
    """A side does not read, build or validate; each line names its file and line."""

    def __init__(self, failures: list[tuple[str, Side, list[str]]]) -> None:
        self.failures = failures
        parts = []
        for role, side, problems in failures:
            plural = "problem" if len(problems) == 1 else "problems"
            body = "\n".join(f"  - {p}" for p in problems)
            parts.append(f"{role} side {side.label}: {len(problems)} {plural}:\n{body}")
        super().__init__("the data does not build, nothing compared\n" + "\n".join(parts))


def build_side(side: Side, *, engine: str = ENGINES[0]) -> Graph | list[str]:
    """The validated graph of ``side``, or its problems (file:line messages) when the data
    does not read or breaks the shapes."""
    try:
        data = read_data(side.folder)
        g = build_graph(data)
        violations = find_violations(g, data, engine=engine)
    except DataProblems as err:
        return [side.where(str(p)) for p in err.problems]
    except AikgError as err:  # any other refusal of the reader, e.g. a layout it will not read
        return [side.where(str(err))]
    if violations:
        return [side.where(str(v)) for v in violations]
    return g


@contextmanager
def built_sides(
    old: str,
    new: str | Path,
    *,
    repo: Path,
    data_path: str,
    engine: str = ENGINES[0],
) -> Iterator[tuple[BuiltSide, BuiltSide]]:
    """Both sides resolved (a revision copied to a temporary folder, removed afterwards),
    built and validated.

    Raises:
        AikgError: a side names neither a folder nor a revision.
        SideProblems: a side does not read or validate (both sides are checked first).
    """
    with tempfile.TemporaryDirectory(prefix="aikg-diff-") as scratch:
        sides = [
            resolve_side(str(spec), repo=repo, data_path=data_path, scratch=Path(scratch))
            for spec in (old, new)
        ]
        built = [(side, build_side(side, engine=engine)) for side in sides]
        failures = [
            (role, side, result)
            for role, (side, result) in zip(("OLD", "NEW"), built, strict=True)
            if isinstance(result, list)
        ]
        if failures:
            raise SideProblems(failures)
        pair = [BuiltSide(side, g) for side, g in built if isinstance(g, Graph)]
        yield pair[0], pair[1]
