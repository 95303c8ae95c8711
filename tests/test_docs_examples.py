"""The docs show real output: every `$ aikg …` example in them is run and compared
(``python -m tests.docs_examples`` rewrites the outputs after a change to the data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs_examples import PAGES, Example, examples, output

ALL = [example for page in PAGES for example in examples(page)]


def test_every_concept_of_the_data_model_has_a_worked_example() -> None:
    commands = " ".join(e.command for e in examples("data-model.md"))
    for needed in ("FundingRound", "money_flows", "as_of=2024-12-31", "conflicts"):
        assert needed in commands


def test_each_page_shows_commands() -> None:
    counts = {page: len(examples(page)) for page in PAGES}
    assert counts["analytics.md"] >= 8, counts
    assert counts["what-the-graph-shows.md"] >= 8, counts


def test_the_questions_page_answers_the_analysts_questions() -> None:
    commands = " ".join(e.command for e in examples("what-the-graph-shows.md"))
    for needed in ("largest_deals -p year=2025", "entity=anthropic", "cycles", "conflicts"):
        assert needed in commands


@pytest.mark.parametrize("example", ALL, ids=str)
def test_example_output_is_current(example: Example, tmp_path: Path) -> None:
    shown = output(example.command, tmp_path)
    assert shown == example.shown.rstrip("\n") + "\n", (
        f"{example}: the page is out of date; run python -m tests.docs_examples"
    )
