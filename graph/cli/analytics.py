"""Commands that analyse the network: analyze, dependencies, cycles, path."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx

from graph.cli.common import cli, current_store, data_option, parse_families
from graph.model.errors import AikgError
from graph.model.namespaces import ENT
from graph.model.time import date_text, end_text, start_text
from graph.model.vocabulary import FAMILIES
from graph.network.centrality import (
    BETWEENNESS_EXACT_MAX,
    BETWEENNESS_SAMPLE,
    betweenness_sample,
    compute_centrality,
)
from graph.network.communities import find_communities
from graph.network.convert import to_networkx
from graph.network.dependencies import compute_dependencies, summarize_suppliers
from graph.network.edges import amount_text, money_text, quantity_text
from graph.network.flows import find_circular_flows, format_cycle
from graph.network.lookup import find_entity
from graph.network.paths import find_paths, format_path
from graph.rdf.tables import format_table
from graph.store.base import Store

__all__ = ["analyze", "cycles", "dependencies", "path"]

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "csv", "json")


def relations_option(default: str, help_text: str) -> Callable[[F], F]:
    """``--relations FAMILY,…`` with ``default``."""

    def decorate(func: F) -> F:
        return click.option(
            "--relations",
            "relations",
            default=default,
            show_default=True,
            metavar="FAMILY,…",
            help=f"{help_text} Families: {', '.join(FAMILIES)}.",
        )(func)

    return decorate


def as_of_option(func: F) -> F:
    """``--as-of DATE``: statements that held on that day instead of those that hold now."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help="Use the statements that held on this day (default: those that hold now).",
    )(func)


def format_option(func: F) -> F:
    """``--format table|csv|json``."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="Output: an aligned table, CSV or JSON.",
    )(func)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _slug(iri: str) -> str:
    return iri.removeprefix(str(ENT))


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _emit_json(payload: object) -> None:
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default))


def _emit_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    click.echo(buffer.getvalue(), nl=False)


def _network(
    data_dir: Path | None, families: Sequence[str], as_of: date | None
) -> tuple[Store, nx.MultiDiGraph]:
    """The chosen store and its network, read by queries (nothing else is fetched)."""
    store = current_store(data_dir)
    return store, to_networkx(store, families=families, as_of=as_of)


def _when(as_of: date | None) -> str:
    return f"as of {as_of.isoformat()}" if as_of else "holding now"


def _undated(G: nx.MultiDiGraph) -> int | None:
    """How many undated statements an as-of network left out; None without ``--as-of``."""
    found = G.graph.get("undated_statements")
    return int(found) if found is not None else None


def _echo_undated(G: nx.MultiDiGraph, as_of: date | None, scope: str = "") -> None:
    """The table's line on the undated statements left out (none without ``--as-of``)."""
    count = _undated(G)
    if as_of is None or count is None:
        return
    plural = "statement" if count == 1 else "statements"
    where = f" over {scope}" if scope else ""
    click.echo(
        f"({count} undated {plural}{where} left out: no known start, so not known to hold "
        f"on {as_of.isoformat()})"
    )


