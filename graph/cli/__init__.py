"""The ``aikg`` command line: one group, one module of commands per concern."""

from __future__ import annotations

# Each module below adds its commands to ``cli`` when imported.
from graph.cli import analytics, core, curate, data, sparql, stores, synth, views  # noqa: F401
from graph.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``aikg`` console script."""
    cli(prog_name="aikg")
