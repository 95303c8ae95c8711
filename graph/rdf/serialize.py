"""The graph written as RDF: N-Triples, Turtle, TriG, JSON-LD."""

from __future__ import annotations

from rdflib import Dataset, Graph, URIRef

from graph.model.errors import AikgError

__all__ = ["GRAPH_IRI", "RDF_FORMATS", "format_for_suffix", "serialize_graph"]


#: The name of the graph in quad formats (TriG).
GRAPH_IRI = URIRef("https://w3id.org/aikg/graph")


#: Format name on the command line → (rdflib serializer, file suffix).
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
}


def format_for_suffix(suffix: str) -> str:
    """The format name for a file suffix, N-Triples when unknown.

    >>> format_for_suffix(".ttl")
    'turtle'
    """
    for name, (_serializer, known) in RDF_FORMATS.items():
        if known == suffix.lower():
            return name
    return "nt"


def serialize_graph(g: Graph, fmt: str) -> bytes:
    """``g`` in ``fmt``; N-Triples lines are sorted so equal graphs give equal bytes.

    Raises:
        AikgError: ``fmt`` is not one of :data:`RDF_FORMATS`.
    """
    if fmt not in RDF_FORMATS:
        raise AikgError(f"unknown format {fmt!r}; use one of {', '.join(RDF_FORMATS)}")
    serializer = RDF_FORMATS[fmt][0]
    if serializer == "nt":
        text = g.serialize(format="nt", encoding="utf-8")
        lines = sorted(line for line in text.split(b"\n") if line)
        return b"\n".join(lines) + b"\n"
    if serializer == "trig":
        dataset = Dataset()
        for prefix, iri in g.namespaces():
            dataset.bind(prefix, iri)
        named = dataset.graph(GRAPH_IRI)
        for triple in g:
            named.add(triple)
        return dataset.serialize(format="trig", encoding="utf-8")
    if serializer == "json-ld":
        return g.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return g.serialize(format=serializer, encoding="utf-8")
