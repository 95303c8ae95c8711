"""docs/data-model.md shows real output: every `$ aikg …` example is run and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import RunCli

DOC = Path(__file__).resolve().parent.parent / "docs" / "data-model.md"
BLOCK = re.compile(r"```\n\$ (aikg [^\n]*)\n(.*?)```", re.DOTALL)
EXAMPLES = BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_every_concept_has_a_worked_example() -> None:
    commands = " ".join(command for command, _ in EXAMPLES)
    for needed in ("FundingRound", "money_flows", "as_of=2024-12-31", "conflicts"):
        assert needed in commands


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example_output_is_current(run_cli: RunCli, command: str, expected: str) -> None:
    result = run_cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip("\n") == expected.rstrip("\n")
