"""The ikg terms as a closed rdflib namespace: a typo raises instead of minting a new IRI.

Kept in step with ``ikg.ttl`` by ``tests/test_ontology.py``.
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class IKG(DefinedNamespace):
    """https://w3id.org/ikg/ontology#"""

    _NS = Namespace("https://w3id.org/ikg/ontology#")
    _fail = True

    Action: URIRef
    Build: URIRef
    Cluster: URIRef
    Company: URIRef
    Document: URIRef
    Entity: URIRef
    Evidence: URIRef
    Indicator: URIRef
    IndicatorValue: URIRef
    Industry: URIRef
    InferredProperty: URIRef
    Mention: URIRef
    Metrics: URIRef
    Observation: URIRef
    Park: URIRef
    Platform: URIRef
    Policy: URIRef
    Region: URIRef
    Restatement: URIRef
    Target: URIRef
    denotes: URIRef
    describedBy: URIRef
    encoding: URIRef
    end: URIRef
    extractorVersion: URIRef
    fileName: URIRef
    hasPark: URIRef
    hostsIndustry: URIRef
    how: URIRef
    inIndustry: URIRef
    linkedCluster: URIRef
    linkedPark: URIRef
    locatedIn: URIRef
    locatedInPark: URIRef
    memberOf: URIRef
    metric: URIRef
    operatedBy: URIRef
    period: URIRef
    partOfCluster: URIRef
    qualifier: URIRef
    quote: URIRef
    region: URIRef
    restatedAt: URIRef
    scope: URIRef
    setBy: URIRef
    sha256: URIRef
    start: URIRef
    supportsCluster: URIRef
    targets: URIRef
    text: URIRef
    unitFamily: URIRef
    unit: URIRef
    value: URIRef
    valueMax: URIRef
    year: URIRef


#: Named graphs that are not documents.
GRAPHS = Namespace("https://w3id.org/ikg/graph/")
ONTOLOGY_GRAPH = GRAPHS.ontology
GAZETTEER_GRAPH = GRAPHS.gazetteer
INFERRED_GRAPH = GRAPHS.inferred
BUILD_GRAPH = GRAPHS.build
