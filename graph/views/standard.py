"""The standard set of views, the neighbourhood of one entity, and the index page."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import Graph

from graph.model.errors import AikgError
from graph.model.vocabulary import FAMILIES
from graph.network.convert import to_networkx
from graph.network.lookup import fetch_sources, find_entity, network_sources
from graph.network.projection import as_store, project_neighbourhood
from graph.rdf.files import write_atomic
from graph.store.base import Store
from graph.store.memory import MemoryStore
from graph.views.analysis import SIZE_MEASURES, centrality_sizes
from graph.views.page import FAMILY_TITLES, render_network
from graph.views.text import describe_scope, edge_label

__all__ = [
    "AS_OF_DATES",
    "ViewFile",
    "compare_as_of",
    "render_ego",
    "render_index",
    "render_overview",
    "render_views",
    "write_views",
]

#: The two dates of the standard as-of pair.
AS_OF_DATES = (date(2024, 12, 31), date(2025, 12, 31))


def _hide_undated(G: nx.MultiDiGraph, hide: bool) -> tuple[nx.MultiDiGraph, int | None]:
    """``G`` without its undated edges and how many there were when ``hide``, else ``G``
    as it is (its undated edges drawn dashed) and None."""
    if not hide:
        return G, None
    undated = [(u, v, k) for u, v, k, d in G.edges(keys=True, data="undated") if d]
    H = G.copy()
    H.remove_edges_from(undated)
    return H, len(undated)


def _family_part(T: nx.MultiDiGraph, family: str) -> nx.MultiDiGraph:
    """The edges of one relation family in ``T``, with the nodes they join."""
    return T.edge_subgraph(
        [(u, v, k) for u, v, k, f in T.edges(keys=True, data="family") if f == family]
    ).copy()


def _without_isolated(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    return G


@dataclass(frozen=True)
class ViewFile:
    """One written view: its file name, title, what it shows, and its size."""

    name: str
    title: str
    description: str
    nodes: int
    edges: int


def render_overview(
    g: Graph | Store,
    *,
    families: Sequence[str] | None = None,
    as_of: date | None = None,
    title: str = "The AI industry graph",
    hide_undated: bool = False,
) -> str:
    """The whole graph (or some relation families) as one page; entities without a
    relation in the chosen families are left out when families are chosen.

    ``g`` is an rdflib graph or a store (:mod:`graph.store`), read by queries. As of a
    day, undated relations (no known start) are drawn dashed, or left out with
    ``hide_undated``; the page says how many.

    Raises:
        AikgError: an unknown family, or too many nodes.
    """
    store = as_store(g)  # one store, so an rdflib graph is copied for its queries once
    whole = to_networkx(
        store, families=families, as_of=as_of, merge_symmetric=True, keep_undated=True
    )
    G, hidden = _hide_undated(whole, hide_undated)
    timeline = to_networkx(store, families=families, history=True, merge_symmetric=True)
    if families is not None:
        G, timeline = _without_isolated(G), _without_isolated(timeline)
    return render_network(
        G,
        title=title,
        subtitle=describe_scope(families, as_of),
        sources=fetch_sources(store, sorted({*network_sources(timeline), *network_sources(G)})),
        hidden_undated=hidden,
        timeline=timeline,
        day=as_of,
    )


def render_ego(
    g: Graph | Store,
    name: str,
    *,
    depth: int = 1,
    families: Sequence[str] | None = None,
    as_of: date | None = None,
    size_by: str | None = None,
    hide_undated: bool = False,
) -> str:
    """The neighbourhood of one entity (found by slug, label or alias) up to ``depth`` hops.

    ``size_by`` (pagerank, betweenness or degree) sizes the nodes by that centrality,
    measured on the whole network of the chosen families and day (undated statements left
    out, as the analytics leave them).

    As of a day, undated relations (no known start) are drawn dashed, or left out with
    ``hide_undated`` (the neighbourhood is then what the other relations reach); the page
    says how many.

    From a store on disk or behind an endpoint, only the neighbourhood is asked for
    (:func:`graph.network.projection.project_neighbourhood`), unless ``size_by`` needs the whole
    network; an rdflib graph (a memory store) is projected whole, which is faster there.

    Raises:
        UnknownEntityError: no entity has that name (the message suggests near ones).
        AikgError: a negative depth, an unknown family or measure, or too many nodes.
    """
    if depth < 0:
        raise AikgError(f"--depth must be 0 or more, not {depth}")
    store = as_store(g)
    focus = str(find_entity(store, name))
    sizes = None
    if size_by is not None or isinstance(store, MemoryStore):
        G = to_networkx(
            store, families=families, as_of=as_of, merge_symmetric=True, keep_undated=True,
            deals=True,
        )  # fmt: skip
        reach = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, depth)
        H, hidden = _hide_undated(G.subgraph(reach).copy(), hide_undated)
        if size_by is not None:
            sizes = centrality_sizes(_hide_undated(G, True)[0], size_by)
        ever = to_networkx(store, families=families, history=True, merge_symmetric=True, deals=True)
        near = nx.single_source_shortest_path_length(ever.to_undirected(as_view=True), focus, depth)
        timeline = ever.subgraph(near).copy()
    else:
        H = project_neighbourhood(
            store, focus, depth=depth, families=families, as_of=as_of, merge_symmetric=True,
            keep_undated=True, deals=True,
        )  # fmt: skip
        H, hidden = _hide_undated(H, hide_undated)
        timeline = project_neighbourhood(
            store, focus, depth=depth, families=families, history=True, merge_symmetric=True,
            deals=True,
        )  # fmt: skip
    if hidden is not None:  # what the other relations still reach
        kept = H.to_undirected(as_view=True)
        H = H.subgraph(nx.single_source_shortest_path_length(kept, focus, depth)).copy()
    label = str(H.nodes[focus].get("label", focus))
    return render_network(
        H,
        title=f"Around {label}",
        subtitle=f"depth {depth}; {describe_scope(families, as_of)}",
        sources=fetch_sources(store, sorted({*network_sources(timeline), *network_sources(H)})),
        focus=focus,
        sizes=sizes,
        size_label=SIZE_MEASURES.get(size_by or "", ""),
        hidden_undated=hidden,
        timeline=timeline,
        day=as_of,
    )


_State = tuple[str, frozenset[str], bool]


def _state_text(state: _State | None) -> str:
    if state is None:
        return ""
    count = len(state[1])
    undated = " · undated" if state[2] else ""
    return f"{state[0]} · {count} statement{'' if count == 1 else 's'}{undated}"


def compare_as_of(
    g: Graph | Store, before: date, after: date, *, hide_undated: bool = False
) -> list[dict[str, str]]:
    """The relations that differ between two days: added, removed, or changed.

    A relation changed when its label (relation and exclusivity), its set of holding
    statements or whether it is undated (no known start; left out with ``hide_undated``)
    differs. Rows are sorted by source label, target label and relation.

    >>> from graph import load_graph
    >>> rows = compare_as_of(load_graph(), date(2024, 12, 31), date(2025, 12, 31))
    >>> [r["after"] for r in rows if r["source"] == "Microsoft" and r["target"] == "OpenAI"
    ...  and r["relation"] == "providesComputeTo"]
    ['providesComputeTo (NonExclusive) · 1 statement']
    """
    store = as_store(g)  # one store, so an rdflib graph is copied for its queries once
    graphs = [
        to_networkx(store, as_of=day, merge_symmetric=True, keep_undated=not hide_undated)
        for day in (before, after)
    ]
    states: list[dict[tuple[str, str, str], _State]] = [
        {
            (str(u), str(v), str(k)): (
                edge_label(d),
                frozenset(str(st.get("iri")) for st in d.get("statements", [])),
                bool(d.get("undated")),
            )
            for u, v, k, d in G.edges(keys=True, data=True)
        }
        for G in graphs
    ]
    rows: list[dict[str, str]] = []
    for key in sorted(set(states[0]) | set(states[1])):
        old, new = states[0].get(key), states[1].get(key)
        if old == new:
            continue
        change = "added" if old is None else "removed" if new is None else "changed"
        u, v, relation = key
        labels = graphs[1] if u in graphs[1] else graphs[0]
        rows.append(
            {
                "source": str(labels.nodes[u].get("label", u)),
                "target": str(labels.nodes[v].get("label", v)),
                "source_id": u,
                "target_id": v,
                "relation": relation,
                "change": change,
                "before": _state_text(old),
                "after": _state_text(new),
            }
        )
    rows.sort(key=lambda r: (r["source"].casefold(), r["target"].casefold(), r["relation"]))
    return rows


_INDEX_CSS = """
body { font-family: sans-serif; max-width: 900px; margin: 24px auto; padding: 0 16px;
  color: #222; }
li { margin: 8px 0; } .meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; }
"""


def render_index(
    views: Sequence[ViewFile],
    *,
    title: str = "AI industry graph views",
    changes: Sequence[dict[str, str]] = (),
    dates: Sequence[date] = (),
) -> str:
    """A page linking the views, with the relations that changed between ``dates``.

    The page has no script at all.

    >>> "a.html" in render_index([ViewFile("a.html", "A", "all", 1, 0)])
    True
    """
    items = "".join(
        f"<li><a href='{html.escape(v.name)}'>{html.escape(v.title)}</a> "
        f"<span class='meta'>{html.escape(v.description)} — {v.nodes:,} entities, "
        f"{v.edges:,} relations</span></li>\n"
        for v in views
    )
    table = ""
    if len(dates) == 2:
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(c[k])}</td>"
                for k in ("source", "target", "relation", "change", "before", "after")
            )
            + "</tr>\n"
            for c in changes
        )
        head = "".join(
            f"<th>{html.escape(h)}</th>"
            for h in ("from", "to", "relation", "change", str(dates[0]), str(dates[1]))
        )
        table = (
            f"<h2>What changed between {dates[0]} and {dates[1]}</h2>\n"
            f"<p>{len(changes)} relations differ; they are drawn thick in the two dated "
            "views.</p>\n"
            f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n"
        )
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>Each page is one file that works offline. Hover "
        "an entity or a relation for a summary; click it for details and source links.</p>\n"
        f"<ul>\n{items}</ul>\n{table}</body>\n</html>\n"
    )


def _counted(G: nx.MultiDiGraph) -> tuple[int, int]:
    return G.number_of_nodes(), G.number_of_edges()


def _undated_words(G: nx.MultiDiGraph, hidden: int | None) -> str:
    count = hidden if hidden is not None else sum(1 for *_e, d in G.edges(data="undated") if d)
    what = "relation" if count == 1 else "relations"
    return f"{count} undated {what} {'hidden' if hidden is not None else 'dashed'}"


@dataclass(frozen=True)
class _Plan:
    """One standard view to draw: its file, words, network and date slider's network."""

    name: str
    title: str
    subtitle: str
    description: str
    graph: nx.MultiDiGraph
    timeline: nx.MultiDiGraph
    day: date | None = None
    hidden: int | None = None


