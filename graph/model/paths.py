"""Where the shipped data, ontology, shapes and stored queries live.

An installed wheel carries them inside the package, as ``graph/_shipped/data`` and
``graph/_shipped/queries`` (``pyproject.toml`` copies the repository's top-level
``data/`` and ``queries/`` there); in a checkout (an editable install) those two
top-level folders are read where they are, so git keeps one copy of each.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = [
    "CURATED_FILES",
    "ONTOLOGY_FILE",
    "QUERIES_ENV",
    "SHAPES_FILE",
    "SHIPPED_DATA",
    "SHIPPED_QUERIES",
    "default_data_dir",
    "shipped_file",
]


ONTOLOGY_FILE = "ontology.ttl"


SHAPES_FILE = "shapes.ttl"


CURATED_FILES = ("entities.csv", "sources.csv", "facts.csv")


#: The environment variable naming folders of the user's own stored queries
#: (``os.pathsep``-separated), read beside the shipped ones.
QUERIES_ENV = "AIKG_QUERIES"


def _shipped(name: str) -> Path:
    """The shipped folder ``name`` (``data``, ``queries``): inside the installed package,
    or, in a checkout, the repository's top-level folder beside the package."""
    package = resources.files("graph")
    if not isinstance(package, Path):  # a zip import: the folders must be real files
        raise RuntimeError("aikg must be installed as files, not imported from a zip archive")
    packaged = package / "_shipped" / name
    return packaged if packaged.is_dir() else package.parent / name


#: The shipped data folder, with the ontology and shapes every build uses.
SHIPPED_DATA = _shipped("data")


#: The shipped stored queries (``aikg queries`` lists them).
SHIPPED_QUERIES = _shipped("queries")


def default_data_dir() -> Path:
    """The data folder used when none is given: ``$AIKG_DATA`` or the shipped data."""
    env = os.environ.get("AIKG_DATA")
    if env:
        return Path(env)
    return SHIPPED_DATA


def shipped_file(name: str) -> Path:
    """A vocabulary file (``ontology.ttl``, ``shapes.ttl``) as shipped, whatever the data
    folder: a folder of one's own (``$AIKG_DATA``, ``--data``) need not carry them."""
    return SHIPPED_DATA / name
