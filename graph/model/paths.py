"""Where the shipped data, ontology and shapes live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CURATED_FILES", "ONTOLOGY_FILE", "SHAPES_FILE", "default_data_dir"]


ONTOLOGY_FILE = "ontology.ttl"


SHAPES_FILE = "shapes.ttl"


CURATED_FILES = ("entities.csv", "sources.csv", "facts.csv")


def default_data_dir() -> Path:
    """The data folder used when none is given: ``$AIKG_DATA`` or the project's ``data/``."""
    env = os.environ.get("AIKG_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "data"
