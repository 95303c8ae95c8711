"""A comparison as text tables for the terminal, and as JSON."""

from __future__ import annotations

import json
from typing import Any

from graph.curate.answers import AnswerChange
from graph.curate.compare import Comparison
from graph.curate.diff import STATUSES, NodeChange, PropertyChange
from graph.curate.revisions import Side
from graph.curate.terms import KINDS
from graph.rdf.tables import format_table

__all__ = ["NO_CHANGE", "cell", "comparison_json", "no_change_line", "render_json", "render_table"]

#: The first words of the report when both sides build the same graph.
NO_CHANGE = "no change"

_TITLES = {"entities": "Entities", "sources": "Sources", "statements": "Statements"}


def no_change_line(c: Comparison) -> str:
    return f"{NO_CHANGE}: {c.old.label} and {c.new.label} build the same graph"


def cell(values: tuple[str, ...]) -> str:
    """Several values in one cell; ``(none)`` for none.

    >>> cell(("src:a", "src:b")), cell(())
    ('src:a | src:b', '(none)')
    """
    return " | ".join(values) if values else "(none)"


def side_value(node: NodeChange, *names: str) -> str:
    """The first of the properties ``names`` that the node has, on the side it exists on."""
    for name in names:
        change = node.change(name)
        if change is not None:
            values = change.old if node.status == "removed" else change.new
            if values:
                return " | ".join(values)
    return ""


def _summary(c: Comparison) -> str:
    rows: list[list[object]] = [
        [kind, *(c.diff.count(kind, status) for status in STATUSES)] for kind in KINDS
    ]
    rows.append(["direct triples", len(c.diff.direct_added), len(c.diff.direct_removed), ""])
    rows.append(["other triples", len(c.diff.other_added), len(c.diff.other_removed), ""])
    rows.append(
        ["query answers", _row_count(c.answers, "added"), _row_count(c.answers, "removed"), ""]
    )
    return format_table(["", *STATUSES], rows)


def _row_count(answers: list[AnswerChange], which: str) -> int:
    return sum(len(getattr(a, which)) for a in answers)


def _added_rows(kind: str, nodes: list[NodeChange]) -> tuple[list[str], list[list[str]]]:
    if kind == "entities":
        head = ["entity", "label", "types", "sources"]
        return head, [
            [n.id, n.label, side_value(n, "types"), side_value(n, "sources")] for n in nodes
        ]
    if kind == "sources":
        head = ["source", "title", "publisher", "date", "url"]
        return head, [
            [n.id, n.label, side_value(n, "publisher"), side_value(n, "date"), side_value(n, "url")]
            for n in nodes
        ]
    head = ["statement", "subject", "relation", "object", "amount", "date", "status", "sources"]
    rows = []
    for n in nodes:
        s, p, o = n.triple or ("", "", "")
        bound = side_value(n, "amount_bound")
        parts = (
            "" if bound == "ai:Exact" else bound,
            side_value(n, "amount"),
            side_value(n, "currency"),
        )
        amount = " ".join(v for v in parts if v)
        when = side_value(n, "point_in_time", "start")
        rows.append(
            [n.id, s, p, o, amount, when, side_value(n, "status"), side_value(n, "sources")]
        )
    return head, rows


def _changed_rows(nodes: list[NodeChange]) -> list[list[str]]:
    return [
        [n.id, change.column or change.property, cell(change.old), cell(change.new)]
        for n in nodes
        for change in n.changes
    ]


def _node_sections(c: Comparison) -> list[str]:
    parts = []
    for kind in KINDS:
        for status in STATUSES:
            nodes = c.diff.nodes.get(kind, {}).get(status, [])
            if not nodes:
                continue
            title = f"{_TITLES[kind]} {status} ({len(nodes)})"
            if status == "changed":
                head = [kind[:-1] if kind != "entities" else "entity", "property", "old", "new"]
                if kind == "statements":
                    head[1] = "qualifier"
                parts.append(f"{title}\n{format_table(head, _changed_rows(nodes))}")
            else:
                head, rows = _added_rows(kind, nodes)
                parts.append(f"{title}\n{format_table(head, rows)}")
    return parts


