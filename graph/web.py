"""The HTML pages of ``aikg serve`` without scripts: home, entity, query form and results."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, Variable

from .namespaces import ENT
from .queries import StoredQuery
from .views.text import format_amount, format_when, safe_url

__all__ = [
    "PAGE_CSP",
    "entity_path",
    "render_entity_page",
    "render_home",
    "render_message",
    "render_query_page",
    "statement_rows",
]

#: The policy of every scriptless page: nothing but inline styles and same-origin frames.
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)

_CSS = """
body { font-family: sans-serif; max-width: 1100px; margin: 16px auto; padding: 0 16px;
  color: #222; }
nav { font-size: 14px; margin-bottom: 8px; } nav a { margin-right: 12px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.meta { color: #555; font-size: 13px; } .error { color: #a00; white-space: pre-wrap; }
iframe { width: 100%; height: 560px; border: 1px solid #ddd; }
textarea { width: 100%; font-family: monospace; }
label { display: block; margin: 4px 0; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def entity_path(iri: str) -> str | None:
    """The server path of an entity's page, or None for an IRI outside ``ent:``.

    >>> entity_path("https://w3id.org/aikg/entity/openai")
    '/entities/openai'
    """
    if not iri.startswith(str(ENT)) or iri == str(ENT):
        return None
    return "/entities/" + quote(iri.removeprefix(str(ENT)), safe="")


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        "<nav><a href='/'>Home</a><a href='/views/'>Views</a><a href='/query'>Query</a>"
        "<a href='/sparql'>SPARQL endpoint</a></nav>\n"
        f"<h1>{_e(title)}</h1>\n{body}</body>\n</html>\n"
    )


def render_message(title: str, message: str, *, links: Sequence[tuple[str, str]] = ()) -> str:
    """A page with one message and optional links (label, path), e.g. for a 404.

    >>> "&lt;b&gt;" in render_message("Not found", "<b>")
    True
    """
    items = "".join(f"<li><a href='{_e(path)}'>{_e(text)}</a></li>" for text, path in links)
    more = f"<p>Did you mean:</p><ul>{items}</ul>\n" if items else ""
    return _page(title, f"<p class='error'>{_e(message)}</p>\n{more}")


def render_home(*, triples: int, entities: int, queries: Sequence[StoredQuery]) -> str:
    """The home page: what the server holds and links to everything it serves."""
    stored = "".join(
        f"<li><a href='/query?{_e(urlencode({'name': q.name}))}'>{_e(q.title)}</a> "
        f"<span class='meta'>{_e(q.name)}</span></li>"
        for q in queries
    )
    body = (
        f"<p>{triples:,} triples about {entities:,} entities, every fact with its sources "
        "and dates.</p>\n<ul>\n"
        "<li><a href='/views/'>Standard views</a>: the whole graph, each relation family, "
        "two dates compared</li>\n"
        "<li><a href='/query'>Query page</a>: run a stored query or your own SPARQL, as a "
        "table or a graph</li>\n"
        "<li><a href='/sparql'>SPARQL 1.1 endpoint</a> (GET or POST <code>query=</code>) and "
        "<a href='/queries'>the stored queries as JSON</a></li>\n</ul>\n"
        "<form method='get' action='/entities'><label>Entity (slug, label or alias): "
        "<input name='name' required></label><button type='submit'>Open</button></form>\n"
        f"<h2>Stored queries</h2>\n<ul>{stored}</ul>\n"
    )
    return _page("AI industry knowledge graph", body)


def statement_rows(G: nx.MultiDiGraph, entity: str) -> list[dict[str, Any]]:
    """Every statement ``entity`` is subject or object of in ``G``, one dict each.

    Sorted by relation, the other party's label and the start date.
    """
    rows: list[dict[str, Any]] = []
    edges = [(u, v, d, True) for u, v, d in G.out_edges(entity, data=True)]
    edges += [(u, v, d, False) for u, v, d in G.in_edges(entity, data=True) if u != entity]
    for u, v, data, outgoing in edges:
        other = v if outgoing else u
        for st in data.get("statements", []):
            rows.append(
                {
                    "relation": str(data.get("relation", "")),
                    "outgoing": outgoing,
                    "symmetric": bool(data.get("symmetric")),
                    "other": other,
                    "other_label": str(G.nodes[other].get("label", other)),
                    "when": format_when(st),
                    "start": str(st.get("start") or st.get("point_in_time") or ""),
                    "amount": format_amount(st),
                    "status": str(st.get("status", "")),
                    "exclusivity": str(st.get("exclusivity", "")),
                    "sources": list(st.get("sources", [])),
                    "statement": str(st.get("iri", "")),
                }
            )
    rows.sort(key=lambda r: (r["relation"], r["other_label"].casefold(), r["start"]))
    return rows


def _source_links(iris: Sequence[str], sources: Mapping[str, Mapping[str, str]]) -> str:
    parts = []
    for iri in iris:
        info = sources.get(iri, {})
        text = info.get("title") or iri.rsplit("/", 1)[-1]
        url = safe_url(info.get("url", ""))
        if url:
            parts.append(f"<a href='{_e(url)}' rel='noopener noreferrer'>{_e(text)}</a>")
        else:
            parts.append(_e(text))
    return "<br>".join(parts)


def render_entity_page(
    g: Graph,
    G: nx.MultiDiGraph,
    entity: str,
    *,
    sources: Mapping[str, Mapping[str, str]],
    graph_path: str,
) -> str:
    """An entity's page: label, classes, description, Wikidata link, aliases, every
    statement it takes part in, and its neighbourhood drawn in a frame (``graph_path``)."""
    attrs = G.nodes[entity]
    label = str(attrs.get("label", entity))
    aliases = sorted(str(a) for a in g.objects(URIRef(entity), SKOS.altLabel))
    facts = [f"<p class='meta'>{_e(', '.join(attrs.get('classes', [])) or 'Entity')} · "
             f"<code>{_e(entity)}</code></p>"]  # fmt: skip
    if attrs.get("description"):
        facts.append(f"<p>{_e(attrs['description'])}</p>")
    if aliases:
        facts.append(f"<p>Also known as: {_e(', '.join(aliases))}</p>")
    qid = str(attrs.get("wikidata") or "")
    url = safe_url(f"https://www.wikidata.org/wiki/{qid}") if qid else None
    if url and qid[1:].isdigit() and qid.startswith("Q"):
        facts.append(
            f"<p>Wikidata: <a href='{_e(url)}' rel='noopener noreferrer'>{_e(qid)}</a></p>"
        )
    rows = statement_rows(G, entity)
    body_rows = []
    for r in rows:
        other_path = entity_path(r["other"])
        other = _e(r["other_label"])
        if other_path:
            other = f"<a href='{_e(other_path)}'>{other}</a>"
        arrow = "—" if r["symmetric"] else ("→" if r["outgoing"] else "←")
        cells = [
            f"{arrow} {_e(r['relation'])}",
            other,
            _e(r["when"] or "undated"),
            _e(r["amount"]),
            _e(r["status"]),
            _e(r["exclusivity"]),
            _source_links(r["sources"], sources),
        ]
        body_rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>\n")
    head = "".join(
        f"<th>{h}</th>"
        for h in ("relation", "with", "dates", "amount", "status", "exclusivity", "sources")
    )
    body = (
        "".join(facts)
        + f"<h2>Neighbourhood</h2>\n<iframe src='{_e(graph_path)}' title='neighbourhood of "
        f"{_e(label)}'></iframe>\n"
        + f"<h2>Statements ({len(rows)})</h2>\n<p class='meta'>→ from this entity, ← to it, "
        "— both ways; current and past statements.</p>\n"
        + f"<table id='statements'><thead><tr>{head}</tr></thead><tbody>\n"
        + "".join(body_rows)
        + "</tbody></table>\n"
    )
    return _page(label, body)


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        path = entity_path(str(term))
        if path:
            return f"<a href='{_e(path)}'>{_e(str(term).removeprefix(str(ENT)))}</a>"
        url = safe_url(str(term))
        if url:
            return f"<a href='{_e(url)}' rel='noopener noreferrer'>{_e(url)}</a>"
        return _e(f"<{term}>")
    if isinstance(term, BNode):
        return _e(f"_:{term}")
    assert isinstance(term, Literal)
    return _e(str(term))


def _result_table(result: Result) -> str:
    if result.type == "ASK":
        return f"<p id='answer'>{'true' if result.askAnswer else 'false'}</p>\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        names = ["subject", "predicate", "object"]
        rows: list[list[Node | None]] = [list(t) for t in sorted(result.graph)]
    else:
        names = [str(v) for v in result.vars or []]
        rows = [[row.get(Variable(n)) for n in names] for row in result.bindings]
    head = "".join(f"<th>{_e(n)}</th>" for n in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>\n" for row in rows
    )
    return (
        f"<p class='meta'>{len(rows)} row{'' if len(rows) == 1 else 's'}</p>\n"
        f"<table id='results'><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
    )


def render_query_page(
    queries: Sequence[StoredQuery],
    *,
    chosen: StoredQuery | None,
    values: Mapping[str, str],
    sparql: str,
    view: str,
    result: Result | None = None,
    error: str | None = None,
    graph_path: str | None = None,
    truncated: bool = False,
) -> str:
    """The query page: a form (stored query and its parameters, or SPARQL text), then the
    answer as a table, and as a graph in a frame (``graph_path``) when asked for."""
    options = ["<option value=''>(type SPARQL below)</option>"] + [
        f"<option value='{_e(q.name)}'{' selected' if chosen and q.name == chosen.name else ''}>"
        f"{_e(q.title)} ({_e(q.name)})</option>"
        for q in queries
    ]
    fields = []
    if chosen is not None:
        fields.append(f"<p class='meta'>{_e(chosen.description)}</p>")
        for p in chosen.params:
            needed = " (required)" if p.required else ""
            fields.append(
                f"<label>{_e(p.name)} <span class='meta'>{_e(p.type)}{needed}: "
                f"{_e(p.description)}</span> <input name='{_e(p.name)}' "
                f"value='{_e(values.get(p.name, ''))}' placeholder='{_e(p.default or '')}'>"
                "</label>"
            )
    views = "".join(
        f"<option value='{v}'{' selected' if v == view else ''}>{v}</option>"
        for v in ("auto", "table", "graph")
    )
    form = (
        "<form method='get' action='/query'>\n"
        f"<label>Stored query: <select name='name'>{''.join(options)}</select></label>\n"
        + "".join(fields)
        + "<label>SPARQL (used when no stored query is chosen):<textarea name='sparql' "
        f"rows='8'>{_e(sparql)}</textarea></label>\n"
        f"<label>Show as: <select name='view'>{views}</select></label>\n"
        "<button type='submit'>Run</button>\n</form>\n"
    )
    out = [form]
    if error:
        out.append(f"<p class='error' id='error'>{_e(error)}</p>\n")
    if truncated:
        out.append("<p class='meta'>The answer was cut at the row limit.</p>\n")
    if graph_path:
        out.append(f"<iframe id='graph' src='{_e(graph_path)}' title='result graph'></iframe>\n")
    if result is not None:
        out.append(_result_table(result))
    return _page(chosen.title if chosen else "Query", "".join(out))
