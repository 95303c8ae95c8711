"""The ``aikg synth`` command: write a synthetic dataset for benchmarks and scale tests."""

from __future__ import annotations

import time
from pathlib import Path

import click

from graph.cli.common import cli
from graph.ingest.synth import MIN_ENTITIES, generate_data, write_data

__all__ = ["synth"]


@cli.command()
@click.option(
    "--entities",
    type=click.IntRange(min=MIN_ENTITIES),
    default=1000,
    show_default=True,
    help="How many entities to generate (about 14 triples each once built).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write entities.csv and sources/ (one file per source) into, all or nothing.",
)
def synth(entities: int, seed: int, out: Path) -> None:
    """Write a synthetic AI-industry dataset in the curated CSV format.

    The same --entities and --seed give byte-identical files. Build or
    validate it with --data OUT like the shipped data.
    """
    started = time.perf_counter()
    data = generate_data(entities=entities, seed=seed)
    write_data(data, out)
    click.echo(
        f"wrote {out}: {len(data.entities)} entities, {len(data.sources)} sources, "
        f"{len(data.facts)} facts in {time.perf_counter() - started:.1f} s"
    )
