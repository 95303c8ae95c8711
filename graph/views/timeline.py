"""The date slider of a view: each relation's statements as spans of days, the relations
of other days (hidden until a day shows them), and the script that redraws the page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.model.time import DEPRECATED, NEVER_HOLDING_STATUSES
from graph.views.text import edge_label, edge_text

__all__ = [
    "TIMELINE_JS",
    "span_dates",
    "split_extra",
    "statement_span",
    "timeline_data",
    "with_timeline",
]


def with_timeline(G: nx.MultiDiGraph, timeline: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with the nodes and edges of ``timeline`` it lacks, marked ``extra``."""
    U = G.copy()
    for n, attrs in timeline.nodes(data=True):
        if n not in U:
            U.add_node(n, **attrs, extra=True)
    for u, v, key, attrs in timeline.edges(keys=True, data=True):
        if not U.has_edge(u, v, key):
            U.add_edge(u, v, key=key, **attrs, extra=True)
    return U


def statement_span(st: Mapping[str, Any]) -> list[Any]:
    """What the date slider knows of a statement: its known start and end (ISO days or
    None), whether it can hold at all (not proposed, planned, cancelled or deprecated),
    and its exclusivity; the rule of :func:`graph.model.time.statement_holds`."""
    never = st.get("status") in NEVER_HOLDING_STATUSES or st.get("rank") == DEPRECATED
    start, end = st.get("holds_from"), st.get("holds_until")
    return [
        start.isoformat() if start is not None else None,
        end.isoformat() if end is not None else None,
        not never,
        str(st.get("exclusivity") or ""),
    ]


