"""Every stored query answers its question on the shipped data; headers are parsed strictly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from graph import ENT, QueryError, UnknownEntityError
from graph.sparql import (
    bind_params,
    execute_query,
    list_queries,
    load_query,
    query_as_df,
    result_rows,
    run_query,
    run_stored_query,
)
from graph.sparql.catalogue import parse_stored_query, render_catalogue

ROOT = Path(__file__).resolve().parent.parent


def slug(term: object) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def test_at_least_fifteen_stored_queries_each_tested() -> None:
    names = {q.name for q in list_queries()}
    assert len(names) >= 15
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert names <= tested, f"stored queries without a test: {sorted(names - tested)}"


def test_investors_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "investors_of", entity="openai")
    assert {slug(r["investor"]) for r in rows} >= {
        "microsoft", "nvidia", "softbank", "thrive-capital", "mgx",
    }  # fmt: skip
    ten = [r for r in rows if r["amount"] == Decimal("10000000000")]
    assert len(ten) == 1 and slug(ten[0]["investor"]) == "microsoft"
    assert ten[0]["date"] == date(2023, 1, 23) and ten[0]["currency"] == "USD"
    assert "zdnet-microsoft-openai-investment" in ten[0]["sources"]
    dated = [str(r["date"]) for r in rows if r["date"] is not None]
    assert dated == sorted(dated)  # a year ("2019") sorts before the days of that year


def test_dependencies_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "dependencies_of", entity="openai")
    pairs = {(slug(r["provider"]), slug(r["relation"])) for r in rows}
    assert pairs >= {("microsoft", "providesComputeTo"), ("coreweave", "providesComputeTo"),
                     ("oracle", "providesComputeTo"), ("broadcom", "suppliesChipsTo"),
                     ("tsmc", "suppliesChipsTo"), ("nvidia", "suppliesChipsTo")}  # fmt: skip
    exclusivity = {slug(r["exclusivity"]) for r in rows if slug(r["provider"]) == "microsoft"}
    assert exclusivity == {"Exclusive", "RightOfFirstRefusal", "NonExclusive"}


def test_dependents_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "dependents_of", entity="amazon")
    assert {(slug(r["customer"]), slug(r["relation"])) for r in rows} == {
        ("anthropic", "providesComputeTo"), ("anthropic", "suppliesChipsTo"),
        ("openai", "providesComputeTo"), ("openai", "suppliesChipsTo"),
    }  # fmt: skip
    licensed = run_stored_query(shipped_graph, "dependents_of", entity="openai")
    assert {slug(r["customer"]) for r in licensed} == {"microsoft", "amazon"}  # IP, Frontier


def test_competitors_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "competitors_of", entity="openai")
    assert [r["competitorLabel"] for r in rows] == ["Anthropic", "Google", "xAI"]


def test_partners_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "partners_of", entity="stargate")
    found = {(slug(r["partner"]), slug(r["relation"])) for r in rows}
    assert found >= {("softbank", "leadPartnerOf"), ("openai", "leadPartnerOf"),
                     ("oracle", "technologyPartnerOf"), ("openai", "operates"),
                     ("microsoft", "partnersWith")}  # fmt: skip


def test_technology_partners_of(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "technology_partners_of", project="stargate")
    assert {slug(r["partner"]) for r in rows} == {"oracle", "nvidia", "arm", "openai", "microsoft"}


def test_people_roles(shipped_graph: Graph) -> None:
    chair = run_stored_query(shipped_graph, "people_roles", entity="stargate")
    assert [(r["personLabel"], slug(r["relation"])) for r in chair] == [
        ("Masayoshi Son", "chairOf")
    ]
    everyone = run_stored_query(shipped_graph, "people_roles")
    assert ("Sam Altman", "ceoOf", "OpenAI") in {
        (r["personLabel"], slug(r["relation"]), r["organizationLabel"]) for r in everyone
    }


def test_relationship_timeline(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "relationship_timeline", a="microsoft", b="openai")
    dates = [str(r["date"]) for r in rows]  # a year or month stays text ("2019")
    assert dates == sorted(dates) and "None" not in dates
    names = [slug(r["statement"]) for r in rows]
    assert names[0] == "microsoft-invests-openai-2019-1b"
    assert names.index("microsoft-compute-openai-exclusive") < names.index(
        "microsoft-compute-openai-rofr"
    )
    # The same relationship asked from the other side.
    other = run_stored_query(shipped_graph, "relationship_timeline", a="openai", b="microsoft")
    assert sorted(names) == sorted(slug(r["statement"]) for r in other)


@pytest.mark.parametrize(
    ("day", "expected"), [("2024-12-31", "Exclusive"), ("2025-06-30", "RightOfFirstRefusal")]
)
def test_holds_on(shipped_graph: Graph, day: str, expected: str) -> None:
    rows = run_stored_query(
        shipped_graph, "holds_on", as_of=day, subject="microsoft", object="openai", family="supply"
    )
    compute = [r for r in rows if slug(r["relation"]) == "providesComputeTo"]
    assert [slug(r["exclusivity"]) for r in compute] == [expected]


def test_facts_by_source(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "facts_by_source", source="nigeriadna-coreweave-openai")
    assert {slug(r["statement"]) for r in rows} == {
        "coreweave-provides-compute-openai", "openai-invests-coreweave-shares",
        "coreweave-openai-contract-2025-03-value",
    }  # fmt: skip
    assert {r["published"] for r in rows} == {date(2025, 3, 11)}
    everything = run_stored_query(shipped_graph, "facts_by_source")
    assert len(everything) > len(rows)
    with pytest.raises(UnknownEntityError, match="seed-article"):
        run_stored_query(shipped_graph, "facts_by_source", source="seed-articel")


def test_python_rows_keep_a_year_or_a_month_as_written(shipped_graph: Graph) -> None:
    # Python has no year or month type: rdflib before 7.3 read "2019"^^xsd:gYear as
    # date(2019, 1, 1), a day the data never gave. Rows hold the text instead.
    [row] = run_stored_query(
        shipped_graph, "facts_by_source", source="mercuryoregon-openai-microsoft-cloud"
    )[:1]
    assert type(row["published"]) is str and row["published"] == "2026"
    rows = result_rows(
        execute_query(
            shipped_graph,
            "SELECT ?statement ?when WHERE { ?statement ai:pointInTime ?when . FILTER(?statement "
            "IN (stmt:microsoft-invests-openai-2019-1b, stmt:amazon-invests-anthropic-2023-1-25b,"
            " stmt:microsoft-invests-openai-2023-10b)) } ORDER BY ?statement",
        )
    )
    assert [r["when"] for r in rows] == ["2023-09", "2019", date(2023, 1, 23)]
    assert [type(r["when"]) for r in rows] == [str, str, date]


def test_single_source_facts(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "single_source_facts")
    names = {slug(r["statement"]) for r in rows}
    assert "colossus-gpu-count-100k" in names
    assert "masayoshi-son-chair-stargate" not in names  # two sources
    assert all(r["source"] is not None for r in rows)


def test_money_flows(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "money_flows", entity="anthropic")
    amazon = sorted(r["amount"] for r in rows if slug(r["payer"]) == "amazon")
    # Three tranches to 2024, $5B in 2026 and the option on up to $20B more.
    assert amazon == [Decimal(n) for n in ("1.25e9", "2.75e9", "4e9", "5e9", "20e9")]
    assert [r["amount"] for r in rows] == sorted((r["amount"] for r in rows), reverse=True)


def test_investment_totals(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "investment_totals", target="anthropic")
    totals = {slug(r["investor"]): r for r in rows}
    # The deal's own $8B total is not added, nor the option on up to $20B more.
    assert totals["amazon"]["total"] == Decimal("13000000000")
    assert totals["amazon"]["investments"] == 4
    # Money paid only: the $1.5B Google planned to add later and the $30B tied to
    # milestones are not counted ($500M, about $1B, $10B).
    assert totals["google"]["total"] == Decimal("11500000000")
    everything = {
        slug(r["investor"]): r for r in run_stored_query(shipped_graph, "investment_totals")
    }
    # NVIDIA's letter of intent (up to $100B), its planned $10B in Anthropic and $5B in
    # Intel and its proposed $2B for xAI's chips are not money paid: $30B in OpenAI's
    # 2026 round and $2B each in CoreWeave and Nebius are.
    assert everything["nvidia"]["total"] == Decimal("34000000000")
    assert everything["nvidia"]["investments"] == 3


def test_reported_versus_announced(shipped_graph: Graph) -> None:
    rows = {
        slug(r["entity"]): r for r in run_stored_query(shipped_graph, "reported_versus_announced")
    }
    assert rows["stargate"]["announced"] >= 3
    assert rows["colossus"]["reported"] >= 2 and rows["colossus"]["announced"] == 0


def test_reported_only_facts(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "reported_only_facts", entity="colossus")
    assert "colossus-gpu-count-100k" in {slug(r["statement"]) for r in rows}
    # Evidence comes from the sources: the seed and a news page report these; no party says so.
    xai = {
        slug(r["statement"])
        for r in run_stored_query(shipped_graph, "reported_only_facts", entity="xai")
    }
    assert {"openai-competes-with-xai", "xai-operates-colossus"} <= xai
    assert "xai-partners-aligned-investor-group" in xai  # only theaipost.in says so
    stargate = run_stored_query(shipped_graph, "reported_only_facts", entity="stargate")
    assert "openai-announced-stargate" not in {slug(r["statement"]) for r in stargate}


def test_announced_facts(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "announced_facts")
    names = {slug(r["statement"]) for r in rows}
    # OpenAI's own post says OpenAI announced Stargate; only the seed says SoftBank did.
    assert "openai-announced-stargate" in names
    assert "softbank-announced-stargate" not in names
    assert "donald-trump-announced-stargate" not in names  # only reported


def test_conflicts(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "conflicts")
    versions = {slug(r["statement"]): r for r in rows}
    assert {"openai-projected-loss-2024", "openai-projected-loss-2024-over-5b"} <= set(versions)
    assert slug(versions["openai-projected-loss-2024-over-5b"]["rank"]) == "PreferredRank"
    # Only disagreements: a statement no other version contradicts is not listed.
    assert "sam-altman-ceo-openai" not in versions


def test_subgraph_around(shipped_graph: Graph) -> None:
    sub = run_stored_query(shipped_graph, "subgraph_around", entity="stargate")
    assert isinstance(sub, Graph)
    chair = set(sub.subjects(predicate=None, object=ENT.stargate))
    assert ENT["masayoshi-son"] in chair and ENT.softbank in chair
    assert all(ENT.stargate in (s, o) or str(p).endswith(("label", "type")) for s, p, o in sub)


def test_entity_profile(shipped_graph: Graph) -> None:
    [row] = run_stored_query(shipped_graph, "entity_profile", entity="softbank")
    assert row["label"] == "SoftBank Group" and "Investor" in row["classes"]


def test_search_entities(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "search_entities", text="nvidia")
    found = {slug(r["entity"]) for r in rows}
    assert {"nvidia", "nvidia-h100", "nvidia-gb200", "nvidia-openai-letter-of-intent-2025-09"} <= (
        found
    )  # a deal is an entity
    assert not any(name.startswith("ndtvprofit") for name in found)  # a source is not
    # Named by the text first, then described by it; each row says where it was found.
    order = {"label": 0, "alias": 1, "description": 2}
    assert [order[r["matched"]] for r in rows] == sorted(order[r["matched"]] for r in rows)
    for r in rows:
        entity = URIRef(r["entity"])
        names = {
            "label": [shipped_graph.value(entity, RDFS.label)],
            "alias": list(shipped_graph.objects(entity, SKOS.altLabel)),
            "description": [shipped_graph.value(entity, DCTERMS.description)],
        }
        assert any("nvidia" in str(n).casefold() for n in names[r["matched"]] if n)
        earlier = [k for k in order if order[k] < order[r["matched"]]]
        assert not any("nvidia" in str(n).casefold() for k in earlier for n in names[k] if n)
    # Values are bound, not pasted: quotes and braces are just text.
    assert run_stored_query(shipped_graph, "search_entities", text='"} ?s ?p ?o {') == []


def test_search_entities_reads_descriptions(shipped_graph: Graph) -> None:
    """A word that only an entity's description holds finds it (a reader remembers what a
    company does, not always its name)."""
    entity = ENT["abilene-stargate-site"]
    description = str(shipped_graph.value(entity, DCTERMS.description))
    word = next(
        w
        for w in sorted(set(description.split()), key=len, reverse=True)
        if w.isalpha()
        and w.casefold() not in str(shipped_graph.value(entity, RDFS.label)).casefold()
    )
    rows = run_stored_query(shipped_graph, "search_entities", text=word.upper())
    assert {str(r["entity"]): r["matched"] for r in rows}[str(entity)] == "description"


def test_large_amounts(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "large_amounts")
    assert slug(rows[0]["statement"]) == "spacex-xai-combined-valuation"  # about $1.25T
    assert [r["amount"] for r in rows] == sorted((r["amount"] for r in rows), reverse=True)
    assert "stargate-planned-spending-500b" in {slug(r["statement"]) for r in rows}
    assert all(r["amount"] >= 10_000_000_000 for r in rows)
    more = run_stored_query(shipped_graph, "large_amounts", min_amount=1_000_000_000)
    assert len(more) > len(rows)


def test_largest_deals(shipped_graph: Graph) -> None:
    rows = run_stored_query(shipped_graph, "largest_deals", year=2025)
    assert rows and all(str(r["made"]).startswith("2025") for r in rows)
    amounts = [r["amount"] for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    assert all(r["currency"] == "USD" for r in rows)
    # A deal with its own total shows the total, never one of its parts as well.
    coreweave = [r for r in rows if slug(r["deal"]) == "coreweave-openai-contract-2025-03"]
    assert [(r["figure"], r["amount"]) for r in coreweave] == [("deal total", 11_900_000_000)]
    assert len({r["deal"] for r in rows}) == len(rows)
    # "Up to" stays on the figure.
    loi = next(r for r in rows if slug(r["deal"]) == "nvidia-openai-letter-of-intent-2025-09")
    assert slug(loi["bound"]) == "UpTo"
    every_year = run_stored_query(shipped_graph, "largest_deals")
    assert len(every_year) > len(rows)


def test_run_query_on_the_shipped_graph() -> None:
    rows = run_query("competitors_of", entity="openai")
    assert {slug(r["competitor"]) for r in rows} == {"google", "anthropic", "xai"}


def test_query_as_df(shipped_graph: Graph) -> None:
    df = query_as_df(shipped_graph, "investors_of", entity="openai")
    assert list(df.columns)[:3] == ["investor", "investorLabel", "amount"]
    assert "Thrive Capital" in set(df["investorLabel"])


def test_parameters_are_checked(shipped_graph: Graph) -> None:
    query = load_query("holds_on")
    with pytest.raises(QueryError, match="missing required parameter 'as_of'"):
        bind_params(shipped_graph, query, {})
    with pytest.raises(QueryError, match="unknown parameter 'when'"):
        bind_params(shipped_graph, query, {"as_of": "2024-01-01", "when": "x"})
    with pytest.raises(QueryError, match=r"'as_of'.*not a date"):
        bind_params(shipped_graph, query, {"as_of": "31/12/2024"})
    with pytest.raises(QueryError, match=r"'family'.*not a relation family"):
        bind_params(shipped_graph, query, {"as_of": "2024-01-01", "family": "friends"})
    with pytest.raises(UnknownEntityError, match=r"'subject'.*did you mean.*openai"):
        bind_params(shipped_graph, query, {"as_of": "2024-01-01", "subject": "opnai"})
    bound = bind_params(shipped_graph, query, {"as_of": date(2024, 1, 1), "subject": "ent:openai"})
    assert bound["subject"] == ENT.openai
    with pytest.raises(
        QueryError, match=r"no stored query 'investor_of'; did you mean investors_of"
    ):
        load_query("investor_of")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# titel: x\n# description: y\n", ":1: unknown header key 'titel'"),
        ("# description: y\n", ":1: the header has no title"),
        (
            "# title: x\n# description: y\n# param: e (required): z\n",
            ":3: parameter 'e' has no type",
        ),
        (
            "# title: x\n# description: y\n# param: e (thing): z\n",
            ":3: parameter 'e': unknown type",
        ),
        ("# title: x\n# description: y\n# param: e\n", ":3: a parameter reads"),
        (
            "# title: x\n# description: y\n# param: q (string): z\n",
            ":3: parameter 'q': the query has no ?q",
        ),
        ("# title: x\n# description: y\n# view: chart\n", ":1: unknown view 'chart'"),
        (
            "# title: x\n# description: y\n# param: e (date, default=soon): z\n",
            ":3: parameter 'e': default",
        ),
    ],
)
def test_header_is_parsed_strictly(header: str, message: str) -> None:
    path = Path("queries/bad.rq")
    with pytest.raises(QueryError, match=message.replace("?", r"\?")) as caught:
        parse_stored_query(header + "SELECT ?e WHERE { ?e ?p ?o }\n", path=path)
    assert str(caught.value).startswith(str(path))


def test_docs_catalogue_is_up_to_date() -> None:
    expected = render_catalogue(list_queries())
    actual = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/queries.md is stale: run `aikg queries -o docs/queries.md`"
