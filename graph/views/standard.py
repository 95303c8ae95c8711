"""The standard set of views, the neighbourhood of one entity, and the index page."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..entities import resolve_entity
from ..errors import AikgError
from ..files import write_atomic
from ..network import FAMILIES, to_networkx
from .page import FAMILY_TITLES, render_network
from .text import source_details

__all__ = [
    "AS_OF_DATES",
    "ViewFile",
    "render_ego",
    "render_index",
    "render_overview",
    "write_views",
]

#: The two dates of the standard as-of pair.
AS_OF_DATES = (date(2024, 12, 31), date(2025, 12, 31))


@dataclass(frozen=True)
class ViewFile:
    """One written view: its file name, title, what it shows, and its size."""

    name: str
    title: str
    description: str
    nodes: int
    edges: int


def _describe(families: Iterable[str] | None, as_of: date | None) -> str:
    fams = ", ".join(families) if families is not None else "all relations"
    when = f"as of {as_of.isoformat()}" if as_of else "current facts"
    return f"{fams}; {when}"


def render_overview(
    g: Graph,
    *,
    families: Sequence[str] | None = None,
    as_of: date | None = None,
    title: str = "The AI industry graph",
) -> str:
    """The whole graph (or some relation families) as one page; entities without a
    relation in the chosen families are left out when families are chosen.

    Raises:
        AikgError: an unknown family, or too many nodes.
    """
    G = to_networkx(g, families=families, as_of=as_of, merge_symmetric=True)
    if families is not None:
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    return render_network(
        G, title=title, subtitle=_describe(families, as_of), sources=source_details(g)
    )


def render_ego(
    g: Graph,
    name: str,
    *,
    depth: int = 1,
    families: Sequence[str] | None = None,
    as_of: date | None = None,
) -> str:
    """The neighbourhood of one entity (found by slug, label or alias) up to ``depth`` hops.

    Raises:
        UnknownEntityError: no entity has that name (the message suggests near ones).
        AikgError: a negative depth, an unknown family, or too many nodes.
    """
    if depth < 0:
        raise AikgError(f"--depth must be 0 or more, not {depth}")
    focus = str(resolve_entity(g, name))
    G = to_networkx(g, families=families, as_of=as_of, merge_symmetric=True)
    reach = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, depth)
    H = G.subgraph(reach).copy()
    label = str(G.nodes[focus].get("label", focus))
    return render_network(
        H,
        title=f"Around {label}",
        subtitle=f"depth {depth}; {_describe(families, as_of)}",
        sources=source_details(g),
        focus=focus,
    )


_INDEX_CSS = """
body { font-family: sans-serif; max-width: 820px; margin: 24px auto; padding: 0 16px;
  color: #222; }
li { margin: 8px 0; } .meta { color: #555; font-size: 13px; }
"""


def render_index(views: Sequence[ViewFile], *, title: str = "AI industry graph views") -> str:
    """A page linking the views; it has no script at all.

    >>> "a.html" in render_index([ViewFile("a.html", "A", "all", 1, 0)])
    True
    """
    items = "".join(
        f"<li><a href='{html.escape(v.name)}'>{html.escape(v.title)}</a> "
        f"<span class='meta'>{html.escape(v.description)} — {v.nodes:,} entities, "
        f"{v.edges:,} relations</span></li>\n"
        for v in views
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>Each page is one file that works offline. Hover "
        "an entity or a relation for a summary; click it for details and source links.</p>\n"
        f"<ul>\n{items}</ul>\n</body>\n</html>\n"
    )


def _counted(G: nx.MultiDiGraph) -> tuple[int, int]:
    return G.number_of_nodes(), G.number_of_edges()


def write_views(
    g: Graph, out_dir: Path | str, *, dates: Sequence[date] = AS_OF_DATES
) -> list[ViewFile]:
    """Write the standard views of ``g`` and an ``index.html`` linking them to ``out_dir``.

    The views: the whole graph, one per relation family that has relations, and the
    whole graph as of each of ``dates``. Every file is written atomically.

    Raises:
        AikgError: a view has too many nodes.
    """
    out = Path(out_dir)
    sources = source_details(g)
    plans: list[tuple[str, str, str, nx.MultiDiGraph]] = []
    whole = to_networkx(g, merge_symmetric=True)
    plans.append(("overview.html", "The whole graph", "all relations; current facts", whole))
    for family in FAMILIES:
        G = to_networkx(g, families=[family], merge_symmetric=True)
        if G.number_of_edges() == 0:
            continue
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
        plans.append((f"family-{family}.html", FAMILY_TITLES[family], _describe([family], None), G))
    for day in dates:
        G = to_networkx(g, as_of=day, merge_symmetric=True)
        plans.append(
            (
                f"asof-{day.isoformat()}.html",
                f"The graph on {day.isoformat()}",
                _describe(None, day),
                G,
            )
        )
    written: list[ViewFile] = []
    for name, title, description, G in plans:
        write_atomic(
            out / name, render_network(G, title=title, subtitle=description, sources=sources)
        )
        written.append(ViewFile(name, title, description, *_counted(G)))
    write_atomic(out / "index.html", render_index(written))
    return written
