"""Interactive, self-contained, offline HTML views of the graph drawn with vis-network (pyvis)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from .entities import resolve_entity
from .errors import AikgError
from .files import write_atomic
from .namespaces import SCHEMA
from .network import FAMILIES, to_networkx

__all__ = [
    "AS_OF_DATES",
    "FAMILY_TITLES",
    "MAX_NODES",
    "PHYSICS_MAX_NODES",
    "ViewFile",
    "layout_positions",
    "render_ego",
    "render_index",
    "render_network",
    "render_overview",
    "source_details",
    "write_views",
]

#: Above this many nodes a view is refused: a browser cannot draw it usefully.
MAX_NODES = 20_000
#: Up to this many nodes the browser refines the layout with a bounded physics run;
#: above it the layout is computed here and physics stays off.
PHYSICS_MAX_NODES = 300
#: Above this many edges, edge labels are left out (tooltips keep them) to keep drawing fast.
EDGE_LABEL_MAX = 2_000
#: The two dates of the standard as-of pair.
AS_OF_DATES = (date(2024, 12, 31), date(2025, 12, 31))
#: Human titles of the relation families.
FAMILY_TITLES = {
    "investment": "Investment and money flows",
    "supply": "Supply chain: compute, chips, technology",
    "competition": "Competition",
    "partnership": "Partnerships and projects",
    "people": "People and roles",
    "assets": "Assets: owners, operators, sites",
}
_SEED = 7

# Colour and shape for each class (most specific class of an entity).
_KIND_STYLES: dict[str, tuple[str, str]] = {
    "AILab": ("#d62728", "dot"), "CloudProvider": ("#1f77b4", "square"),
    "ChipCompany": ("#9467bd", "diamond"), "Investor": ("#2ca02c", "triangle"),
    "Government": ("#8c564b", "hexagon"), "Person": ("#e377c2", "triangleDown"),
    "Organization": ("#7f7f7f", "square"), "Project": ("#ff7f0e", "star"),
    "Product": ("#bcbd22", "diamond"), "AIModel": ("#17becf", "diamond"),
    "CloudService": ("#6baed6", "square"), "Chip": ("#a55194", "diamond"),
    "ComputeCluster": ("#e6550d", "hexagon"), "Agreement": ("#31a354", "triangleDown"),
    "Place": ("#c49c94", "dot"), "DataCenter": ("#ad494a", "hexagon"),
}  # fmt: skip
_DEFAULT_STYLE = ("#999999", "dot")
_FAMILY_COLOURS = {
    "investment": "#2ca02c", "supply": "#1f77b4", "competition": "#d62728",
    "partnership": "#ff7f0e", "people": "#9467bd", "assets": "#8c564b",
}  # fmt: skip
_HTTP = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$", re.IGNORECASE)
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class ViewFile:
    """One written view: its file name, title, what it shows, and its size."""

    name: str
    title: str
    description: str
    nodes: int
    edges: int


def _safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) address, else None.

    >>> _safe_url("javascript:alert(1)") is None
    True
    """
    return url if _HTTP.match(url) else None


def source_details(g: Graph) -> dict[str, dict[str, str]]:
    """Title, publisher, date and http(s) URL of every source in ``g``, by source IRI.

    >>> from graph import load_graph
    >>> from graph.namespaces import SRC
    >>> source_details(load_graph())[str(SRC["openai-announcing-stargate"])]["title"]
    'Announcing The Stargate Project'
    """
    details: dict[str, dict[str, str]] = {}
    for prop, name in (
        (DCTERMS.title, "title"),
        (DCTERMS.publisher, "publisher"),
        (DCTERMS.date, "date"),
        (SCHEMA.url, "url"),
    ):
        for subject, value in g.subject_objects(prop):
            if isinstance(subject, URIRef):
                details.setdefault(str(subject), {})[name] = str(value)
    return details


# --- layout -------------------------------------------------------------------------------