def render_views(
    g: Graph | Store, *, dates: Sequence[date] = AS_OF_DATES, hide_undated: bool = False
) -> tuple[list[ViewFile], dict[str, str]]:
    """The standard views of ``g`` and their index, as pages by file name (see :func:`write_views`).

    Raises:
        AikgError: a view has too many nodes.
    """
    g = as_store(g)  # one store, so an rdflib graph is copied for its queries once
    sources = fetch_sources(g)
    changes = (
        compare_as_of(g, dates[0], dates[1], hide_undated=hide_undated) if len(dates) == 2 else []
    )
    emphasis = {(c["source_id"], c["target_id"], c["relation"]) for c in changes}
    plans: list[_Plan] = []
    whole = to_networkx(g, merge_symmetric=True)
    ever = to_networkx(g, history=True, merge_symmetric=True)  # what the date sliders read
    scope = "all relations; current facts"
    plans.append(_Plan("overview.html", "The whole graph", scope, scope, whole, ever))
    for family in FAMILIES:
        G = to_networkx(g, families=[family], merge_symmetric=True)
        if G.number_of_edges() == 0:
            continue
        scope = describe_scope([family], None)
        plans.append(
            _Plan(
                f"family-{family}.html", FAMILY_TITLES[family], scope, scope,
                _without_isolated(G), _family_part(ever, family),
            )
        )  # fmt: skip
    for day in dates:
        dated = to_networkx(g, as_of=day, merge_symmetric=True, keep_undated=True)
        G, hidden = _hide_undated(dated, hide_undated)
        name, title = f"asof-{day.isoformat()}.html", f"The graph on {day.isoformat()}"
        scope = describe_scope(None, day)
        description = f"{scope}; {_undated_words(G, hidden)}"
        plans.append(_Plan(name, title, scope, description, G, ever, day, hidden))
    views: list[ViewFile] = []
    pages: dict[str, str] = {}
    for plan in plans:
        name, title, G = plan.name, plan.title, plan.graph
        pages[name] = render_network(
            G,
            title=title,
            subtitle=plan.subtitle,
            sources=sources,
            emphasis=emphasis if plan.day is not None else (),
            hidden_undated=plan.hidden,
            timeline=plan.timeline,
            day=plan.day,
        )
        views.append(ViewFile(name, title, plan.description, *_counted(G)))
    pages["index.html"] = render_index(views, changes=changes, dates=dates)
    return views, pages


def write_views(
    g: Graph | Store,
    out_dir: Path | str,
    *,
    dates: Sequence[date] = AS_OF_DATES,
    hide_undated: bool = False,
) -> list[ViewFile]:
    """Write the standard views of ``g`` and an ``index.html`` linking them to ``out_dir``.

    The views: the whole graph, one per relation family that has relations, and the
    whole graph as of each of ``dates``, its undated relations (no known start) drawn
    dashed or, with ``hide_undated``, left out; with two dates, the relations that differ
    are drawn thick and listed on the index. Every file is written atomically.

    Raises:
        AikgError: a view has too many nodes.
    """
    out = Path(out_dir)
    views, pages = render_views(g, dates=dates, hide_undated=hide_undated)
    for name, page in pages.items():
        write_atomic(out / name, page)
    return views
