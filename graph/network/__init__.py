"""The graph as a network: the projection, and one module per analysis family."""

from graph.network.centrality import compute_centrality
from graph.network.communities import find_communities
from graph.network.convert import to_networkx
from graph.network.dependencies import compute_dependencies
from graph.network.export import serialize_network
from graph.network.flows import find_circular_flows
from graph.network.lookup import find_entity
from graph.network.paths import find_paths
from graph.network.projection import project_neighbourhood, project_store

__all__ = [
    "compute_centrality",
    "compute_dependencies",
    "find_circular_flows",
    "find_communities",
    "find_entity",
    "find_paths",
    "project_neighbourhood",
    "project_store",
    "serialize_network",
    "to_networkx",
]
