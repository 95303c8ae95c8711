"""Interactive, self-contained, offline HTML views of the graph drawn with vis-network (pyvis).

Every function returns or writes whole pages: vis-network inlined from the pyvis package,
data escaped, a hash-based Content-Security-Policy, nothing loaded from the network.
"""

from __future__ import annotations

from .analysis import SIZE_MEASURES, centrality_sizes, render_cycles, render_path
from .layout import PHYSICS_MAX_NODES, layout_positions
from .page import EDGE_LABEL_MAX, FAMILY_TITLES, MAX_NODES, render_network
from .query import query_anchors, render_query_view, result_network
from .standard import (
    AS_OF_DATES,
    ViewFile,
    compare_as_of,
    render_ego,
    render_index,
    render_overview,
    render_views,
    write_views,
)
from .text import source_details

__all__ = [
    "AS_OF_DATES",
    "EDGE_LABEL_MAX",
    "FAMILY_TITLES",
    "MAX_NODES",
    "PHYSICS_MAX_NODES",
    "SIZE_MEASURES",
    "ViewFile",
    "centrality_sizes",
    "compare_as_of",
    "layout_positions",
    "query_anchors",
    "render_cycles",
    "render_ego",
    "render_index",
    "render_network",
    "render_overview",
    "render_path",
    "render_query_view",
    "render_views",
    "result_network",
    "source_details",
    "write_views",
]