def slider_fields(
    G: nx.MultiDiGraph,
    timeline: nx.MultiDiGraph,
    key: tuple[str, str, str],
    attrs: Mapping[str, Any],
    title: str,
    sources: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """What the slider reads of the page's edge ``key`` (its ``title`` already made):
    ``relation``, ``relLabel`` (its label without exclusivity), ``spans`` (one per
    statement of every day), ``dateTitle`` (every statement, when that differs from the
    title) and ``extra`` when only ``timeline`` has the edge."""
    u, v, relation = key
    ever = timeline.edges[key] if timeline.has_edge(*key) else attrs
    fields: dict[str, Any] = {
        "relation": str(relation),
        "relLabel": edge_label({"relation": attrs.get("relation", relation)}),
        "spans": [statement_span(st) for st in ever.get("statements", [])],
    }
    every = edge_text(G, u, v, {**ever, "undated": False}, sources)[0]
    if every != title:  # else the page falls back on the title
        fields["dateTitle"] = every
    if attrs.get("extra"):
        fields["extra"] = True
    return fields


@dataclass(frozen=True)
class Slider:
    """A page's nodes and edges with the slider's apart: those drawn at first, the extra
    nodes (hidden until a day shows them), what the script reads and the controls."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    extra_nodes: list[dict[str, Any]]
    data: dict[str, Any] | None
    controls: str


def take_timeline(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    focus: str | None,
    day: date | None,
    enabled: bool,
) -> Slider:
    """Split the page's items by their ``extra`` mark and, when ``enabled`` and some
    statement is dated, make the slider (:func:`timeline_data`)."""
    nodes, extra_nodes = split_extra(nodes)
    edges, extra_edges = split_extra(edges)
    dates = span_dates([*edges, *extra_edges])
    if not enabled or not dates:
        return Slider(nodes, edges, extra_nodes, None, "")
    data, controls = timeline_data(
        dates, [*edges, *extra_edges], extra_nodes, extra_edges, focus=focus, day=day
    )
    return Slider(nodes, edges, extra_nodes, data, controls)


def split_extra(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``items`` without and with their ``extra`` mark (which is dropped)."""
    base: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    for item in items:
        (extra if item.pop("extra", False) else base).append(item)
    return base, extra


def span_dates(edges: Sequence[dict[str, Any]]) -> list[str]:
    """Every known start and end of the edges' statements, sorted (ISO days)."""
    return sorted({d for e in edges for span in e.get("spans", ()) for d in span[:2] if d})


def _offset(day: str | None, first: date) -> int | None:
    return None if day is None else (date.fromisoformat(day) - first).days


def timeline_data(
    days: Sequence[str],
    edges: Sequence[dict[str, Any]],
    extra_nodes: list[dict[str, Any]],
    extra_edges: list[dict[str, Any]],
    *,
    focus: str | None,
    day: date | None,
) -> tuple[dict[str, Any], str]:
    """What the page's date slider reads, and its controls (see :func:`render_network`)."""
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    for edge in edges:  # days as counts from the first: small, and never shown as dates
        edge["spans"] = [
            [_offset(span[0], first), _offset(span[1], first), *span[2:]] for span in edge["spans"]
        ]
    start = min(max(day, first), last) if day is not None else last
    for item in (*extra_nodes, *extra_edges):
        item["hidden"] = True
    data = {
        "nodes": extra_nodes,
        "edges": extra_edges,
        "first": first.isoformat(),
        "focus": focus,
    }
    span = (last - first).days
    controls = (
        "<span id='timeline'><label><input type='checkbox' id='date-on'> On a date:</label> "
        f"<input type='range' id='date-slider' min='0' max='{span}' "
        f"value='{(start - first).days}' aria-label='the day shown'> "
        f"<output id='date-shown' for='date-slider'>{start.isoformat()}</output> "
        "<button type='button' id='date-play'>play</button> "
        "<label><input type='checkbox' id='date-undated' checked> undated (dashed)</label> "
        "<label>changes since <input type='date' id='date-since' "
        f"min='{first.isoformat()}' max='{last.isoformat()}'></label> "
        "<span class='note' id='date-counts'></span></span>"
    )
    return data, controls


#: The page script's part that runs the slider (``DATA.timeline``, see :func:`timeline_data`);
#: it runs inside the page script, beside its ``nodes``, ``edges`` and ``DATA``.
TIMELINE_JS = """  if (DATA.timeline) { timeline(DATA.timeline); }
  function timeline(T) {
    nodes.add(T.nodes);
    edges.add(T.edges);
    var all = DATA.edges.concat(T.edges);
    var allNodes = DATA.nodes.concat(T.nodes);
    var width = DATA.options.edges.width;
    var before = {};
    all.forEach(function (e) {
      before[e.id] = {hidden: !!e.hidden, dashes: !!e.dashes, label: e.label,
        title: e.title, width: e.width === undefined ? width : e.width};
    });
    var linked = {};
    all.forEach(function (e) { linked[e.from] = linked[e.to] = true; });
    var on = document.getElementById("date-on");
    var slider = document.getElementById("date-slider");
    var shown = document.getElementById("date-shown");
    var play = document.getElementById("date-play");
    var undated = document.getElementById("date-undated");
    var since = document.getElementById("date-since");
    var counts = document.getElementById("date-counts");
    var first = Date.parse(T.first + "T00:00:00Z");
    var WORDS = {"holds": "holds", "undated": "undated (no known start)",
      "not yet": "not yet begun", "ended": "ended",
      "never": "never held (proposed, planned, cancelled)"};
    function dayAt(i) { return new Date(first + i * 86400000).toISOString().slice(0, 10); }
    function indexOf(day) {
      return Math.round((Date.parse(day + "T00:00:00Z") - first) / 86400000);
    }
    // The rule of graph.model.time.statement_holds, per statement, then per edge; days
    // are counted from the first date.
    function stateOn(spans, day) {
      if (!spans.length) { return {state: "undated", excl: []}; }
      var holds = false, undatedHere = false, later = false, ended = false, excl = {};
      spans.forEach(function (s) {
        if (!s[2]) { return; }
        if (s[1] !== null && s[1] <= day) { ended = true; return; }
        if (s[0] === null) { undatedHere = true; if (s[3]) { excl[s[3]] = true; } return; }
        if (s[0] <= day) { holds = true; if (s[3]) { excl[s[3]] = true; } } else { later = true; }
      });
      var state = holds ? "holds" : undatedHere ? "undated" : later ? "not yet"
        : ended ? "ended" : "never";
      return {state: state, excl: Object.keys(excl).sort()};
    }
    window.aikgStatesOn = function (day) {
      return all.map(function (e) {
        return {from: e.from, to: e.to, relation: e.relation,
          state: stateOn(e.spans, indexOf(day)).state};
      });
    };
    function apply() {
      var day = dayAt(+slider.value);
      shown.textContent = day;
      if (!on.checked) {
        edges.update(all.map(function (e) {
          var b = before[e.id];
          return {id: e.id, hidden: b.hidden, dashes: b.dashes, label: b.label,
            title: b.title, width: b.width};
        }));
        nodes.update(allNodes.map(function (n) { return {id: n.id, hidden: !!n.hidden}; }));
        counts.textContent = "";
        window.aikgDay = null;
        return;
      }
      var tally = {"holds": 0, "undated": 0, "not yet": 0, "ended": 0};
      var reached = {};
      var changes = [];
      all.forEach(function (e) {
        var now = stateOn(e.spans, +slider.value);
        if (tally[now.state] !== undefined) { tally[now.state] += 1; }
        var visible = now.state === "holds" || (now.state === "undated" && undated.checked);
        var change = {id: e.id, hidden: !visible, dashes: now.state === "undated",
          title: "On " + day + ": " + WORDS[now.state] + "\\n" +
            (e.dateTitle || before[e.id].title),
          width: width};
        if (before[e.id].label !== undefined) {
          change.label = e.relLabel + (now.excl.length ? " (" + now.excl.join(", ") + ")" : "");
        }
        if (since.value && visible) {
          var then = stateOn(e.spans, indexOf(since.value));
          if (then.state !== now.state || then.excl.join() !== now.excl.join()) {
            change.width = 5;
            change.title += "\\n(changed since " + since.value + ": " +
              WORDS[then.state] + " then)";
          }
        }
        if (visible) { reached[e.from] = reached[e.to] = true; }
        changes.push(change);
      });
      edges.update(changes);
      nodes.update(allNodes.map(function (n) {
        return {id: n.id, hidden: !(reached[n.id] || n.id === T.focus || !linked[n.id])};
      }));
      counts.textContent = tally["holds"] + " holding, " + tally["undated"] + " undated, " +
        tally["ended"] + " ended, " + tally["not yet"] + " not yet begun";
      window.aikgDay = day;
    }
    var timer = null;
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      play.textContent = "play";
    }
    play.addEventListener("click", function () {
      if (timer !== null) { stop(); return; }
      on.checked = true;
      if (+slider.value >= +slider.max) { slider.value = "0"; }
      var step = Math.max(1, Math.round(+slider.max / 120));
      play.textContent = "pause";
      apply();
      timer = setInterval(function () {
        slider.value = String(Math.min(+slider.max, +slider.value + step));
        apply();
        if (+slider.value >= +slider.max) { stop(); }
      }, 250);
    });
    slider.addEventListener("input", function () { on.checked = true; apply(); });
    [on, undated, since].forEach(function (control) {
      control.addEventListener("change", apply);
    });
    window.aikgDay = null;
  }
"""