def layout_positions(G: nx.Graph) -> dict[str, tuple[int, int]]:
    """Deterministic x, y positions (pixels) for every node of ``G``.

    Small graphs get a seeded spring layout; larger ones a layout by class: each class
    is a disc of nodes (hubs in the middle) and the discs are packed in rows. Both
    run in well under a second at :data:`PHYSICS_MAX_NODES` and :data:`MAX_NODES`.

    >>> pos = layout_positions(nx.path_graph(["a", "b", "c"]))
    >>> sorted(pos) == ["a", "b", "c"] and pos == layout_positions(nx.path_graph(["a", "b", "c"]))
    True
    """
    nodes = sorted(G, key=str)
    if not nodes:
        return {}
    if len(nodes) <= PHYSICS_MAX_NODES:
        H = nx.Graph()
        H.add_nodes_from(nodes)
        H.add_edges_from(sorted({tuple(sorted((str(u), str(v)))) for u, v in G.edges() if u != v}))
        scale = 90 * math.sqrt(len(nodes)) + 50
        spring = nx.spring_layout(H, seed=_SEED, scale=scale)
        return {n: (round(float(spring[n][0])), round(float(spring[n][1]))) for n in nodes}
    return _class_layout(G, nodes)


def _class_layout(G: nx.Graph, nodes: list[str]) -> dict[str, tuple[int, int]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        groups[str(G.nodes[n].get("kind", "Entity"))].append(n)
    degree = dict(G.degree())
    spacing = 40.0
    golden = math.pi * (3 - math.sqrt(5))
    order = sorted(groups, key=lambda k: (-len(groups[k]), k))
    total_area = sum(len(v) for v in groups.values()) * spacing**2 * 1.6
    row_width = max(math.sqrt(total_area) * 1.4, 1.0)
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_height = 0.0
    for kind in order:
        members = sorted(groups[kind], key=lambda n: (-degree[n], n))
        radius = spacing * math.sqrt(len(members)) + spacing
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cx, cy = x + radius, y + radius
        for i, n in enumerate(members):
            r = spacing * math.sqrt(i + 0.5)
            pos[n] = (round(cx + r * math.cos(i * golden)), round(cy + r * math.sin(i * golden)))
        x += 2 * radius + spacing
        row_height = max(row_height, 2 * radius + spacing)
    return pos


# --- nodes and edges -------------------------------------------------------------------


def _node_text(attrs: dict[str, Any]) -> tuple[str, list[list[str]]]:
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


def _amount(st: dict[str, Any]) -> str:
    amount = str(st.get("amount", ""))
    try:
        number = float(amount)
        amount = f"{number:,.0f}" if number == int(number) else f"{number:,}"
    except ValueError:
        pass
    return f"{amount} {st.get('currency', '')}".strip()


def _statement_text(
    st: dict[str, Any], sources: dict[str, dict[str, str]]
) -> tuple[list[str], list[list[str]]]:
    parts: list[str] = []
    when = [
        f"{label} {st[key]}"
        for key, label in (
            ("start", "from"),
            ("end", "until"),
            ("point_in_time", "on"),
            ("term_end", "term to"),
        )
        if st.get(key)
    ]
    parts.append(" ".join(when) if when else "undated")
    if st.get("amount"):
        parts.append(_amount(st))
    if st.get("stake"):
        parts.append(f"stake {st['stake']}%")
    if st.get("quantity"):
        parts.append(f"{st['quantity']} {st.get('unit', '')}".strip())
    for key in ("exclusivity", "status", "role"):
        if st.get(key):
            parts.append(str(st[key]))
    lines = ["• " + " · ".join(parts)]
    if st.get("note"):
        lines.append("  " + str(st["note"]))
    links: list[list[str]] = []
    for iri in st.get("sources", []):
        info = sources.get(str(iri), {})
        name = info.get("title") or str(iri).rsplit("/", 1)[-1]
        meta = ", ".join(v for v in (info.get("publisher", ""), info.get("date", "")) if v)
        text = f"{name} ({meta})" if meta else name
        url = _safe_url(info.get("url", ""))
        lines.append(f"  source: {text}" + (f" — {url}" if url else ""))
        if url:
            links.append([text, url])
    return lines, links


def _edge_text(
    G: nx.MultiDiGraph, u: str, v: str, attrs: dict[str, Any], sources: dict[str, dict[str, str]]
) -> tuple[str, list[list[str]]]:
    arrow = "—" if attrs.get("symmetric") else "→"
    head = (
        f"{G.nodes[u].get('label', u)} {arrow} {G.nodes[v].get('label', v)}: "
        f"{attrs.get('relation', '')} ({attrs.get('family', '')})"
    )
    lines, links = [head], []
    for st in attrs.get("statements", []):
        more, found = _statement_text(st, sources)
        lines += more
        links += [link for link in found if link not in links]
    return "\n".join(lines), links


def _edge_label(attrs: dict[str, Any]) -> str:
    label = str(attrs.get("relation", ""))
    exclusivity = sorted(
        {str(st["exclusivity"]) for st in attrs.get("statements", []) if st.get("exclusivity")}
    )
    return f"{label} ({', '.join(exclusivity)})" if exclusivity else label


def _vis_data(
    G: nx.MultiDiGraph, *, sources: dict[str, dict[str, str]], focus: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    positions = layout_positions(G)
    degree = dict(nx.Graph(G).degree()) if len(G) else {}
    nodes: list[dict[str, Any]] = []
    for n in sorted(G, key=str):
        attrs = G.nodes[n]
        colour, shape = _KIND_STYLES.get(str(attrs.get("kind", "")), _DEFAULT_STYLE)
        text, links = _node_text(attrs)
        x, y = positions[n]
        node = {
            "id": str(n),
            "label": str(attrs.get("label", n)),
            "title": text,
            "links": links,
            "kind": str(attrs.get("kind", "Entity")),
            "color": colour,
            "shape": shape,
            "size": min(12 + 4 * math.sqrt(degree.get(n, 0)), 42),
            "x": x,
            "y": y,
        }
        if focus is not None and str(n) == focus:
            node.update(size=46, borderWidth=5, font={"size": 22, "bold": True})
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    pair_count: Counter[tuple[str, str]] = Counter()
    with_labels = G.number_of_edges() <= EDGE_LABEL_MAX
    for index, (u, v, _key, attrs) in enumerate(
        sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    ):
        text, links = _edge_text(G, u, v, attrs, sources)
        pair = (min(str(u), str(v)), max(str(u), str(v)))
        nth = pair_count[pair]
        pair_count[pair] += 1
        edge: dict[str, Any] = {
            "id": f"e{index}",
            "from": str(u),
            "to": str(v),
            "title": text,
            "links": links,
            "family": str(attrs.get("family", "")),
            "color": _FAMILY_COLOURS.get(str(attrs.get("family", "")), "#999999"),
            "arrows": "" if attrs.get("symmetric") else "to",
        }
        if with_labels:
            edge["label"] = _edge_label(attrs)
        if nth:
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": 0.2 * ((nth + 1) // 2),
            }
        edges.append(edge)
    return nodes, edges


def _options(node_count: int) -> dict[str, Any]:
    physics = node_count <= PHYSICS_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": _SEED},
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "smooth": False,
            "width": 1.5,
            "font": {"size": 10, "align": "middle", "color": "#444444"},
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": node_count > 1000,
            "navigationButtons": False,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "springLength": 140,
                "avoidOverlap": 0.5,
            },
            "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
            "minVelocity": 1.0,
        },
    }


