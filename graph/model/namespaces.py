"""The IRIs of the aikg vocabulary: the only place Python code spells them."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "AI",
    "EDITOR",
    "ENT",
    "FORMATS",
    "PREFIXES",
    "SCHEMA",
    "SD",
    "SRC",
    "STMT",
    "UNIT",
    "WD",
]


class AI(DefinedNamespace):
    """The ``ai:`` ontology namespace; a misspelt term fails at import time.

    >>> str(AI.investsIn)
    'https://w3id.org/aikg/ontology#investsIn'
    """

    _NS = Namespace("https://w3id.org/aikg/ontology#")
    _fail = True

    # Classes
    Entity: URIRef
    Organization: URIRef
    AILab: URIRef
    CloudProvider: URIRef
    ChipCompany: URIRef
    Investor: URIRef
    Government: URIRef
    Person: URIRef
    Project: URIRef
    Product: URIRef
    AIModel: URIRef
    CloudService: URIRef
    Chip: URIRef
    ComputeCluster: URIRef
    Agreement: URIRef
    Place: URIRef
    DataCenter: URIRef
    Source: URIRef
    Status: URIRef
    Exclusivity: URIRef
    SourceKind: URIRef

    # Controlled values
    Announced: URIRef
    Planned: URIRef
    Active: URIRef
    Ended: URIRef
    Reported: URIRef
    Proposed: URIRef
    Exclusive: URIRef
    RightOfFirstRefusal: URIRef
    NonExclusive: URIRef
    PrimarySource: URIRef
    NewsReport: URIRef

    # Relations between entities
    investsIn: URIRef
    providesTo: URIRef
    providesComputeTo: URIRef
    suppliesChipsTo: URIRef
    licensesTechnologyTo: URIRef
    competesWith: URIRef
    partnersWith: URIRef
    technologyPartnerOf: URIRef
    leadPartnerOf: URIRef
    sharesRevenueWith: URIRef
    partyTo: URIRef
    announced: URIRef
    endorsedBy: URIRef
    operates: URIRef
    reconsiders: URIRef
    ceoOf: URIRef
    chairOf: URIRef
    founderOf: URIRef
    officerOf: URIRef
    boardMemberOf: URIRef
    develops: URIRef
    integrates: URIRef
    owns: URIRef
    leases: URIRef
    locatedIn: URIRef

    # Figures about one entity
    monetaryFigure: URIRef
    valuation: URIRef
    plannedSpending: URIRef
    projectedLoss: URIRef
    computeSpending: URIRef
    revenue: URIRef
    gpuCount: URIRef
    powerCapacity: URIRef

    # Statement qualifiers and annotations
    startDate: URIRef
    endDate: URIRef
    pointInTime: URIRef
    termEnd: URIRef
    holdsFrom: URIRef
    holdsUntil: URIRef
    amount: URIRef
    currency: URIRef
    stake: URIRef
    quantity: URIRef
    unit: URIRef
    role: URIRef
    status: URIRef
    exclusivity: URIRef
    sourceKind: URIRef
    relationFamily: URIRef

    # Version 2: deals, money, time bounds, evidence, ranks, units
    About: URIRef
    Acquisition: URIRef
    AmountKind: URIRef
    AssetValue: URIRef
    AtLeast: URIRef
    Bound: URIRef
    Cancelled: URIRef
    Completed: URIRef
    Contract: URIRef
    ContractValue: URIRef
    DebtFinancing: URIRef
    Deal: URIRef
    DeprecatedRank: URIRef
    Evidence: URIRef
    Exact: URIRef
    FundingRound: URIRef
    GPU: URIRef
    InvestmentAgreement: URIRef
    InvestmentAmount: URIRef
    LetterOfIntent: URIRef
    Loss: URIRef
    MoreThan: URIRef
    NormalRank: URIRef
    PreferredRank: URIRef
    PurchaseCommitment: URIRef
    PurchasePrice: URIRef
    Rank: URIRef
    Restructuring: URIRef
    Revenue: URIRef
    SingleReport: URIRef
    Spending: URIRef
    StakeValue: URIRef
    Unit: URIRef
    UpTo: URIRef
    Valuation: URIRef
    amountBound: URIRef
    amountKind: URIRef
    dealValue: URIRef
    dissolution: URIRef
    evidence: URIRef
    figureKind: URIRef
    figureUnit: URIRef
    inception: URIRef
    issuedBy: URIRef
    originalReporter: URIRef
    partOfDeal: URIRef
    payee: URIRef
    payer: URIRef
    payerSide: URIRef
    quantityBound: URIRef
    rank: URIRef
    rankReason: URIRef
    reviewedOn: URIRef
    quote: URIRef


ENT = Namespace("https://w3id.org/aikg/entity/")
SRC = Namespace("https://w3id.org/aikg/source/")
STMT = Namespace("https://w3id.org/aikg/statement/")
#: The editors who review statements (``prov:wasAttributedTo``), by their handle.
EDITOR = Namespace("https://w3id.org/aikg/editor/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
#: QUDT units, for quantities (``unit:GigaW``).
UNIT = Namespace("http://qudt.org/vocab/unit/")
#: SPARQL 1.1 Service Description, and the W3C names of formats it refers to.
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

#: Prefixes bound on every graph the project builds, in serialisation order.
PREFIXES: dict[str, str] = {
    "ai": str(AI._NS),
    "ent": str(ENT),
    "src": str(SRC),
    "stmt": str(STMT),
    "editor": str(EDITOR),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "unit": "http://qudt.org/vocab/unit/",
}
