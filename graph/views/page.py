"""One self-contained HTML page drawing a networkx projection with vis-network from pyvis."""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from graph.model.errors import AikgError
from graph.model.vocabulary import FAMILIES
from graph.rdf.pages import csp, json_for_script
from graph.views.layout import PHYSICS_MAX_NODES, SEED, layout_positions
from graph.views.text import UNDATED_NOTE, edge_label, edge_text, node_text
from graph.views.timeline import TIMELINE_JS, slider_fields, take_timeline, with_timeline

__all__ = ["EDGE_LABEL_MAX", "FAMILY_TITLES", "MAX_NODES", "render_network"]

#: Above this many nodes a view is refused: a browser cannot draw it usefully.
MAX_NODES = 20_000
#: Above this many edges, edge labels are left out (tooltips keep them) to keep drawing fast.
EDGE_LABEL_MAX = 2_000
#: Human titles of the relation families.
FAMILY_TITLES = {
    "investment": "Investment and money flows",
    "supply": "Supply chain: compute, chips, technology",
    "competition": "Competition",
    "partnership": "Partnerships and projects",
    "people": "People and roles",
    "assets": "Assets: owners, operators, sites",
}

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


def _vis_nodes(
    G: nx.MultiDiGraph, *, focus: str | None, sizes: Mapping[str, float] | None, size_label: str
) -> list[dict[str, Any]]:
    positions = layout_positions(G)
    degree = dict(nx.Graph(G).degree()) if len(G) else {}
    largest = max((sizes or {}).values(), default=0.0)
    nodes: list[dict[str, Any]] = []
    for n in sorted(G, key=str):
        attrs = G.nodes[n]
        colour, shape = _KIND_STYLES.get(str(attrs.get("kind", "")), _DEFAULT_STYLE)
        text, links = node_text(attrs)
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
        if sizes is not None:
            value = float(sizes.get(str(n), 0.0))
            share = math.sqrt(value / largest) if largest > 0 else 0.0
            node["size"] = round(8 + 36 * share, 3)
            node["title"] = f"{text}\n{size_label}: {value:.4g}"
        if focus is not None and str(n) == focus:
            node.update(size=46, borderWidth=5, font={"size": 22, "bold": True})
        if attrs.get("extra"):
            node["extra"] = True
        nodes.append(node)
    return nodes