# --- the page --------------------------------------------------------------------------


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as bundled with the installed pyvis package."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:  # pragma: no cover - a broken pyvis install
        raise AikgError(f"cannot read vis-network from the pyvis package: {err}") from err
    return js, css


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>', '&', line separators)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _csp(scripts: Sequence[str]) -> str:
    hashes = " ".join(_script_hash(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


_PAGE_CSS = """
html, body { margin: 0; height: 100%; font-family: sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 6px 12px; border-bottom: 1px solid #ddd; display: flex; gap: 16px;
  align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header .note { color: #555; font-size: 13px; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; height: 100%; }
aside { width: 300px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px;
  font-size: 13px; }
aside h2 { font-size: 14px; margin: 10px 0 4px; }
.legend { list-style: none; padding: 0; margin: 0; }
.legend li { margin: 2px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  vertical-align: middle; border-radius: 2px; }
.line { display: inline-block; width: 18px; height: 3px; margin-right: 6px;
  vertical-align: middle; }
#details .text { white-space: pre-wrap; }
div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font-size: 12px; }
.message { padding: 24px; font-size: 15px; }
"""

_APP_JS = """"use strict";
(function () {
  var DATA = %s;
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  window.network = network;
  window.aikgReady = false;
  function ready() { window.aikgReady = true; document.body.setAttribute("data-ready", "1"); }
  if (DATA.options.physics.enabled && DATA.nodes.length > 0) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      network.fit();
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  var details = document.getElementById("details");
  function show(item) {
    while (details.firstChild) { details.removeChild(details.firstChild); }
    var text = document.createElement("p");
    text.className = "text";
    text.textContent = item.title || "";
    details.appendChild(text);
    var list = document.createElement("ul");
    (item.links || []).forEach(function (link) {
      if (!/^https?:\\/\\//i.test(link[1])) { return; }
      var a = document.createElement("a");
      a.href = link[1];
      a.textContent = link[0];
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      var li = document.createElement("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    if (list.firstChild) { details.appendChild(list); }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { show(nodes.get(params.nodes[0])); }
    else if (params.edges.length) { show(edges.get(params.edges[0])); }
  });
  var find = document.getElementById("find");
  DATA.nodes.slice().sort(function (a, b) {
    return a.label.localeCompare(b.label);
  }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.id;
    option.textContent = n.label;
    find.appendChild(option);
  });
  find.addEventListener("change", function () {
    if (!find.value) { return; }
    network.selectNodes([find.value]);
    network.focus(find.value, {scale: 1.3, animation: false});
    show(nodes.get(find.value));
  });
})();
"""


def _legend(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> str:
    kinds = sorted({str(n["kind"]) for n in nodes})
    families = [f for f in FAMILIES if f in {str(e["family"]) for e in edges}]
    parts = ["<h2>Classes</h2><ul class='legend'>"]
    for kind in kinds:
        colour, shape = _KIND_STYLES.get(kind, _DEFAULT_STYLE)
        parts.append(
            f"<li><span class='swatch' style='background:{colour}'></span>"
            f"{html.escape(kind)} <small>({html.escape(shape)})</small></li>"
        )
    parts.append("</ul><h2>Relation families</h2><ul class='legend'>")
    for family in families:
        colour = _FAMILY_COLOURS.get(family, "#999999")
        parts.append(
            f"<li><span class='line' style='background:{colour}'></span>"
            f"{html.escape(FAMILY_TITLES.get(family, family))}</li>"
        )
    parts.append("</ul><p><small>Size: number of neighbours. Arrows: directed relations.")
    parts.append("</small></p>")
    return "".join(parts)


def render_network(
    G: nx.MultiDiGraph,
    *,
    title: str,
    subtitle: str = "",
    sources: dict[str, dict[str, str]] | None = None,
    focus: str | None = None,
) -> str:
    """One self-contained HTML page drawing ``G`` (a :func:`graph.network.to_networkx` projection).

    vis-network's script and stylesheet are inlined from the pyvis package, every string
    from the data is escaped or set as text, and a Content-Security-Policy allows only
    the page's own scripts by hash: the page works offline and loads nothing.

    >>> page = render_network(nx.MultiDiGraph(), title="<empty>")
    >>> "&lt;empty&gt;" in page and "http-equiv=\\"Content-Security-Policy\\"" in page
    True

    Raises:
        AikgError: ``G`` has more than :data:`MAX_NODES` nodes.
    """
    if len(G) > MAX_NODES:
        raise AikgError(
            f"the view would have {len(G):,} nodes, more than the {MAX_NODES:,} a browser can "
            "draw usefully; focus on one entity (aikg view --focus NAME --depth 1) or pick "
            "relation families (--relations investment,supply)"
        )
    nodes, edges = _vis_data(G, sources=sources or {}, focus=focus)
    net = Network(directed=True, height="100%", width="100%")
    net.nodes, net.edges, net.options = nodes, edges, _options(len(nodes))
    net_nodes, net_edges, _heading, _height, _width, options_json = net.get_network_data()
    data = {"nodes": net_nodes, "edges": net_edges, "options": json.loads(options_json)}
    vis_js, vis_css = _vis_assets()
    app_js = _APP_JS % _json_for_script(data)
    empty = "" if nodes else "<p class='message'>No entities or relations to show here.</p>"
    size_note = f"{len(nodes):,} entities, {len(edges):,} relations"
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_csp([vis_js, app_js])}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{vis_css}</style>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{html.escape(title)}</h1>"
        f"<span class='note'>{html.escape(subtitle)}{' — ' if subtitle else ''}"
        f"{size_note}</span>"
        "<label>Find: <select id='find'><option value=''>choose an entity…</option>"
        "</select></label></header>\n"
        f"<main><div id='network'>{empty}</div><aside><div id='legend'>"
        f"{_legend(nodes, edges)}</div><h2>Details</h2><div id='details'>"
        "<p>Hover for a summary; click a node or an edge for its details and source links."
        "</p></div></aside></main>\n"
        f"<script>{vis_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n"
    )


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
