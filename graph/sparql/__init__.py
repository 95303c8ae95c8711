"""SPARQL: query safety, parameter binding, execution, result formats, the stored-query catalogue.

The ``*.rq`` files beside these modules are the queries the package itself runs."""

from graph.sparql.binding import bind_params
from graph.sparql.catalogue import StoredQuery, list_queries, load_query
from graph.sparql.execute import execute_query, query_as_df, run_query, run_stored_query
from graph.sparql.results import result_rows, serialize_result
from graph.sparql.safety import check_query

__all__ = [
    "StoredQuery",
    "bind_params",
    "check_query",
    "execute_query",
    "list_queries",
    "load_query",
    "query_as_df",
    "result_rows",
    "run_query",
    "run_stored_query",
    "serialize_result",
]
