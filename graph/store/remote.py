"""A remote SPARQL 1.1 server as a store."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from graph.rdf.bulk import paused_gc
from graph.rdf.terms import decimal_form, string_literal
from graph.sparql.internal import internal_query
from graph.store.base import GRAPH_STORE_ENV, Store, StoreError, StoreTimeout
from graph.store.convert import answer_graph, prefixed_graph, whole_graph
from graph.store.text import bind_text, for_store, query_kind, with_prefixes

__all__ = ["REMOTE_TIMEOUT", "RemoteStore", "masked_url"]


#: Seconds a remote endpoint may take to answer when no time limit is given.
REMOTE_TIMEOUT = 60.0


class RemoteStore(Store):
    """A remote SPARQL 1.1 server.

    ``url`` is the SPARQL 1.1 Protocol query endpoint (Fuseki ``…/ds/sparql``, GraphDB
    ``…/repositories/NAME``, Virtuoso ``…/sparql``, QLever, Oxigraph ``…/query``), or a
    bare server address (no path), which means Oxigraph server's layout: ``URL/query``
    and the Graph Store Protocol at ``URL/store``. ``graph_store`` is a SPARQL 1.1 Graph
    Store Protocol endpoint (Fuseki ``…/ds/data``, GraphDB
    ``…/repositories/NAME/rdf-graphs/service``): ``aikg load`` PUTs the graph to its
    default graph, and the whole graph is read from it (otherwise by a CONSTRUCT).

    >>> RemoteStore("http://127.0.0.1:7878").graph_store
    'http://127.0.0.1:7878/store'
    >>> RemoteStore("http://127.0.0.1:3030/ds/sparql").graph_store is None
    True

    A login given in a URL (``https://USER:PASSWORD@host/…``, percent-encoded) is sent
    as HTTP Basic authorization to that host, never on a redirect, and never shown:

    >>> RemoteStore("https://ann:s%3Acret@example.org/sparql").describe()
    'sparql:https://ann:***@example.org/sparql'

    Raises:
        StoreError: a URL's port is not a number.
    """

    can_time_out = True

    def __init__(self, url: str, *, graph_store: str | None = None) -> None:
        self._shown = masked_url(url)
        self._logins: dict[str, str] = {}
        self.endpoint = self._remember_login(url)
        self.graph_store = None if graph_store is None else self._remember_login(graph_store)
        if urllib.parse.urlsplit(self.endpoint).path in ("", "/"):
            base = self.endpoint.rstrip("/")
            self.endpoint = base + "/query"
            self.graph_store = self.graph_store or base + "/store"

    def _remember_login(self, url: str) -> str:
        """``url`` without its ``user:password@`` part, which is kept for its host."""
        parts = urllib.parse.urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            raise StoreError(f"{masked_url(url)}: the port is not a number") from None
        if parts.username is None:
            return url
        host = parts.hostname or ""
        netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
        login = (
            f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        )
        self._logins[netloc] = "Basic " + base64.b64encode(login.encode("utf-8")).decode("ascii")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    def _request(
        self,
        url: str,
        *,
        method: str,
        body: bytes | None,
        content_type: str,
        accept: str,
        timeout: float | None = None,
    ) -> bytes:
        limit = REMOTE_TIMEOUT if timeout is None else timeout
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        login = self._logins.get(urllib.parse.urlsplit(url).netloc)
        if login is not None:
            request.add_unredirected_header("Authorization", login)
        deadline = time.monotonic() + limit
        try:
            # The limit holds for connecting and for each read; the deadline for them all.
            with urllib.request.urlopen(request, timeout=limit) as response:
                chunks = []
                while chunk := response.read(1 << 16):
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise TimeoutError
                return b"".join(chunks)
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"{url} answered {err.code} {err.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or isinstance(err, TimeoutError):
                hint = "" if timeout is not None else " (the default; see --timeout)"
                raise StoreTimeout(
                    f"the SPARQL endpoint {url} did not answer within {limit:g} s{hint}"
                ) from None
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def _default_graph(self) -> str:
        """The Graph Store Protocol address of the default graph.

        Raises:
            StoreError: no Graph Store Protocol endpoint is known.
        """
        if self.graph_store is None:
            raise StoreError(
                f"{self.describe()} names a query endpoint only: writing needs the server's "
                "SPARQL 1.1 Graph Store Protocol endpoint, given with --graph-store URL or "
                f"${GRAPH_STORE_ENV} (Fuseki: http://HOST:3030/DATASET/data; GraphDB: "
                "http://HOST:7200/repositories/NAME/rdf-graphs/service)"
            )
        joiner = "&" if urllib.parse.urlsplit(self.graph_store).query else "?"
        return f"{self.graph_store}{joiner}default"

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> Result:
        kind = query_kind(text)  # refuses updates, LOAD and SERVICE first
        sent = with_prefixes(bind_text(for_store(text), bindings or {}))
        graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_kind else "application/sparql-results+json"
        body = self._request(
            self.endpoint,
            method="POST",
            body=sent.encode("utf-8"),
            content_type="application/sparql-query",
            accept=accept,
            timeout=timeout,
        )
        result = Result(kind)
        if graph_kind:
            try:
                with paused_gc():
                    result.graph = answer_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            except SyntaxError as err:
                raise StoreError(f"{self.endpoint} did not answer N-Triples: {err}") from None
            return result
        try:
            payload = json.loads(body)
        except ValueError:
            raise StoreError(f"{self.endpoint} did not answer SPARQL results JSON") from None
        if kind == "ASK":
            result.askAnswer = bool(payload.get("boolean"))
            return result
        names = payload.get("head", {}).get("vars", [])
        result.vars = [Variable(n) for n in names]
        with paused_gc():
            result.bindings = _json_rows(payload.get("results", {}).get("bindings", []))
        return result

    def load(self, staged: ox.Store) -> int:
        # One PUT replaces the default graph: the server swaps it in one transaction.
        body = staged.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        self._request(
            self._default_graph(),
            method="PUT",
            body=body,
            content_type="application/n-triples",
            accept="*/*",
        )
        return len(staged)

    def graph(self) -> Graph:
        if self.graph_store is None:
            whole = prefixed_graph()
            whole += self.query(internal_query("all_triples")).graph or Graph()
            return whole
        body = self._request(
            self._default_graph(),
            method="GET",
            body=None,
            content_type="",
            accept="application/n-triples",
        )
        try:
            return whole_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            raise StoreError(f"{self._default_graph()} did not answer N-Triples: {err}") from None

    def is_empty(self) -> bool:
        return not bool(self.query(internal_query("any_triple")).askAnswer)

    def describe(self) -> str:
        return f"sparql:{self._shown}"


def masked_url(url: str) -> str:
    """``url`` with the password of its login, if any, replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user_end = parts.netloc.rindex("@")
    user = parts.netloc[:user_end].split(":", 1)[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***{parts.netloc[user_end:]}"))


def _json_rows(rows: list[dict[str, dict[str, str]]]) -> list[Mapping[Variable, Identifier]]:
    """SPARQL-results-JSON rows as rdflib rows; equal values are converted once.

    >>> _json_rows([{"x": {"type": "literal", "value": "chat", "xml:lang": "fr"}}])
    [{rdflib.term.Variable('x'): rdflib.term.Literal('chat', lang='fr')}]
    """
    variables: dict[str, Variable] = {}
    seen: dict[tuple[str | None, ...], Identifier] = {}
    out: list[Mapping[Variable, Identifier]] = []
    for row in rows:
        converted: dict[Variable, Identifier] = {}
        for name, cell in row.items():
            variable = variables.get(name)
            if variable is None:
                variable = variables[name] = Variable(name)
            key = (cell.get("type"), cell.get("value"), cell.get("xml:lang"), cell.get("datatype"))
            term = seen.get(key)
            if term is None:
                term = seen[key] = _json_term(cell)
            converted[variable] = term
        out.append(converted)
    return out


def _json_term(cell: dict[str, Any]) -> Identifier:
    """One SPARQL-results-JSON value as an rdflib term."""
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    if datatype == str(XSD.decimal):
        return Literal(decimal_form(value), datatype=XSD.decimal)
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype))
    return string_literal(value, None)