def _vis_data(
    G: nx.MultiDiGraph,
    *,
    sources: dict[str, dict[str, str]],
    focus: str | None,
    emphasis: Collection[tuple[str, str, str]] = (),
    emphasis_note: str = "differs on the other date of the pair",
    sizes: Mapping[str, float] | None = None,
    size_label: str = "",
    timeline: nx.MultiDiGraph | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges of the page. With a ``timeline`` (the same view over every
    statement, :func:`~graph.views.timeline.with_timeline`), each edge also carries what
    the date slider reads: ``spans`` (one per statement), ``dateTitle`` and ``relation``;
    the nodes and edges of the timeline that ``G`` lacks are marked ``extra``."""
    if timeline is not None:
        G = with_timeline(G, timeline)
    nodes = _vis_nodes(G, focus=focus, sizes=sizes, size_label=size_label)
    edges: list[dict[str, Any]] = []
    pair_count: Counter[tuple[str, str]] = Counter()
    with_labels = G.number_of_edges() <= EDGE_LABEL_MAX
    for index, (u, v, key, attrs) in enumerate(
        sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    ):
        text, links = edge_text(G, u, v, attrs, sources)
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
        if attrs.get("undated"):
            edge["dashes"] = True
        if with_labels:
            edge["label"] = edge_label(attrs)
        if (str(u), str(v), str(key)) in emphasis:
            edge["width"] = 5
            edge["title"] += f"\n({emphasis_note})"
        if nth:
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": 0.2 * ((nth + 1) // 2),
            }
        if timeline is not None:
            edge.update(slider_fields(G, timeline, (u, v, key), attrs, text, sources))
        edges.append(edge)
    return nodes, edges


def _options(node_count: int) -> dict[str, Any]:
    physics = node_count <= PHYSICS_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": SEED},
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
.swatch { margin-right: 6px; vertical-align: middle; }
.line { display: inline-block; width: 18px; height: 3px; margin-right: 6px;
  vertical-align: middle; }
.line.dashed { height: 0; background: none; border-top: 3px dashed #666666; }
#details .text, #details a { white-space: pre-wrap; overflow-wrap: anywhere; }
div.vis-tooltip { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 480px;
  font-size: 12px; }
.message { padding: 24px; font-size: 15px; }
#timeline { font-size: 13px; display: inline-flex; gap: 6px; align-items: center;
  flex-wrap: wrap; }
#date-slider { width: 220px; }
"""

_APP_JS = (
    """"use strict";
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
"""
    + TIMELINE_JS
    + """})();
"""
)


# The shapes drawn by vis-network, as 14x14 SVG outlines for the legend.
_SHAPE_SVG = {
    "dot": "<circle cx='7' cy='7' r='6'/>",
    "square": "<rect x='1' y='1' width='12' height='12'/>",
    "diamond": "<polygon points='7,0 14,7 7,14 0,7'/>",
    "triangle": "<polygon points='7,1 13,13 1,13'/>",
    "triangleDown": "<polygon points='1,1 13,1 7,13'/>",
    "hexagon": "<polygon points='4,1 10,1 13,7 10,13 4,13 1,7'/>",
    "star": "<polygon points='7,0 9,5 14,5 10,8 12,14 7,10 2,14 4,8 0,5 5,5'/>",
}


def _swatch(colour: str, shape: str) -> str:
    body = _SHAPE_SVG.get(shape, _SHAPE_SVG["dot"])
    return (
        f"<svg class='swatch' width='14' height='14' viewBox='0 0 14 14' fill='{colour}' "
        f"aria-hidden='true'>{body}</svg>"
    )


def _legend(
    nodes: Iterable[dict[str, Any]],
    edges: Iterable[dict[str, Any]],
    *,
    size_label: str = "",
    emphasis_note: str = "differs on the other date",
) -> str:
    edges = list(edges)
    thick = any("width" in e for e in edges)
    dashed = any(e.get("dashes") for e in edges)
    kinds = sorted({str(n["kind"]) for n in nodes})
    families = [f for f in FAMILIES if f in {str(e["family"]) for e in edges}]
    parts = ["<h2>Classes</h2><ul class='legend'>"]
    for kind in kinds:
        colour, shape = _KIND_STYLES.get(kind, _DEFAULT_STYLE)
        parts.append(f"<li>{_swatch(colour, shape)}{html.escape(kind)}</li>")
    parts.append("</ul><h2>Relation families</h2><ul class='legend'>")
    for family in families:
        colour = _FAMILY_COLOURS.get(family, "#999999")
        parts.append(
            f"<li><span class='line' style='background:{colour}'></span>"
            f"{html.escape(FAMILY_TITLES.get(family, family))}</li>"
        )
    if dashed:
        parts.append(
            f"<li id='legend-undated'><span class='line dashed'></span>{UNDATED_NOTE}</li>"
        )
    parts.append(
        f"</ul><p><small>Size: {html.escape(size_label or 'number of neighbours')}. "
        "Arrows: directed relations."
        + (f" Thick: {html.escape(emphasis_note)}." if thick else "")
        + "</small></p>"
    )
    return "".join(parts)


def _undated_note(edges: Sequence[dict[str, Any]], hidden: int | None) -> str:
    """The header's count of undated relations drawn dashed, or left out."""
    count = hidden if hidden is not None else sum(1 for e in edges if e.get("dashes"))
    if hidden is None and not count:
        return ""
    what = "relation" if count == 1 else "relations"
    done = "hidden" if hidden is not None else "drawn dashed"
    return (
        f"<span class='note' id='undated-note'>{count:,} undated {what} {done} "
        "(no known start)</span>"
    )


def render_network(
    G: nx.MultiDiGraph,
    *,
    title: str,
    subtitle: str = "",
    sources: dict[str, dict[str, str]] | None = None,
    focus: str | None = None,
    emphasis: Collection[tuple[str, str, str]] = (),
    emphasis_note: str | None = None,
    sizes: Mapping[str, float] | None = None,
    size_label: str = "",
    hidden_undated: int | None = None,
    timeline: nx.MultiDiGraph | None = None,
    day: date | None = None,
) -> str:
    """One self-contained HTML page drawing ``G`` (a :func:`graph.network.to_networkx` projection).

    vis-network's script and stylesheet are inlined from the pyvis package, every string
    from the data is escaped or set as text, and a Content-Security-Policy allows only
    the page's own scripts by hash: the page works offline and loads nothing.

    >>> page = render_network(nx.MultiDiGraph(), title="<empty>")
    >>> "&lt;empty&gt;" in page and "http-equiv=\\"Content-Security-Policy\\"" in page
    True

    ``focus`` is a node drawn larger; ``emphasis`` holds (source, target, relation)
    edges drawn thick, explained by ``emphasis_note``; ``sizes`` (node → value, named
    ``size_label``) sizes the nodes instead of their number of neighbours. Undated edges
    (``undated``: not known to hold on the as-of day) are drawn dashed, with a legend
    entry, and counted in the header; ``hidden_undated``: how many were left out of ``G``.

    ``timeline`` (the same view with ``history=True``) adds a date slider, starting at
    ``day`` or the last date, that redraws the page as of any day by the rule of the
    ``holds_on`` query (:mod:`graph.views.timeline`); until it is used the page shows ``G``.

    Raises:
        AikgError: ``G`` has more than :data:`MAX_NODES` nodes.
    """
    if len(G) > MAX_NODES:
        raise AikgError(
            f"the view would have {len(G):,} nodes, more than the {MAX_NODES:,} a browser can "
            "draw usefully; focus on one entity (aikg view --focus NAME --depth 1) or pick "
            "relation families (--relations investment,supply)"
        )
    note = emphasis_note or "differs on the other date of the pair"
    nodes, edges = _vis_data(
        G,
        sources=sources or {},
        focus=focus,
        emphasis=emphasis,
        emphasis_note=note,
        sizes=sizes,
        size_label=size_label,
        timeline=timeline,
    )
    slider = take_timeline(nodes, edges, focus=focus, day=day, enabled=timeline is not None)
    nodes, edges = slider.nodes, slider.edges
    net = Network(directed=True, height="100%", width="100%")
    net.nodes, net.edges = nodes, edges
    net.options = _options(len(nodes) + len(slider.extra_nodes))
    net_nodes, net_edges, _heading, _height, _width, options_json = net.get_network_data()
    data: dict[str, Any] = {
        "nodes": net_nodes,
        "edges": net_edges,
        "options": json.loads(options_json),
    }
    if slider.data is not None:
        data["timeline"] = slider.data
    legend = _legend(
        nodes,
        edges,
        size_label=size_label,
        emphasis_note=emphasis_note or "differs on the other date",
    )
    header = (
        f"<span class='note'>{html.escape(subtitle)}{' — ' if subtitle else ''}"
        f"{len(nodes):,} entities, {len(edges):,} relations</span>"
        f"{_undated_note(edges, hidden_undated)}"
    )
    return _page(title, header, data, legend, slider.controls, empty=not nodes)


def _page(
    title: str, header: str, data: dict[str, Any], legend: str, controls: str, *, empty: bool
) -> str:
    """The HTML of a view around its ``data`` (what the script hands to vis-network)."""
    vis_js, vis_css = _vis_assets()
    app_js = _APP_JS % json_for_script(data)
    message = "<p class='message'>No entities or relations to show here.</p>" if empty else ""
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp([vis_js, app_js])}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{html.escape(title)}</title>\n"
        f"<style>{vis_css}</style>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{html.escape(title)}</h1>{header}"
        "<label>Find: <select id='find'><option value=''>choose an entity…</option>"
        f"</select></label>{controls}</header>\n"
        f"<main><div id='network'>{message}</div><aside><div id='legend'>"
        f"{legend}</div><h2>Details</h2><div id='details'>"
        "<p>Hover for a summary; click a node or an edge for its details and source links."
        "</p></div></aside></main>\n"
        f"<script>{vis_js}</script>\n<script>{app_js}</script>\n</body>\n</html>\n"
    )
