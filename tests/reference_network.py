"""The network projection as it was before it read stores by SPARQL: a test oracle.

A copy of ``graph.network.to_networkx`` at commit 59280f3, which walked an rdflib graph in
Python, brought to data model 2 (the truthy rule, three-valued as-of, deprecated statements
skipped, deals left out as nodes, the money and deal qualifiers). tests/test_projection.py
checks that the SPARQL projection (``graph.network.projection``) gives exactly this network on
every backend; nothing in ``graph/`` uses it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV
from rdflib.term import Node

from graph.model import (
    AI,
    ENT,
    FAMILIES,
    AikgError,
    Holding,
    default_data_dir,
    statement_current,
    statement_holds,
)
from graph.model.namespaces import WD
from graph.model.paths import ONTOLOGY_FILE

__all__ = ["reference_networkx"]

_QUALIFIERS: dict[URIRef, str] = {
    AI.startDate: "start", AI.endDate: "end", AI.pointInTime: "point_in_time",
    AI.termEnd: "term_end", AI.holdsFrom: "holds_from", AI.holdsUntil: "holds_until",
    AI.amount: "amount", AI.currency: "currency", AI.amountKind: "amount_kind",
    AI.amountBound: "amount_bound", AI.payer: "payer", AI.payee: "payee",
    AI.partOfDeal: "deal", AI.stake: "stake", AI.quantity: "quantity", AI.unit: "unit",
    AI.quantityBound: "quantity_bound", AI.role: "role", AI.status: "status",
    AI.exclusivity: "exclusivity", AI.rank: "rank", AI.rankReason: "rank_reason",
    AI.evidence: "evidence", RDFS.comment: "note",
}  # fmt: skip
_ENTITIES = {"payer", "payee", "deal"}


def local_name(term: Node) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@lru_cache(maxsize=1)
def _shipped_ontology() -> Graph:
    return Graph().parse(default_data_dir() / ONTOLOGY_FILE, format="turtle")


def _ontology(g: Graph) -> Graph:
    """``g`` when it declares relation families, else the shipped ontology.

    A graph made by a SPARQL CONSTRUCT usually holds data but no vocabulary.
    """
    if next(iter(g.triples((None, AI.relationFamily, None))), None) is not None:
        return g
    return _shipped_ontology()


def relation_families(g: Graph) -> dict[URIRef, str]:
    """Each relation property mapped to its family name.

    Read from the ontology in ``g``, or from the shipped ontology when ``g``
    has none (as with the result of a SPARQL CONSTRUCT).
    """
    return {
        URIRef(p): str(f)
        for p, f in _ontology(g).subject_objects(AI.relationFamily)
        if isinstance(p, URIRef)
    }


def relation_labels(g: Graph) -> dict[URIRef, str]:
    """Each relation property mapped to its English label ("invests in")."""
    onto = _ontology(g)
    return {p: str(onto.value(p, RDFS.label) or local_name(p)) for p in relation_families(g)}


@dataclass(frozen=True)
class _Statement:
    iri: str
    subject: URIRef
    predicate: URIRef
    object: URIRef
    qualifiers: dict[str, Any]
    sources: tuple[str, ...]


def _statements(g: Graph) -> Iterable[_Statement]:
    for node in g.subjects(RDF.type, RDF.Statement):
        s = g.value(node, RDF.subject)
        p = g.value(node, RDF.predicate)
        o = g.value(node, RDF.object)
        if not (isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef)):
            continue  # figures have a literal object; they are not edges
        qualifiers: dict[str, Any] = {}
        for prop, name in _QUALIFIERS.items():
            found = sorted(g.objects(node, prop), key=str)
            if not found:
                continue
            value = found[0]
            if isinstance(value, Literal):
                qualifiers[name] = value.toPython() if name.startswith("holds_") else str(value)
            else:
                qualifiers[name] = str(value) if name in _ENTITIES else local_name(value)
        sources = tuple(sorted(str(src) for src in g.objects(node, PROV.wasDerivedFrom)))
        yield _Statement(str(node), s, p, o, qualifiers, sources)


def reference_networkx(
    g: Graph,
    *,
    families: Iterable[str] | None = None,
    as_of: date | None = None,
    history: bool = False,
    merge_symmetric: bool = False,
    keep_undated: bool = False,
    deals: bool = False,
) -> nx.MultiDiGraph:
    """The network as ``graph.network.to_networkx`` makes it, by walking an rdflib graph."""
    family_of = relation_families(g)
    label_of = relation_labels(g)
    wanted = set(families) if families is not None else set(FAMILIES)
    unknown = wanted - set(FAMILIES)
    if unknown:
        raise AikgError(
            f"unknown relation family {', '.join(sorted(unknown))}; use {', '.join(FAMILIES)}"
        )
    onto = _ontology(g)
    symmetric = {URIRef(str(p)) for p in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    depth: dict[Node, int] = {}

    def class_depth(cls: Node) -> int:
        if cls not in depth:
            parents = [
                p for p in onto.objects(cls, RDFS.subClassOf) if str(p).startswith(str(AI._NS))
            ]
            depth[cls] = 1 + max((class_depth(p) for p in parents), default=0)
        return depth[cls]

    def node_attributes(entity: URIRef) -> dict[str, Any]:
        classes = sorted(
            (c for c in g.objects(entity, RDF.type) if str(c).startswith(str(AI._NS))),
            key=lambda c: (-class_depth(c), str(c)),
        )
        wikidata = next(
            (str(w).removeprefix(str(WD)) for w in g.objects(entity, OWL.sameAs)
             if str(w).startswith(str(WD))),
            "",
        )  # fmt: skip
        return {
            "label": str(g.value(entity, RDFS.label) or local_name(entity)),
            "classes": [local_name(c) for c in classes],
            "kind": local_name(classes[0]) if classes else "Entity",
            "description": str(g.value(entity, DCTERMS.description) or ""),
            "wikidata": wikidata,
        }

    def is_deal(entity: Node) -> bool:
        deal_classes = set(onto.transitive_subjects(RDFS.subClassOf, AI.Deal))
        return any(c in deal_classes for c in g.objects(entity, RDF.type))

    G = nx.MultiDiGraph()
    for entity in sorted(set(g.subjects(RDF.type, AI.Entity)), key=str):
        is_entity = isinstance(entity, URIRef) and str(entity).startswith(str(ENT))
        if is_entity and (deals or not is_deal(entity)):
            G.add_node(str(entity), **node_attributes(entity))

    dated = as_of is not None and not history
    grouped: dict[tuple[URIRef, URIRef, URIRef], list[_Statement]] = defaultdict(list)
    stated: set[tuple[URIRef, URIRef, URIRef]] = set()
    undated: set[str] = set()
    for st in _statements(g):
        stated.add((st.subject, st.predicate, st.object))
        if family_of.get(st.predicate) not in wanted:
            continue
        q = st.qualifiers
        status, rank = q.get("status"), q.get("rank")
        if history:
            keep = rank != "DeprecatedRank"
        elif as_of is not None:
            holds = statement_holds(
                q.get("holds_from"), q.get("holds_until"), as_of, status=status, rank=rank
            )
            keep = holds is Holding.HOLDS or holds is Holding.UNDATED
            if holds is Holding.UNDATED:
                undated.add(st.iri)
        else:
            ended = "end" in q or "holds_until" in q
            keep = statement_current(ended=ended, status=status, rank=rank)
        if keep:
            s, o = st.subject, st.object
            if st.predicate in symmetric and merge_symmetric and str(o) < str(s):
                s, o = o, s
            grouped[(s, st.predicate, o)].append(st)

    for p, family in family_of.items():
        if family not in wanted:
            continue
        for s_node, o_node in g.subject_objects(p):
            if not (isinstance(s_node, URIRef) and isinstance(o_node, URIRef)):
                continue
            s, o = s_node, o_node
            if (s, p, o) in stated or (p in symmetric and (o, p, s) in stated):
                continue  # a statement decides whether this triple counts
            if p in symmetric and merge_symmetric and str(o) < str(s):
                s, o = o, s
            grouped.setdefault((s, p, o), [])

    def record(st: _Statement) -> dict[str, Any]:
        found: dict[str, Any] = {"iri": st.iri, **st.qualifiers}
        if "deal" in found:
            deal = URIRef(found["deal"])
            found["deal_label"] = str(g.value(deal, RDFS.label) or local_name(deal))
        if "holds_from" not in st.qualifiers:
            found["undated"] = True
        found["sources"] = list(st.sources)
        return found

    for (s, p, o), statements in sorted(grouped.items()):
        edge_undated = dated and all(st.iri in undated for st in statements)
        if not keep_undated:
            if edge_undated:
                continue
            statements = [st for st in statements if st.iri not in undated]
        for end in (s, o):
            if str(end) not in G:
                G.add_node(str(end), **node_attributes(end))
        statements.sort(key=lambda st: (st.qualifiers.get("holds_from") or date.min, st.iri))
        records = [record(st) for st in statements]
        for key_s, key_o in (
            ((s, o), (o, s)) if p in symmetric and not merge_symmetric else ((s, o),)
        ):
            if G.has_edge(str(key_s), str(key_o), key=local_name(p)):
                edge = G.edges[str(key_s), str(key_o), local_name(p)]
                known = {r["iri"] for r in edge["statements"]}
                edge["statements"].extend(r for r in records if r["iri"] not in known)
                edge["statements"].sort(key=lambda r: (r.get("holds_from") or date.min, r["iri"]))
                edge["undated"] = edge["undated"] and edge_undated
                continue
            G.add_edge(
                str(key_s),
                str(key_o),
                key=local_name(p),
                relation=local_name(p),
                label=label_of[p],
                family=family_of[p],
                symmetric=p in symmetric,
                undated=edge_undated,
                statements=list(records),
            )
    if dated:
        G.graph["undated_statements"] = len(undated)
    return G