@cli.command()
@data_option
@relations_option("investment,supply", "Relations whose centrality to measure.")
@click.option(
    "--community-relations",
    default="competition,partnership",
    show_default=True,
    metavar="FAMILY,…",
    help="Relations that define communities.",
)
@as_of_option
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many entities to list (table format only).")  # fmt: skip
@click.option(
    "--betweenness-k",
    type=click.IntRange(min=1),
    default=None,
    help=(
        "Estimate betweenness from this many sampled sources (seed 0). Default: exact up "
        f"to {BETWEENNESS_EXACT_MAX} entities, else {BETWEENNESS_SAMPLE} samples."
    ),
)
@format_option
def analyze(
    data_dir: Path | None,
    relations: str,
    community_relations: str,
    as_of: datetime | None,
    top: int,
    betweenness_k: int | None,
    fmt: str,
) -> None:
    """Who is central in the network, and which groups hang together.

    \b
    Measures, over the chosen relations:
      degree       how many other entities an entity is linked to, either way.
      pagerank     how much importance flows into an entity along the edges'
                   direction (A invests in B, A supplies B: B gains); a random
                   walk with damping 0.85, weighted by the number of relations
                   on a link. All values sum to 1.
      betweenness  the share of shortest paths between other entities that go
                   through this one (direction ignored, 0 to 1): the brokers.
      community    Louvain modularity groups (networkx, seed 42) over
                   --community-relations: entities more linked to each other
                   than to the rest.
    Entities with no relation of the chosen families are left out; with
    --as-of so are undated statements (no known start), and the output says
    how many.
    """
    families = parse_families(relations)
    community_families = parse_families(community_relations)
    day = _day(as_of)
    g, G = _network(data_dir, families, day)
    if betweenness_k is None:
        betweenness_k = betweenness_sample(len(G))
    rows = compute_centrality(G, betweenness_k=betweenness_k)
    C = to_networkx(g, families=community_families, as_of=day)
    communities = find_communities(C)
    community_of = {n: c["community"] for c in communities for n in c["entities"]}
    headers = ["rank", "entity", "label", "kind", "degree", "pagerank", "betweenness", "community"]
    table = [
        [i, _slug(r["entity"]), r["label"], r["kind"], r["degree"], f"{r['pagerank']:.4f}",
         f"{r['betweenness']:.4f}", community_of.get(r["entity"], "")]
        for i, r in enumerate(rows, start=1)
    ]  # fmt: skip
    if fmt == "json":
        for r in rows:
            r["community"] = community_of.get(r["entity"])
        _emit_json(
            {
                "relations": families,
                "community_relations": community_families,
                "as_of": day,
                "undated_left_out": _undated(G),
                "community_undated_left_out": _undated(C),
                "centrality": rows,
                "communities": communities,
            }
        )
        return
    if fmt == "csv":
        _emit_csv(headers, table)
        return
    click.echo(
        f"Centrality over {', '.join(families)} ({_when(day)}), "
        f"top {min(top, len(rows))} of {len(rows)} by PageRank:\n"
    )
    click.echo(format_table(headers, table[:top]))
    if betweenness_k is not None and betweenness_k < len(rows):
        click.echo(f"(betweenness estimated from {betweenness_k} sampled entities, seed 0)")
    _echo_undated(G, day, ", ".join(families))
    click.echo(
        f"\nCommunities over {', '.join(community_families)} (Louvain, seed 42), "
        f"{len(communities)} groups:\n"
    )
    click.echo(
        format_table(
            ["community", "size", "members"],
            [[c["community"], c["size"], ", ".join(c["labels"])] for c in communities],
        )
    )
    _echo_undated(C, day, ", ".join(community_families))


@cli.command()
@data_option
@click.option("--entity", "-e", default=None, metavar="NAME",
              help="Only rows where this entity (slug, label or alias) takes part.")  # fmt: skip
