"""Curation: comparing two versions of the data (``aikg diff``), folders or git revisions."""

from graph.curate.answers import DEFAULT_PLANS, AnswerChange, QueryPlan, answer_changes, plans_for
from graph.curate.compare import Comparison, compare
from graph.curate.diff import GraphDiff, NodeChange, PropertyChange, diff_graphs, graphs_equal
from graph.curate.page import render_html
from graph.curate.report import comparison_json, render_json, render_table
from graph.curate.revisions import Side, resolve_side
from graph.curate.sides import BuiltSide, SideProblems, built_sides

__all__ = [
    "DEFAULT_PLANS",
    "AnswerChange",
    "BuiltSide",
    "Comparison",
    "GraphDiff",
    "NodeChange",
    "PropertyChange",
    "QueryPlan",
    "Side",
    "SideProblems",
    "answer_changes",
    "built_sides",
    "compare",
    "comparison_json",
    "diff_graphs",
    "graphs_equal",
    "plans_for",
    "render_html",
    "render_json",
    "render_table",
    "resolve_side",
]
