"""The plain-text summaries of entities and relations shown in tooltips and the side panel."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from graph.model.namespaces import AI, SCHEMA
from graph.model.time import date_text
from graph.network.edges import amount_text, quantity_text
from graph.network.lookup import titled
from graph.rdf.pages import safe_url

__all__ = [
    "UNDATED_NOTE",
    "describe_scope",
    "edge_label",
    "edge_text",
    "format_amount",
    "format_when",
    "node_text",
    "safe_url",
    "source_details",
]

_QID = re.compile(r"^Q[1-9][0-9]*$")


def source_details(g: Graph) -> dict[str, dict[str, str]]:
    """Title, label, publisher, date and http(s) URL of every source in ``g``, by source IRI.

    >>> from graph import load_graph
    >>> from graph.model import SRC
    >>> source_details(load_graph())[str(SRC["openai-announcing-stargate"])]["title"]
    'Announcing The Stargate Project'
    """
    details: dict[str, dict[str, str]] = {}
    for prop, name in (
        (DCTERMS.title, "title"),
        (RDFS.label, "label"),
        (DCTERMS.publisher, "publisher"),
        (DCTERMS.date, "date"),
        (SCHEMA.url, "url"),
        (RDFS.label, "label"),
    ):
        for subject, value in g.subject_objects(prop):
            if isinstance(subject, URIRef) and (subject, RDF.type, AI.Source) in g:
                details.setdefault(str(subject), {})[name] = str(value)
    return titled(details)


def node_text(attrs: dict[str, Any]) -> tuple[str, list[list[str]]]:
    lines = [str(attrs.get("label", ""))]
    classes = attrs.get("classes") or [attrs.get("kind", "Entity")]
    lines.append("Type: " + ", ".join(str(c) for c in classes))
    if attrs.get("description"):
        lines.append(str(attrs["description"]))
    links: list[list[str]] = []
    qid = str(attrs.get("wikidata") or "")
    if _QID.match(qid):
        url = f"https://www.wikidata.org/wiki/{qid}"
        lines.append(f"Wikidata: {url}")
        links.append([f"Wikidata {qid}", url])
    return "\n".join(lines), links


def format_amount(st: Mapping[str, Any]) -> str:
    """A statement's amount in words, with its bound and kind (the analytics tables' form,
    :func:`graph.network.edges.amount_text`).

    >>> format_amount({"amount": "250000000000.0", "currency": "USD",
    ...                "amount_kind": "PurchaseCommitment"})
    '$250B purchase commitment'
    >>> format_amount({"amount": "1e11", "currency": "USD", "amount_bound": "UpTo"})
    'up to $100B'
    """
    return amount_text(st)


def format_when(st: Mapping[str, Any]) -> str:
    """A statement's dates in words, as the data writes them (a year stays a year, and the
    computed ``holds_from``/``holds_until`` are never shown); empty when it has none.

    >>> format_when({"start": "2025-01-21", "end": "2025-10-28"})
    'from 2025-01-21 until 2025-10-28'
    >>> format_when({"point_in_time": "2023-09", "holds_from": date(2023, 9, 1)})
    'on 2023-09'
    """
    return " ".join(
        f"{label} {date_text(st[key])}"
        for key, label in (
            ("start", "from"),
            ("end", "until"),
            ("point_in_time", "on"),
            ("term_end", "term to"),
        )
        if st.get(key)
    )


#: The note on a statement or an edge with no known start in an as-of view.
UNDATED_NOTE = "undated: no known start"


def _statement_text(
    st: dict[str, Any], sources: dict[str, dict[str, str]], label: Callable[[str], str]
) -> tuple[list[str], list[list[str]]]:
    when = format_when(st)
    if st.get("undated"):
        parts = [f"{UNDATED_NOTE} ({when})" if when else UNDATED_NOTE]
    else:  # a start is known: written, or the inception of what it is about
        parts = [when or "no date of its own"]
    if st.get("amount"):
        paid = format_amount(st)
        if st.get("payer") and st.get("payee"):
            paid += f", paid by {label(st['payer'])} to {label(st['payee'])}"
        parts.append(paid)
    if st.get("stake"):
        parts.append(f"stake {st['stake']}%")
    if st.get("quantity"):
        parts.append(quantity_text(st))
    for key in ("exclusivity", "status", "role", "evidence"):
        if st.get(key):
            parts.append(str(st[key]))
    if st.get("rank") == "PreferredRank":
        parts.append("preferred")
    lines = ["• " + " · ".join(parts)]
    if st.get("deal"):
        lines.append(f"  deal: {st.get('deal_label') or label(st['deal'])}")
    if st.get("note"):
        lines.append("  " + str(st["note"]))
    links: list[list[str]] = []
    for iri in st.get("sources", []):
        info = sources.get(str(iri), {})
        name = info.get("title") or info.get("label") or str(iri).rsplit("/", 1)[-1]
        meta = ", ".join(v for v in (info.get("publisher", ""), info.get("date", "")) if v)
        text = f"{name} ({meta})" if meta else name
        url = safe_url(info.get("url", ""))
        lines.append(f"  source: {text}" + (f" — {url}" if url else ""))
        if url:
            links.append([text, url])
    return lines, links


def edge_text(
    G: nx.MultiDiGraph, u: str, v: str, attrs: dict[str, Any], sources: dict[str, dict[str, str]]
) -> tuple[str, list[list[str]]]:
    arrow = "—" if attrs.get("symmetric") else "→"
    head = (
        f"{G.nodes[u].get('label', u)} {arrow} {G.nodes[v].get('label', v)}: "
        f"{attrs.get('relation', '')} ({attrs.get('family', '')})"
    )
    if attrs.get("undated"):
        head += f"\n({UNDATED_NOTE}, so not known to hold on the day shown)"

    def label(iri: str) -> str:
        return str(G.nodes[iri].get("label", iri)) if iri in G else iri.rsplit("/", 1)[-1]

    lines, links = [head], []
    for st in attrs.get("statements", []):
        more, found = _statement_text(st, sources, label)
        lines += more
        links += [link for link in found if link not in links]
    return "\n".join(lines), links


def edge_label(attrs: dict[str, Any]) -> str:
    label = str(attrs.get("relation", ""))
    exclusivity = sorted(
        {str(st["exclusivity"]) for st in attrs.get("statements", []) if st.get("exclusivity")}
    )
    return f"{label} ({', '.join(exclusivity)})" if exclusivity else label


def describe_scope(families: Iterable[str] | None, as_of: date | None) -> str:
    """The relations and the date a view shows, in words.

    >>> describe_scope(["supply"], None)
    'supply; current facts'
    """
    fams = ", ".join(families) if families is not None else "all relations"
    when = f"as of {as_of.isoformat()}" if as_of else "current facts"
    return f"{fams}; {when}"
