"""When each fact about an entity was added, changed or removed, read from git."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from graph.ingest.records import CuratedData
from graph.model.errors import AikgError

__all__ = ["Change", "HistoryError", "NotInGit", "fact_history"]


class HistoryError(AikgError):
    """The history cannot be read: no git, or git failed."""


class NotInGit(HistoryError):
    """The data folder is not in a git checkout, so there is no history to read."""


@dataclass(frozen=True)
class Change:
    """One commit's change to one fact row."""

    commit: str
    date: str
    author: str
    action: str  # added, changed or removed
    fact: str
    subject: str


def _git(directory: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except FileNotFoundError:
        raise HistoryError("aikg history needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "git failed"
        raise HistoryError(f"cannot read the history of {directory}: {message}")
    return done.stdout


def fact_history(data: CuratedData, entity: str) -> list[Change]:
    """Every commit that added, changed or removed a row of a fact whose subject or object
    is ``entity`` (an IRI), newest first; facts no longer in the data are not found.

    Raises:
        NotInGit: ``data``'s folder is not in a git checkout.
        HistoryError: git is missing or fails.
    """
    directory = data.directory.resolve()
    try:
        inside = _git(directory, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except HistoryError:
        inside = False
    if not inside:
        raise NotInGit(f"{directory} is not in a git checkout: it has no history to show")
    ids = {
        str(fact.node).rsplit("/", 1)[-1]: str(fact.subject).rsplit("/", 1)[-1]
        for fact in data.facts
        if entity in (str(fact.subject), str(fact.object))
    }
    if not ids:
        return []
    pattern = "^[-+](" + "|".join(re.escape(i) for i in sorted(ids)) + "),"
    log = _git(
        directory, "log", "--format=@@%H%x09%ad%x09%an", "--date=short", "-p", "--unified=0",
        "-G", "^(" + "|".join(re.escape(i) for i in sorted(ids)) + "),", "--", ".",
    )  # fmt: skip
    changes: list[Change] = []
    header: tuple[str, str, str] | None = None
    seen: dict[str, set[str]] = {}

    def flush() -> None:
        if header is None:
            return
        for fact, signs in sorted(seen.items()):
            action = "changed" if signs == {"+", "-"} else "added" if signs == {"+"} else "removed"
            changes.append(Change(header[0][:10], header[1], header[2], action, fact, ids[fact]))

    matcher = re.compile(pattern)
    for line in log.splitlines():
        if line.startswith("@@") and "\t" in line:
            flush()
            commit, date, author = line[2:].split("\t", 2)
            header, seen = (commit, date, author), {}
            continue
        found = matcher.match(line)
        if found and not line.startswith(("+++", "---")):
            seen.setdefault(found.group(1), set()).add(line[0])
    flush()
    return changes