@as_of_option
@format_option
def dependencies(
    data_dir: Path | None, entity: str | None, as_of: datetime | None, fmt: str
) -> None:
    """Who depends on whom for compute, chips and technology, and how concentrated.

    \b
    For each dependant and kind of supply (compute, chips, technology):
      suppliers      how many suppliers it has for that kind.
      figure         what the dependant pays that supplier (contract values and
                     purchase commitments, with their bound: "up to $100B"), else
                     the capacity it supplies ("at least 10 GW").
      share          the supplier's share, on the basis shown in each row:
                     "amount" when suppliers in the group report money, else
                     "capacity" when some report GW, else "count" (1/suppliers);
                     a supplier without the basis's measure has no share.
      concentration  Herfindahl-Hirschman index of the shares (sum of squares;
                     1.0 = a single supplier).
    Then each supplier's share of all supply of that kind, by count, by money
    paid and by capacity. Planned and proposed supply is not a dependency; with
    --as-of neither are undated statements, and the output says how many.
    """
    day = _day(as_of)
    g, G = _network(data_dir, ["supply"], day)
    iri = str(find_entity(g, entity)) if entity is not None else None
    rows = compute_dependencies(G, entity=iri)
    suppliers = summarize_suppliers(G)
    if iri is not None:
        suppliers = [s for s in suppliers if s["supplier"] == iri]
    if fmt == "json":
        _emit_json({"as_of": day, "entity": iri, "undated_left_out": _undated(G),
                    "dependencies": rows, "suppliers": suppliers})  # fmt: skip
        return
    if fmt == "csv":
        _emit_csv(
            ["dependant", "kind", "supplier", "suppliers", "amount", "share", "basis",
             "concentration", "sources", "currency", "statements", "amount_bound",
             "capacity_gw", "capacity_bound", "figure"],
            [
                [_slug(r["dependant"]), r["kind"], _slug(r["supplier"]), r["suppliers"],
                 r["amount"], r["share"], r["basis"], r["concentration"],
                 "|".join(r["sources"]), r["currency"], r["statements"], r["amount_bound"],
                 r["capacity_gw"], r["capacity_bound"], r["figure"]]
                for r in rows
            ],
        )  # fmt: skip
        return
    if not rows and not suppliers:
        click.echo(f"Supply dependencies ({_when(day)}): none.")
        _echo_undated(G, day)
        return
    click.echo(f"Supply dependencies ({_when(day)}):\n")
    click.echo(
        format_table(
            ["dependant", "kind", "supplier", "suppliers", "figure", "share", "basis",
             "concentration", "sources"],
            [
                [r["dependant_label"], r["kind"], r["supplier_label"], r["suppliers"],
                 r["figure"], _percent(r["share"]), r["basis"], f"{r['concentration']:.3f}",
                 ", ".join(s.rsplit("/", 1)[-1] for s in r["sources"])]
                for r in rows
            ],
        )
    )  # fmt: skip
    _echo_undated(G, day)
    click.echo("\nSuppliers' share of each kind of supply:\n")
    click.echo(
        format_table(
            ["kind", "supplier", "dependants", "share by count", "paid", "share by money",
             "capacity", "share by capacity"],
            [
                [s["kind"], s["supplier_label"], s["dependants"], _percent(s["count_share"]),
                 money_text(s["amount"], s["currency"], bound=s["amount_bound"]),
                 _percent(s["amount_share"]),
                 _gw(s["capacity_gw"], s["capacity_bound"]), _percent(s["capacity_share"])]
                for s in suppliers
            ],
        )
    )  # fmt: skip


def _gw(capacity: float | None, bound: str) -> str:
    """A capacity in GW with its bound: "at least 10 GW"."""
    if capacity is None:
        return ""
    return quantity_text({"quantity": capacity, "unit": "GigaW", "quantity_bound": bound})


def _no_date(st: dict[str, Any]) -> str:
    """A statement with no date written: undated (no known start), or dated only by the
    inception of what it is about (Stargate's, a deal's)."""
    return "undated" if st.get("undated") else "no date of its own"


def _statement_line(st: dict[str, Any]) -> str:
    when, end = start_text(st), end_text(st)
    dates = f"{when}..{end}" if end else (when or _no_date(st))
    parts = [st["iri"].rsplit("/", 1)[-1], dates]
    if st.get("amount"):
        parts.append(amount_text(st))
    for key in ("status", "evidence"):
        if st.get(key):
            parts.append(str(st[key]))
    sources = ", ".join(s.rsplit("/", 1)[-1] for s in st.get("sources", []))
    return f"{'; '.join(parts)} [sources: {sources}]"


@cli.command()
@data_option
@click.option("--max-length", type=click.IntRange(min=2), default=4, show_default=True,
              help="Longest cycle, in entities.")  # fmt: skip
