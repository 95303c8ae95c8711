"""The docs show real output: every fenced block that starts with ``$ aikg …`` is a command
and what it prints. The test runs each one and compares; after a change to the data,
``python -m tests.docs_examples`` runs them again and writes the new output into the pages.

A command may end in ``| head -N`` (only the first N lines are shown) and may write a file
with ``-o PATH`` (written into a temporary folder instead, its name kept in the text).
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: The pages whose examples are real output.
PAGES = ("data-model.md", "analytics.md", "what-the-graph-shows.md")
BLOCK = re.compile(r"```\n\$ (aikg [^\n]*)\n(.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    page: str
    command: str
    shown: str

    def __str__(self) -> str:
        return f"{self.page}: {self.command}"


def examples(page: str) -> list[Example]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [Example(page, command, shown) for command, shown in BLOCK.findall(text)]


def output(command: str, folder: Path) -> str:
    """What ``command`` prints (stdout, then stderr), as the page shows it; an example may
    show a refusal, so the exit status is not checked here."""
    words = shlex.split(command)[1:]
    head = None
    if "|" in words:
        at = words.index("|")
        if words[at + 1 : at + 2] != ["head"]:
            raise ValueError(f"only '| head -N' may follow a command: {command}")
        head = int(words[at + 2].lstrip("-"))
        words = words[:at]
    written = None
    if "-o" in words:
        at = words.index("-o") + 1
        written = words[at]
        words[at] = str(folder / Path(written).name)
    result = CliRunner().invoke(cli, words, catch_exceptions=False)
    text = result.stdout + result.stderr
    if written is not None:
        text = text.replace(str(folder / Path(written).name), written)
    if head is not None:
        text = "".join(text.splitlines(keepends=True)[:head])
    return text.rstrip("\n") + "\n"


def refresh(page: str) -> int:
    """Write the current output of every example into ``page``; how many changed."""
    path = DOCS / page
    text = path.read_text(encoding="utf-8")
    changed = 0
    with tempfile.TemporaryDirectory() as folder:

        def rerun(match: re.Match[str]) -> str:
            nonlocal changed
            new = output(match.group(1), Path(folder))
            changed += new != match.group(2)
            return f"```\n$ {match.group(1)}\n{new}```"

        text = BLOCK.sub(rerun, text)
    path.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:] or PAGES:
        print(f"{name}: {refresh(name)} example(s) changed")
