"""Reading a whole data folder: its vocabulary, its curated files and its extra RDF."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from graph.ingest.derive import derive_statements
from graph.ingest.duplicates import check_duplicates
from graph.ingest.layout import read_layout
from graph.ingest.reader import Reader
from graph.ingest.records import CuratedData, DataProblems
from graph.ingest.vocabulary import Vocabulary
from graph.model.errors import DataError
from graph.model.paths import ONTOLOGY_FILE, SHAPES_FILE, default_data_dir, shipped_file
from graph.rdf.bulk import canonical_graph
from graph.rdf.parse import EXTRA_FORMATS, parse_rdf

__all__ = ["read_data"]


def _locate(directory: Path, name: str) -> Path:
    """A vocabulary file from the folder, or the shipped one when the folder has none."""
    own = directory / name
    return own if own.exists() else shipped_file(name)


def read_data(directory: Path | str | None = None) -> CuratedData:
    """Read and check a data folder; the triples are not yet a graph.

    Raises:
        DataProblems: a file is missing, malformed, or refers to unknown names.
    """
    directory = Path(directory) if directory is not None else default_data_dir()
    if not directory.is_dir():
        raise DataProblems([DataError("no such data folder", path=directory)])
    ontology_path = _locate(directory, ONTOLOGY_FILE)
    ontology = Graph()
    try:
        parse_rdf(ontology_path, "turtle", ontology)
    except DataError as err:
        raise DataProblems([err]) from None
    data = CuratedData(
        directory=directory,
        vocabulary=Vocabulary.from_ontology(canonical_graph(ontology)),
        shapes_path=_locate(directory, SHAPES_FILE),
    )
    reader = Reader(data)
    tables = read_layout(directory, reader.problems, data.notices)
    reader.read_sources(tables.sources)
    reader.read_entities(tables.entities)
    reader.resolve_issuers()
    reader.read_facts(tables.facts)
    extra = Graph()
    for path in sorted(directory.iterdir()):
        fmt = EXTRA_FORMATS.get(path.suffix.lower())
        if fmt is None or path.name in (ONTOLOGY_FILE, SHAPES_FILE):
            continue
        try:
            parse_rdf(path, fmt, extra)
        except DataError as err:
            reader.problems.append(err)
    if not reader.problems:
        derive_statements(data, reader.problems)
        check_duplicates(data, reader.problems)
    if reader.problems:
        raise DataProblems(reader.problems)
    data.triples.extend(canonical_graph(extra))
    return data
