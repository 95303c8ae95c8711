"""docs/analytics.md shows real output: every `$ aikg …` block is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import RunCli

DOC = Path(__file__).resolve().parent.parent / "docs" / "analytics.md"
BLOCK = re.compile(r"```\n\$ (aikg [^\n]*)\n(.*?)```", re.DOTALL)


def blocks() -> list[tuple[str, str]]:
    found = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(found) >= 8
    return found


@pytest.mark.parametrize(("command", "expected"), blocks(), ids=[c for c, _ in blocks()])
def test_doc_output_is_current(
    run_cli: RunCli, tmp_path: Path, command: str, expected: str
) -> None:
    words = shlex.split(command)[1:]
    head = None
    if "|" in words:
        at = words.index("|")
        assert words[at + 1 : at + 2] == ["head"], command
        head = int(words[at + 2].lstrip("-"))
        words = words[:at]
    if "-o" in words:
        at = words.index("-o") + 1
        target = tmp_path / Path(words[at]).name
        expected = expected.replace(words[at], str(target))
        words[at] = str(target)
    result = run_cli(*words)
    text = result.stdout + result.stderr
    if head is not None:
        text = "".join(text.splitlines(keepends=True)[:head])
    assert text.rstrip("\n") == expected.rstrip("\n")
