"""A comparison as one self-contained HTML page: offline, every value escaped, a script
allowed by hash only, each fact linked to its sources."""

from __future__ import annotations

import html

from graph.curate.answers import AnswerChange
from graph.curate.compare import Comparison
from graph.curate.diff import STATUSES, NodeChange
from graph.curate.report import cell, no_change_line
from graph.curate.terms import KINDS
from graph.rdf.pages import csp, safe_url

__all__ = ["render_html"]

_TITLES = {"entities": "Entities", "sources": "Sources", "statements": "Statements"}

_CSS = """
body { font-family: sans-serif; margin: 16px auto; max-width: 1200px; padding: 0 16px;
  color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 24px; } h3 { font-size: 14px; }
.meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 6px 0; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
tr.added td:first-child { border-left: 4px solid #2ca02c; }
tr.removed td:first-child { border-left: 4px solid #d62728; }
tr.changed td:first-child { border-left: 4px solid #ff7f0e; }
ul.props, ul.sources { list-style: none; margin: 0; padding: 0; }
del { background: #fde0e0; text-decoration: line-through; }
ins { background: #e0f5e0; text-decoration: none; }
code { font-size: 12px; }
"""

_SCRIPT = """"use strict";
(function () {
  var input = document.getElementById("filter");
  input.addEventListener("input", function () {
    var text = input.value.toLowerCase();
    document.querySelectorAll("tr[data-row]").forEach(function (row) {
      row.hidden = text !== "" && row.textContent.toLowerCase().indexOf(text) < 0;
    });
  });
})();
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _source_item(iri: str, details: dict[str, str]) -> str:
    title = _e(details.get("title", iri))
    url = safe_url(details.get("url", ""))
    link = f"<a href='{_e(url)}' rel='noopener noreferrer'>{title}</a>" if url else title
    extra = ", ".join(_e(details[k]) for k in ("publisher", "date") if details.get(k))
    shown_url = f" <code>{_e(url)}</code>" if url else ""
    return f"<li>{link}{' — ' + extra if extra else ''}{shown_url}</li>"


def _props(node: NodeChange) -> str:
    items = []
    for change in node.changes:
        name = _e(change.column or change.property)
        if node.status == "added":
            body = f"<ins>{_e(cell(change.new))}</ins>"
        elif node.status == "removed":
            body = f"<del>{_e(cell(change.old))}</del>"
        else:
            body = f"<del>{_e(cell(change.old))}</del> → <ins>{_e(cell(change.new))}</ins>"
        items.append(f"<li><b>{name}</b>: {body}</li>")
    return f"<ul class='props'>{''.join(items)}</ul>"


def _node_row(node: NodeChange, c: Comparison) -> str:
    what = f"{_e(node.label)}"
    if node.triple is not None:
        what += "<br><code>" + _e(" ".join(node.triple)) + "</code>"
    sources = "".join(_source_item(iri, c.diff.sources.get(iri, {})) for iri in node.sources)
    return (
        f"<tr class='{_e(node.status)}' data-row='1' id='{_e(node.kind + '-' + node.id)}'>"
        f"<td><code>{_e(node.id)}</code><br>{_e(node.status)}</td><td>{what}</td>"
        f"<td>{_props(node)}</td><td><ul class='sources'>{sources}</ul></td></tr>\n"
    )


def _node_sections(c: Comparison) -> str:
    parts = []
    for kind in KINDS:
        for status in STATUSES:
            nodes = c.diff.nodes.get(kind, {}).get(status, [])
            if not nodes:
                continue
            rows = "".join(_node_row(n, c) for n in nodes)
            parts.append(
                f"<section id='{_e(kind)}-{_e(status)}'><h2>{_e(_TITLES[kind])} {_e(status)} "
                f"({len(nodes)})</h2>\n<table><thead><tr><th>id</th><th>what</th>"
                f"<th>{'changes' if status == 'changed' else 'values'}</th><th>sources</th>"
                f"</tr></thead><tbody>\n{rows}</tbody></table></section>\n"
            )
    return "".join(parts)


def _triples_section(
    title: str, anchor: str, added: list[list[str]], removed: list[list[str]]
) -> str:
    rows = [("added", "+", t) for t in added] + [("removed", "-", t) for t in removed]
    if not rows:
        return ""
    body = "".join(
        f"<tr class='{status}' data-row='1'><td>{sign}</td>"
        + "".join(f"<td><code>{_e(v)}</code></td>" for v in t)
        + "</tr>\n"
        for status, sign, t in rows
    )
    return (
        f"<section id='{anchor}'><h2>{_e(title)}</h2>\n<table><thead><tr><th></th>"
        f"<th>subject</th><th>predicate</th><th>object</th></tr></thead><tbody>\n{body}"
        "</tbody></table></section>\n"
    )


def _answer_table(answer: AnswerChange) -> str:
    params = " ".join(f"{k}={v}" for k, v in answer.params)
    head = "".join(f"<th>{_e(col)}</th>" for col in ("change", *answer.columns))
    rows = [("added", "+", r) for r in answer.added] + [("removed", "-", r) for r in answer.removed]
    body = "".join(
        f"<tr class='{status}' data-row='1'><td>{sign}</td>"
        + "".join(f"<td>{_e(v)}</td>" for v in r)
        + "</tr>\n"
        for status, sign, r in rows
    )
    return (
        f"<h3><code>{_e(answer.query)}</code> {_e(params)}: {len(answer.added)} added, "
        f"{len(answer.removed)} removed</h3>\n<table><thead><tr>{head}</tr></thead><tbody>\n"
        f"{body}</tbody></table>\n"
    )


def _answers_section(c: Comparison) -> str:
    if not c.asked:
        return ""
    asked = len(c.diff.touched) - len(c.skipped)
    note = f"Asked of {asked} touched entities as of {c.as_of.isoformat()}: " + ", ".join(c.asked)
    if c.skipped:
        note += f"; {len(c.skipped)} more entities not asked"
    tables = "".join(_answer_table(a) for a in c.answers) or "<p>No answer changed.</p>"
    return (
        f"<section id='answers'><h2>Query answers changed</h2>\n<p class='meta'>{_e(note)}."
        f"</p>\n{tables}</section>\n"
    )


def _summary(c: Comparison) -> str:
    rows = "".join(
        f"<tr><td>{_e(kind)}</td>"
        + "".join(f"<td>{c.diff.count(kind, s)}</td>" for s in STATUSES)
        + "</tr>"
        for kind in KINDS
    )
    head = "".join(f"<th>{s}</th>" for s in STATUSES)
    return (
        f"<table id='summary'><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>\n"
    )


def render_html(c: Comparison) -> str:
    """The comparison as one HTML page that loads nothing and runs only its own filter
    script, allowed by its hash.

    Every string from the data is escaped; a source links to its address only when that is
    an http(s) URL.
    """
    title = f"aikg diff: {c.old.label} → {c.new.label}"
    if c.equal:
        body = f"<p id='no-change'>{_e(no_change_line(c))}.</p>\n"
    else:
        body = (
            _summary(c)
            + _node_sections(c)
            + _triples_section(
                "Direct triples (derived from statements)",
                "direct",
                c.diff.direct_added,
                c.diff.direct_removed,
            )
            + _triples_section("Other triples", "other", c.diff.other_added, c.diff.other_removed)
            + _answers_section(c)
        )
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp([_SCRIPT])}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n<p class='meta'>old: {_e(c.old.label)} · new: "
        f"{_e(c.new.label)} · as of {_e(c.as_of.isoformat())}</p>\n"
        "<p><label>Filter rows: <input id='filter' type='search'></label></p>\n"
        f"{body}<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
