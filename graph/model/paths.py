"""Where the shipped data, ontology and shapes live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CURATED_FILES", "ONTOLOGY_FILE", "SHAPES_FILE", "default_data_dir", "shipped_file"]


ONTOLOGY_FILE = "ontology.ttl"


SHAPES_FILE = "shapes.ttl"


CURATED_FILES = ("entities.csv", "sources.csv", "facts.csv")


#: The project's own data folder, with the ontology and shapes every build uses.
SHIPPED_DATA = Path(__file__).resolve().parents[2] / "data"


def default_data_dir() -> Path:
    """The data folder used when none is given: ``$AIKG_DATA`` or the project's ``data/``."""
    env = os.environ.get("AIKG_DATA")
    if env:
        return Path(env)
    return SHIPPED_DATA


def shipped_file(name: str) -> Path:
    """A vocabulary file (``ontology.ttl``, ``shapes.ttl``) as shipped, whatever the data
    folder: a folder of one's own (``$AIKG_DATA``, ``--data``) need not carry them."""
    return SHIPPED_DATA / name
