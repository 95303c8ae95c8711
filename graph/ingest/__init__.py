"""Reading the curated files and building the graph from them; synthetic data of any size."""

from graph.ingest.build import build_graph
from graph.ingest.folder import read_data
from graph.ingest.records import CuratedData, DataProblems
from graph.ingest.synth import generate_data, write_data

__all__ = ["CuratedData", "DataProblems", "build_graph", "generate_data", "read_data", "write_data"]