@as_of_option
@format_option
def cycles(data_dir: Path | None, max_length: int, as_of: datetime | None, fmt: str) -> None:
    """Circular flows: money that goes out as investment and comes back as purchases.

    \b
    Rule: money goes from a statement's payer to its payee (ai:payer, ai:payee),
    whatever the relation's direction: an investment amount A→B is an
    investment; a contract value or purchase commitment is a payment (B buys
    A's compute: B pays A). A supply with no reported amount, or a stake's
    value, moves no known money. A circular flow is a cycle of such money
    movements (at most --max-length entities) with at least one investment
    step and another step that is a payment. E.g. Microsoft invests in OpenAI
    and OpenAI commits to buy $250B of Azure.
    Each step lists its statements with dates, amounts (with kind and bound)
    and sources.
    """
    day = _day(as_of)
    _g, G = _network(data_dir, ["investment", "supply"], day)
    found = find_circular_flows(G, max_length=max_length)
    if fmt == "json":
        _emit_json({"as_of": day, "max_length": max_length, "undated_left_out": _undated(G),
                    "cycles": found})  # fmt: skip
        return
    flat = [
        [i, format_cycle(c), hop["from_label"], hop["to_label"], flow["kind"], flow["label"],
         _slug(flow["subject"]), _slug(flow["object"]), _statement_line(st)]
        for i, c in enumerate(found, start=1)
        for hop in c["hops"]
        for flow in hop["flows"]
        for st in flow["statements"] or [{"iri": "(no statement)", "sources": []}]
    ]  # fmt: skip
    if fmt == "csv":
        _emit_csv(
            ["cycle", "flow", "payer", "payee", "kind", "relation", "subject", "object",
             "statement"],
            flat,
        )  # fmt: skip
        return
    flows = "circular flow" if len(found) == 1 else "circular flows"
    click.echo(f"{len(found)} {flows} ({_when(day)}, up to {max_length} entities):")
    _echo_undated(G, day)
    for i, c in enumerate(found, start=1):
        click.echo(f"\n{i}. {format_cycle(c)}")
        for hop in c["hops"]:
            for flow in hop["flows"]:
                click.echo(
                    f"   {hop['from_label']} pays {hop['to_label']} "
                    f"{flow['amount'] or flow['kind']} ({_slug(flow['subject'])} "
                    f"{flow['label']} {_slug(flow['object'])})"
                )
                for st in flow["statements"]:
                    click.echo(f"     - {_statement_line(st)}")


@cli.command()
@data_option
@click.argument("source")
@click.argument("target")
@relations_option(",".join(FAMILIES), "Relations a path may use.")
@as_of_option
@click.option("--all", "all_paths", is_flag=True, help="Every shortest path, not just the first.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output: readable chains or JSON.")  # fmt: skip
def path(
    data_dir: Path | None,
    source: str,
    target: str,
    relations: str,
    as_of: datetime | None,
    all_paths: bool,
    fmt: str,
) -> None:
    """The shortest chains of relations between SOURCE and TARGET.

    Names are slugs, labels or aliases, in any case. Relations are followed in
    either direction and printed in their true direction, e.g.
    "SoftBank Group —invests in→ OpenAI ←invests in— Microsoft";
    each hop lists its relations with dates and sources. With --as-of, undated
    statements (no known start) are left out, and the output says how many.
    """
    families = parse_families(relations)
    day = _day(as_of)
    g, G = _network(data_dir, families, day)
    a, b = str(find_entity(g, source)), str(find_entity(g, target))
    if a == b:
        raise AikgError(f"{source!r} and {target!r} are the same entity")
    chains = find_paths(G, a, b, all_paths=all_paths)
    if fmt == "json":
        _emit_json({"source": a, "target": b, "as_of": day, "relations": families,
                    "undated_left_out": _undated(G), "paths": chains})  # fmt: skip
        return
    if not chains:
        undated = _undated(G)
        left = f"; {undated} undated statements left out" if undated else ""
        raise AikgError(
            f"no connection between {G.nodes[a]['label']} and {G.nodes[b]['label']} "
            f"through {', '.join(families)} ({_when(day)}{left})"
        )
    for i, chain in enumerate(chains, start=1):
        if i > 1:
            click.echo()
        click.echo(format_path(chain))
        for hop in chain:
            for edge in hop["edges"]:
                click.echo(f"  {edge['subject_label']} {edge['label']} {edge['object_label']}")
                for st in edge["statements"]:
                    click.echo(f"    - {_statement_line(st)}")
    _echo_undated(G, day)