def _triple_sections(c: Comparison) -> list[str]:
    parts = []
    for title, added, removed in (
        ("Direct triples (derived from statements)", c.diff.direct_added, c.diff.direct_removed),
        ("Other triples", c.diff.other_added, c.diff.other_removed),
    ):
        rows = [["+", *t] for t in added] + [["-", *t] for t in removed]
        if rows:
            head = ["change", "subject", "predicate", "object"]
            parts.append(f"{title}\n{format_table(head, rows)}")
    return parts


def _answer_sections(c: Comparison) -> list[str]:
    if not c.asked:
        return []
    parts = []
    for answer in c.answers:
        params = " ".join(f"{k}={v}" for k, v in answer.params)
        rows = [["+", *r] for r in answer.added] + [["-", *r] for r in answer.removed]
        parts.append(
            f"{answer.query} {params}: {len(answer.added)} added, {len(answer.removed)} removed\n"
            + format_table(["change", *answer.columns], rows)
        )
    heading = "Query answers changed" if parts else "Query answers: none changed"
    note = f"{heading} (asked of {len(c.diff.touched) - len(c.skipped)} touched entities"
    note += f"; {len(c.skipped)} more not asked)" if c.skipped else ")"
    return [note + "".join("\n\n" + p for p in parts)]


def render_table(c: Comparison) -> str:
    """The comparison as text: a summary, then one table per kind of change."""
    head = f"old: {c.old.label}\nnew: {c.new.label}"
    if c.equal:
        return f"{no_change_line(c)}\n"
    head += f"\nas of: {c.as_of.isoformat()}"
    sections = [head, _summary(c), *_node_sections(c), *_triple_sections(c), *_answer_sections(c)]
    return "\n\n".join(sections) + "\n"


def _side_json(side: Side) -> dict[str, Any]:
    return {"spec": side.spec, "label": side.label, "revision": side.revision}


def _change_json(change: PropertyChange) -> dict[str, Any]:
    return {
        "property": change.property,
        "column": change.column,
        "old": list(change.old),
        "new": list(change.new),
    }


def _node_json(node: NodeChange, c: Comparison) -> dict[str, Any]:
    triple = None
    if node.triple is not None:
        triple = dict(zip(("subject", "relation", "object"), node.triple, strict=True))
    return {
        "id": node.id,
        "iri": node.iri,
        "label": node.label,
        "triple": triple,
        "changes": [_change_json(ch) for ch in node.changes],
        "sources": [{"iri": iri, **c.diff.sources.get(iri, {})} for iri in node.sources],
    }


def _answer_json(answer: AnswerChange) -> dict[str, Any]:
    return {
        "query": answer.query,
        "params": dict(answer.params),
        "columns": list(answer.columns),
        "added": [dict(zip(answer.columns, r, strict=True)) for r in answer.added],
        "removed": [dict(zip(answer.columns, r, strict=True)) for r in answer.removed],
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON values, every list sorted."""
    doc: dict[str, Any] = {
        "old": _side_json(c.old),
        "new": _side_json(c.new),
        "as_of": c.as_of.isoformat(),
        "equal": c.equal,
        "summary": {kind: {s: c.diff.count(kind, s) for s in STATUSES} for kind in KINDS},
    }
    for kind in KINDS:
        doc[kind] = {
            status: [_node_json(n, c) for n in c.diff.nodes.get(kind, {}).get(status, [])]
            for status in STATUSES
        }
    doc["direct_triples"] = {"added": c.diff.direct_added, "removed": c.diff.direct_removed}
    doc["other_triples"] = {"added": c.diff.other_added, "removed": c.diff.other_removed}
    doc["queries_asked"] = c.asked
    doc["touched_entities"] = [str(e) for e in c.diff.touched]
    doc["entities_not_asked"] = c.skipped
    doc["answers"] = [_answer_json(a) for a in c.answers]
    return doc


def render_json(c: Comparison) -> str:
    """The comparison as indented JSON with sorted keys."""
    return json.dumps(comparison_json(c), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
