"""Synthetic AI-industry data in the curated CSV format, for benchmarks and scale tests."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.columns import tables_text
from graph.ingest.layout import SOURCES_DIR
from graph.model.errors import AikgError
from graph.rdf.files import write_atomic

__all__ = ["CLASS_SHARES", "MIN_ENTITIES", "SynthData", "generate_data", "write_data"]

#: Share of each entity class (by the first type of its row); the rest are people.
CLASS_SHARES: dict[str, float] = {
    "AILab": 0.08,
    "CloudProvider": 0.03,
    "ChipCompany": 0.03,
    "Investor": 0.10,
    "Government": 0.01,
    "Project": 0.05,
    "AIModel": 0.12,
    "CloudService": 0.04,
    "Chip": 0.05,
    "ComputeCluster": 0.04,
    "Agreement": 0.06,
    "Place": 0.07,
    "DataCenter": 0.07,
}
#: The smallest dataset that still has every class and relation family.
MIN_ENTITIES = 40
#: What a synthetic data folder holds (the layout of data/README.md).
CURATED = ("entities.csv", SOURCES_DIR)

ENTITY_HEADER = ["id", "types", "label", "aliases", "description", "wikidata", "inception",
                 "dissolution", "sources"]  # fmt: skip
SOURCE_HEADER = ["id", "kind", "title", "label", "publisher", "date", "url", "issued_by",
                 "original_reporter"]  # fmt: skip
FACT_HEADER = ["id", "subject", "relation", "object", "deal", "amount", "currency",
               "amount_kind", "amount_bound", "payer", "payee", "stake", "quantity", "unit",
               "quantity_bound", "start", "end", "point_in_time", "term_end", "status",
               "exclusivity", "role", "rank", "rank_reason", "sources", "note"]  # fmt: skip

SYLLABLES = ("al", "an", "ar", "bo", "ca", "da", "el", "en", "ex", "fi", "ga", "io", "ka",
             "la", "lu", "ma", "mi", "na", "no", "ol", "or", "pa", "qu", "ra", "ri", "sa",
             "si", "ta", "to", "ul", "va", "ve", "xi", "ya", "ze", "zo")  # fmt: skip
SUFFIXES: dict[str, tuple[str, ...]] = {
    "AILab": ("AI", "Labs", "Research", "Intelligence"),
    "CloudProvider": ("Cloud", "Compute", "Systems"),
    "ChipCompany": ("Semiconductor", "Silicon", "Devices"),
    "Investor": ("Capital", "Ventures", "Partners", "Fund"),
    "Government": ("Ministry of Technology", "Digital Office"),
    "Project": ("Project", "Initiative", "Alliance"),
    "AIModel": ("GPT", "LM", "Vision", "Coder"),
    "CloudService": ("Cloud Platform", "AI Services"),
    "Chip": ("Accelerator", "GPU", "TPU"),
    "ComputeCluster": ("Supercluster", "Cluster"),
    "Agreement": ("Agreement", "Clause", "Term Sheet"),
    "Place": ("City", "Valley", "County"),
    "DataCenter": ("Data Center", "Campus"),
    "Person": (),
}
DESCRIPTIONS: dict[str, str] = {
    "AILab": "Synthetic AI lab that trains and sells access to large models.",
    "CloudProvider": "Synthetic cloud provider that rents out computing capacity.",
    "ChipCompany": "Synthetic chip company that designs accelerators.",
    "Investor": "Synthetic investor that funds AI companies and projects.",
    "Government": "Synthetic government office with an AI policy.",
    "Project": "Synthetic joint data-centre project with several partners.",
    "AIModel": "Synthetic model family offered through an API.",
    "CloudService": "Synthetic hosted AI platform.",
    "Chip": "Synthetic accelerator design.",
    "ComputeCluster": "Synthetic cluster of connected accelerators.",
    "Agreement": "Synthetic contract clause between AI companies.",
    "Place": "Synthetic place where data centres are built.",
    "DataCenter": "Synthetic data-centre site.",
    "Person": "Synthetic executive or founder in the AI industry.",
}
PUBLISHERS = ("Synthetic Times", "Example Wire", "Model Weekly", "Compute Journal")
STATUSES_OPEN = ("Completed", "Active", "Active", "Planned", "Proposed")
ROLES = ("equity funder", "financial lead", "minority investor", "lead investor")
MONEY_FIGURES = ("valuation", "revenue", "projectedLoss", "computeSpending", "plannedSpending")


@dataclass
class SynthData:
    """The three curated tables, each a list of rows in header order."""

    entities: list[list[str]] = field(default_factory=list)
    sources: list[list[str]] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)

    def to_csv(self) -> dict[str, str]:
        """The text of ``entities.csv`` and of each ``sources/<id>.csv`` (the source's row,
        a blank line, and the facts that name it first), by relative path."""
        first = FACT_HEADER.index("sources")
        by_source: dict[str, list[list[str]]] = {row[0]: [] for row in self.sources}
        for row in self.facts:
            by_source[row[first].split("|", 1)[0]].append(row)
        out = {"entities.csv": tables_text((ENTITY_HEADER, self.entities))}
        for source in self.sources:
            out[f"{SOURCES_DIR}/{source[0]}.csv"] = tables_text(
                (SOURCE_HEADER, [source]), (FACT_HEADER, by_source[source[0]])
            )
        return out


class _Generator:
    """Draws entities, sources and facts from one seeded random stream."""

    def __init__(self, entities: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.total = entities
        self.data = SynthData()
        self.by_class: dict[str, list[str]] = {}
        self.fact_ids: set[str] = set()
        self.source_ids: list[str] = []

    # -- helpers ---------------------------------------------------------
    def name(self) -> str:
        rng = self.rng
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    def day(self, first: int = 2015, last: int = 2025) -> tuple[int, int, int]:
        rng = self.rng
        return rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)

    def when(self, ymd: tuple[int, int, int], *, exact: bool = False) -> str:
        """A date cell: mostly a full day, sometimes a month or a year."""
        y, m, d = ymd
        roll = 0.0 if exact else self.rng.random()
        if roll < 0.8:
            return f"{y:04d}-{m:02d}-{d:02d}"
        if roll < 0.95:
            return f"{y:04d}-{m:02d}"
        return f"{y:04d}"

    def pick(self, *classes: str) -> str:
        pool = [c for c in classes if self.by_class.get(c)]
        return self.rng.choice(self.by_class[self.rng.choice(pool)])

    def sources(self) -> str:
        k = 1 if self.rng.random() < 0.7 else 2
        return "|".join(sorted(set(self.rng.sample(self.source_ids, k))))

    def fact(self, subject: str, relation: str, obj: str, tag: str = "", **cells: str) -> None:
        base = f"{subject}-{_slug(relation)}-{obj if not obj[0].isdigit() else 'figure'}"
        ident = f"{base}-{tag}" if tag else base
        n = 2
        while ident in self.fact_ids:
            ident = f"{base}-{tag}-{n}" if tag else f"{base}-{n}"
            n += 1
        self.fact_ids.add(ident)
        row = dict.fromkeys(FACT_HEADER, "")
        row.update(id=ident, subject=subject, relation=relation, object=obj,
                   sources=self.sources(), **cells)  # fmt: skip
        if not row["status"]:
            row["status"] = "Ended" if row["end"] else self.rng.choice(STATUSES_OPEN)
        self.data.facts.append([row[c] for c in FACT_HEADER])

    # -- tables ----------------------------------------------------------
    def make_sources(self) -> None:
        count = max(5, self.total // 12)
        for i in range(count):
            ident = f"src-{i:06d}"
            primary = self.rng.random() < 0.4
            y, m, d = self.day(2018, 2025)
            self.source_ids.append(ident)
            self.data.sources.append([
                ident,
                "PrimarySource" if primary else "NewsReport",
                f"{self.name()} {self.rng.choice(('deal', 'funding', 'partnership', 'update'))}",
                "",
                self.rng.choice(PUBLISHERS),
                self.when((y, m, d)),
                f"https://news.example.org/{y}/{ident}" if self.rng.random() < 0.8 else "",
                "",
                "",
            ])  # fmt: skip

    def make_entities(self) -> None:
        counts = {c: max(1, int(self.total * share)) for c, share in CLASS_SHARES.items()}
        counts["Person"] = max(1, self.total - sum(counts.values()))
        for cls, count in counts.items():
            prefix = _slug(cls)
            ids = self.by_class.setdefault(cls, [])
            for i in range(count):
                ident = f"{prefix}-{i:06d}"
                ids.append(ident)
                types = cls
                if cls == "CloudProvider" and self.rng.random() < 0.3:
                    types = "CloudProvider|Investor"
                    self.by_class.setdefault("Investor", []).append(ident)
                suffix = SUFFIXES[cls]
                label = f"{self.name()} {self.name()}" if cls == "Person" else (
                    f"{self.name()} {self.rng.choice(suffix)}")  # fmt: skip
                alias = f"{label} Inc." if cls in ("AILab", "Investor") and i % 3 == 0 else ""
                qid = f"Q{9_000_000 + len(self.data.entities)}" if i % 5 == 0 else ""
                self.data.entities.append(
                    [ident, types, label, alias, DESCRIPTIONS[cls], qid, "", "", ""]
                )

    def make_facts(self) -> None:
        rng = self.rng
        for lab in self.by_class["AILab"]:
            for _ in range(rng.randint(1, 3)):  # funding rounds
                y, m, d = self.day()
                investor = self.pick("Investor", "CloudProvider", "Person")
                amount = str(rng.randint(1, 500) * 10_000_000)
                stake = f"{rng.randint(1, 490) / 10:g}" if rng.random() < 0.5 else ""
                self.fact(investor, "investsIn", lab, f"{y}", amount=amount, currency="USD",
                          amount_kind="InvestmentAmount",
                          stake=stake, point_in_time=self.when((y, m, d)),
                          role=rng.choice(ROLES) if rng.random() < 0.3 else "")  # fmt: skip
            for year in sorted(rng.sample(range(2018, 2026), rng.randint(1, 3))):
                figure = "valuation" if rng.random() < 0.7 else rng.choice(MONEY_FIGURES)
                self.fact(lab, figure, str(rng.randint(1, 3000) * 100_000_000), f"{year}",
                          currency="USD", point_in_time=f"{year}")  # fmt: skip
            self.phased_compute(lab)
            for rival in sorted({self.pick("AILab") for _ in range(2)} - {lab}):
                self.fact(lab, "competesWith", rival, start=self.when(self.day()))
            if rng.random() < 0.3:
                self.fact(lab, "licensesTechnologyTo", self.pick("CloudProvider", "AILab"),
                          start=self.when(self.day()), exclusivity="NonExclusive")  # fmt: skip
        self.make_product_facts()
        self.make_asset_facts()
        self.make_agreement_facts()

    def make_product_facts(self) -> None:
        """Who develops, integrates and rivals each model, service and chip; chip supply."""
        rng = self.rng
        for model in self.by_class["AIModel"]:
            start = self.when(self.day())
            self.fact(self.pick("AILab"), "develops", model, start=start)
            if rng.random() < 0.3:
                self.fact(self.pick("CloudProvider", "AILab"), "integrates", model, start=start)
        for rival in self.by_class["AIModel"][1::4]:
            other = self.pick("AIModel")
            if other != rival:
                self.fact(rival, "competesWith", other, start=self.when(self.day()))
        for service in self.by_class["CloudService"]:
            self.fact(self.pick("CloudProvider"), "develops", service, start=self.when(self.day()))
        for chip in self.by_class["Chip"]:
            self.fact(self.pick("ChipCompany"), "develops", chip, start=self.when(self.day()))
        for maker in self.by_class["ChipCompany"]:
            for _ in range(rng.randint(1, 3)):
                y, m, d = self.day()
                self.fact(maker, "suppliesChipsTo", self.pick("CloudProvider", "AILab"), f"{y}",
                          quantity=str(rng.randint(1, 100) * 1000), unit="GPU",
                          start=self.when((y, m, d)))  # fmt: skip

    def make_asset_facts(self) -> None:
        """Projects with their partners and money; data centres and clusters."""
        rng = self.rng
        for project in self.by_class["Project"]:
            y, m, d = self.day(2020, 2025)
            start = self.when((y, m, d), exact=True)
            lead = self.pick("Investor", "CloudProvider")
            self.fact(lead, "leadPartnerOf", project, start=start, role="financial lead")
            self.fact(self.pick("AILab"), "technologyPartnerOf", project, start=start)
            self.fact(lead, "announced", project, point_in_time=start, status="Completed")
            self.fact(self.pick("Investor"), "investsIn", project,
                      amount=str(rng.randint(1, 100) * 1_000_000_000), currency="USD",
                      amount_kind="InvestmentAmount",
                      start=start, role="equity funder")  # fmt: skip
            if rng.random() < 0.4:
                self.fact(project, "endorsedBy", self.pick("Government", "Person"),
                          point_in_time=start)  # fmt: skip
            self.fact(project, "plannedSpending", str(rng.randint(1, 500) * 1_000_000_000),
                      currency="USD", point_in_time=start)  # fmt: skip
        for site in self.by_class["DataCenter"]:
            start = self.when(self.day())
            self.fact(site, "locatedIn", self.pick("Place"), start=start)
            self.fact(self.pick("CloudProvider"), "operates", site, start=start)
            if rng.random() < 0.5:
                self.fact(self.pick("AILab"), "leases", site, start=start,
                          term_end=str(rng.randint(2030, 2040)))  # fmt: skip
            self.fact(site, "powerCapacity", f"{rng.randint(1, 50) / 10:g}",
                      point_in_time=start)  # fmt: skip
        for cluster in self.by_class["ComputeCluster"]:
            start = self.when(self.day())
            self.fact(self.pick("CloudProvider", "AILab"), "owns", cluster, start=start)
            self.fact(cluster, "gpuCount", str(rng.randint(1, 500) * 1000), point_in_time=start)

    def make_agreement_facts(self) -> None:
        """Agreements and their parties, people's roles, governments' endorsements."""
        rng = self.rng
        orgs = ("AILab", "CloudProvider", "ChipCompany", "Investor")
        for agreement in self.by_class["Agreement"]:
            y, m, d = self.day()
            first, second = self.pick(*orgs), self.pick(*orgs)
            start = self.when((y, m, d), exact=True)
            self.fact(first, "partyTo", agreement, start=start)
            if second != first:
                self.fact(second, "partyTo", agreement, start=start)
                self.fact(first, "partnersWith", second, start=start)
                if rng.random() < 0.3:
                    self.fact(first, "sharesRevenueWith", second, start=start,
                              end=self.when((y + rng.randint(1, 4), m, d), exact=True))  # fmt: skip
            if rng.random() < 0.1:
                self.fact(first, "reconsiders", agreement, point_in_time=str(y + 1))
        people = self.by_class["Person"]
        for i, person in enumerate(people):
            role = ("ceoOf", "founderOf", "chairOf")[i % 3]
            self.fact(person, role, self.pick(*orgs, "Project"), start=self.when(self.day()))
            if i % 4 == 0:
                self.fact(person, "founderOf", self.pick("AILab"), start=self.when(self.day()))
        for government in self.by_class["Government"]:
            self.fact(self.pick("Project", "AILab"), "endorsedBy", government,
                      point_in_time=self.when(self.day()))  # fmt: skip

    def phased_compute(self, lab: str) -> None:
        """Compute supply to a lab: exclusive, then right of first refusal, then non-exclusive."""
        rng = self.rng
        cloud = self.pick("CloudProvider")
        y0 = rng.randint(2015, 2019)
        y1, y2 = y0 + rng.randint(1, 3), y0 + rng.randint(4, 6)
        m, d = rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.5:
            self.fact(cloud, "providesComputeTo", lab, "exclusive", exclusivity="Exclusive",
                      start=f"{y0}", end=f"{y1}-{m:02d}-{d:02d}")  # fmt: skip
            self.fact(cloud, "providesComputeTo", lab, "rofr", exclusivity="RightOfFirstRefusal",
                      start=f"{y1}-{m:02d}-{d:02d}", end=f"{y2}-{m:02d}",
                      term_end=str(y2 + 5))  # fmt: skip
            self.fact(cloud, "providesComputeTo", lab, "non-exclusive",
                      exclusivity="NonExclusive", start=f"{y2}-{m:02d}")  # fmt: skip
        else:
            self.fact(cloud, "providesComputeTo", lab, exclusivity="NonExclusive",
                      start=self.when(self.day()))  # fmt: skip


def _slug(name: str) -> str:
    """A class or relation name as a slug.

    >>> _slug("providesComputeTo"), _slug("AILab")
    ('provides-compute-to', 'ailab')
    """
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("-")
        out.append(ch.lower())
    return "".join(out)


def generate_data(*, entities: int, seed: int = 0) -> SynthData:
    """A synthetic dataset of about ``entities`` entities, the same for the same seed.

    >>> data = generate_data(entities=60, seed=1)
    >>> len(data.entities), len(data.facts) > len(data.entities)
    (60, True)

    Raises:
        AikgError: ``entities`` is below :data:`MIN_ENTITIES`.
    """
    if entities < MIN_ENTITIES:
        raise AikgError(f"--entities must be at least {MIN_ENTITIES}, got {entities}")
    generator = _Generator(entities, seed)
    generator.make_sources()
    generator.make_entities()
    generator.make_facts()
    return generator.data


def write_data(
    data: SynthData, out: Path | str, *, progress: Callable[[str], None] | None = None
) -> Path:
    """Write the curated files (``entities.csv``, ``sources/*.csv``) into the folder
    ``out``, all or nothing.

    The files are written into a temporary sibling folder that then replaces
    ``out``; an existing ``out`` may hold only earlier curated CSV files.

    Raises:
        AikgError: ``out`` exists and holds other files (they would be lost).
    """
    out = Path(out)
    if out.exists():
        if not out.is_dir():
            raise AikgError(f"{out} exists and is not a folder")
        others = sorted(p.name for p in out.iterdir() if p.name not in CURATED)
        if others:
            raise AikgError(
                f"{out} already holds other files ({', '.join(others[:3])}); "
                "choose an empty or new folder"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    old: Path | None = None
    try:
        for name, text in data.to_csv().items():
            if progress is not None:
                progress(name)
            write_atomic(staging / name, text)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not out.exists():
            os.replace(old / out.name, out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return out
