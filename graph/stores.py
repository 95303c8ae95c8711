"""Store backends behind one interface: rdflib in memory, pyoxigraph on disk, a remote endpoint."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Variable

from .constraints import _ox_term, _rdf_term, _string_literal, decimal_form, load_store
from .errors import AikgError, QueryError
from .loading import paused_gc
from .namespaces import AI, ENT, PREFIXES, SRC
from .progress import track
from .queries import StoredQuery, check_query, execute_query, from_names_graph

__all__ = [
    "GRAPH_STORE_ENV",
    "STORE_ENV",
    "TIMEOUT_ENV",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreTimeout",
    "bind_text",
    "check_timeout",
    "entity_candidates",
    "names_for",
    "open_store",
    "query_engine",
    "values_clause",
]

#: The environment variable naming the store when ``--store`` is not given.
STORE_ENV = "AIKG_STORE"
#: The environment variable naming a remote store's Graph Store Protocol endpoint.
GRAPH_STORE_ENV = "AIKG_GRAPH_STORE"
#: Seconds a remote endpoint may take to answer when no time limit is given.
REMOTE_TIMEOUT = 60.0
#: The environment variable giving queries a time limit when ``--timeout`` is not given.
TIMEOUT_ENV = "AIKG_TIMEOUT"


class StoreError(AikgError):
    """A store spec that cannot be used, or a store that cannot be reached."""


class StoreTimeout(StoreError):
    """A query ran past its time limit."""


class Store(ABC):
    """Where the graph lives: every command queries and fills it through this interface."""

    #: Whether :meth:`query` can stop waiting after ``timeout`` seconds.
    can_time_out = False

    @abstractmethod
    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> Result:
        """Run a read-only query; the result has the shape of :func:`execute_query`'s.

        ``timeout`` is the most seconds to wait for the answer; only a store whose
        :attr:`can_time_out` is true (a remote one) can honour it.

        Raises:
            QueryError: the query is refused (update, LOAD, SERVICE), malformed or failed.
            StoreTimeout: the answer did not come within ``timeout`` seconds.
            StoreError: a ``timeout`` this store cannot honour (:func:`check_timeout`).
        """

    @abstractmethod
    def load(self, staged: ox.Store) -> int:
        """Replace the store's content with the default graph of ``staged``, all or nothing;
        returns the number of triples the store now holds.

        ``staged`` is the validated graph in an in-memory pyoxigraph store
        (:func:`graph.validation.checked_store`), so every backend fills itself from
        pyoxigraph's own terms, without a round trip through rdflib.

        Raises:
            StoreError: the store cannot be written; it keeps its previous content.
        """

    @abstractmethod
    def graph(self) -> Graph:
        """Every triple of the store as an rdflib Graph (RDF exports and ``aikg serve`` run
        on it; views and analytics read the store by queries, see :mod:`graph.projection`).

        Raises:
            StoreError: the store cannot be read.
        """

    def names(self) -> Graph:
        """What resolving an entity or source parameter (:func:`graph.queries.bind_params`:
        slug, label or alias) reads, without fetching everything: each entity's
        ``ai:Entity`` type, labels and aliases, and each source's ``ai:Source`` type.

        Raises:
            StoreError: the store cannot be read.
        """
        graph = self.query(_internal_query("names")).graph
        assert graph is not None
        return graph

    @abstractmethod
    def is_empty(self) -> bool:
        """Whether the store holds no triple."""

    @abstractmethod
    def describe(self) -> str:
        """The store in words, for messages."""


def check_timeout(store: Store, timeout: float | None) -> None:
    """Refuse a time limit that ``store`` cannot honour.

    pyoxigraph and rdflib cannot stop a query running in this process, so a limit applies
    to remote stores only (the server computes; the client stops waiting).

    >>> check_timeout(MemoryStore(), None)

    Raises:
        StoreError: ``timeout`` is given and ``store`` runs queries in this process.
    """
    if timeout is not None and not store.can_time_out:
        raise StoreError(
            f"a time limit (--timeout or ${TIMEOUT_ENV}) cannot be honoured by the "
            f"{store.describe()} store: a query running in this process cannot be stopped. "
            "It applies to remote stores (sparql:URL); `aikg serve --timeout` stops "
            "queries in worker processes."
        )


class MemoryStore(Store):
    """rdflib in memory (the default): the graph built from the data.

    The graph is the store's content: change it through :meth:`load` only (a pyoxigraph
    copy made for many queries, :func:`query_engine`, is kept until then).

    >>> MemoryStore(Graph()).is_empty()
    True
    """

    def __init__(self, g: Graph | None = None) -> None:
        self._g = g if g is not None else Graph()
        self._copy: _PyoxigraphCopy | None = None

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> Result:
        check_timeout(self, timeout)
        return execute_query(self._g, text, bindings=bindings)

    def load(self, staged: ox.Store) -> int:
        self._g = _as_graph(staged)
        self._copy = None
        return len(self._g)

    def graph(self) -> Graph:
        return self._g

    def names(self) -> Graph:
        return self._g

    def is_empty(self) -> bool:
        return len(self._g) == 0

    def describe(self) -> str:
        return "memory"


def _sparql_term(term: Identifier) -> str:
    """A bound value in N-Triples syntax, made (and escaped) by pyoxigraph.

    Raises:
        QueryError: the value is not a valid RDF term (an IRI with spaces or ``>``...).
    """
    try:
        return str(_ox_term(term))
    except (ValueError, TypeError) as err:
        raise QueryError(f"cannot bind {term!r}: {err}") from None


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    """A ``VALUES`` block binding each variable to its value (terms escaped, never pasted).

    >>> values_clause({"name": Literal('a" } ; DROP ALL')})
    'VALUES (?name) { ("a\\\\" } ; DROP ALL") }'
    """
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"cannot bind {name!r}: not a variable name")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_sparql_term(value) for value in bindings.values())
    return f"VALUES ({names}) {{ ({values}) }}"


_TOKEN = re.compile(
    r'(?P<skip>\#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)"""
    r"""|(?P<where>(?<![?$\w:])WHERE\b)|(?P<open>\{)|(?P<close>\})"""
    r"|(?P<from>(?<![?$\w:])FROM\b)",
    re.IGNORECASE,
)


#: One dataset clause: FROM [NAMED] and an IRI, written in full or with a prefix.
_FROM_CLAUSE = re.compile(
    r"""FROM\s+(?:NAMED\s+)?(?:<[^<>"{}|^`\\\s]*>|(?:[A-Za-z][\w.-]*)?:[\w.-]*)""",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def _for_store(text: str) -> str:
    """The query as a store runs it, answering as :func:`execute_query` does on the graph.

    A store holds the graph as its default graph, and other graphs not at all. So a query
    whose FROM names this graph (``GRAPH_IRI``) is sent without its FROM clauses (any
    other graph it names is empty: the union is the graph); one whose FROM names only
    other graphs is sent as it is (the store has no such graph: empty, never fetched).

    >>> _for_store("SELECT * FROM <https://w3id.org/aikg/graph> { ?s ?p ?o }")
    'SELECT *   { ?s ?p ?o }'

    Raises:
        QueryError: see :func:`check_query`, or FROM NAMED (refused, as on the graph).
    """
    if not from_names_graph(_checked(text)):
        return text
    depth, cuts = 0, []
    for match in _TOKEN.finditer(text):
        if match["skip"]:
            continue
        if match["open"]:
            depth += 1
        elif match["close"]:
            depth -= 1
        elif match["from"] and depth == 0:
            clause = _FROM_CLAUSE.match(text, match.start())
            if clause is None:
                raise QueryError(f"cannot read the FROM clause at offset {match.start()}")
            cuts.append(clause.span())
    for start, end in reversed(cuts):
        text = f"{text[:start]} {text[end:]}"
    return text


def _where_position(text: str) -> int:
    """The offset just after the ``{`` that opens the query's top-level WHERE group.

    Raises:
        QueryError: no such group is found.
    """
    depth, after_where, first_open = 0, False, -1
    for match in _TOKEN.finditer(text):
        if match["skip"]:
            continue
        if match["where"] and depth == 0:
            after_where = True
        elif match["open"]:
            if depth == 0 and (after_where or first_open < 0):
                if after_where:
                    return match.end()
                first_open = match.end()
            depth += 1
        elif match["close"]:
            depth -= 1
    if first_open < 0:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return first_open


def bind_text(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block opening its WHERE group.

    The text itself was checked (:func:`check_query`) before; the block adds only
    variable names and terms written by pyoxigraph, so it cannot change what the query is.

    >>> bind_text("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal(1)})[:43]
    'SELECT ?x WHERE { VALUES (?o) { ("1"^^<http'

    Raises:
        QueryError: a value is not a valid term, or the query has no WHERE group.
    """
    if not bindings:
        return text
    at = _bind_position(text)
    return f"{text[:at]} {values_clause(bindings)}\n{text[at:]}"


@lru_cache(maxsize=256)
def _bind_position(text: str) -> int:
    if _kind(text) == "CONSTRUCT" and not re.search(r"\bWHERE\b", text, re.IGNORECASE):
        raise QueryError("cannot bind parameters of a CONSTRUCT without WHERE")
    return _where_position(text)


@lru_cache(maxsize=256)
def _checked(text: str) -> Query:
    """:func:`check_query`, cached: rdflib's parser takes milliseconds, and a store only
    reads what the parsed query says (pyoxigraph or the server then runs the text itself).

    Raises:
        QueryError: see :func:`check_query`.
    """
    return check_query(text)


@lru_cache(maxsize=256)
def _kind(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, once the text passed :func:`check_query`.

    Raises:
        QueryError: see :func:`check_query`.
    """
    name = _checked(text).algebra.name
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}.get(
        name, "DESCRIBE"
    )


def _prefixed(text: str) -> str:
    """The query with the project's prefixes declared first (a query may redeclare them)."""
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return declared + text


#: :func:`_rdf_term` on a bound value, which is never None.
_identifier = cast(Callable[[object], Identifier], _rdf_term)
#: The project's prefixes, as pyoxigraph takes them.
_OX_PREFIXES = dict(PREFIXES)


@lru_cache(maxsize=1024)
def _bound_text(text: str, bindings: tuple[tuple[str, Identifier], ...]) -> str:
    """:func:`bind_text`, cached: the same query is often run with the same values."""
    return bind_text(text, dict(bindings))


def _rdf_rows(
    solutions: Iterable[ox.QuerySolution], variables: list[Variable]
) -> list[Mapping[Variable, Identifier]]:
    """pyoxigraph solutions as rdflib rows (unbound variables left out).

    Equal terms recur across rows (labels, statuses, dates): each is converted once.
    """
    seen: dict[object, Identifier] = {}
    known = seen.get
    rows: list[Mapping[Variable, Identifier]] = []
    append = rows.append
    for solution in solutions:
        row: dict[Variable, Identifier] = {}
        for variable, term in zip(variables, solution, strict=True):
            if term is None:
                continue
            value = known(term)
            if value is None:
                value = seen[term] = _identifier(term)
            row[variable] = value
        append(row)
    return rows


def _rdf_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """Triples (a CONSTRUCT or DESCRIBE answer, the quads of a pattern) as an rdflib Graph.

    The graph uses rdflib's context-free in-memory store: these triples have no named
    graph, and filling it costs half of the default store's.
    """
    return _filled(Graph(store="SimpleMemory"), triples)


def _filled(out: Graph, triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """``out`` with the triples added, each equal term converted once."""
    add = out.store.add  # Graph.add only asserts that each term is a Node: these are
    seen: dict[object, Identifier] = {}
    known = seen.get
    for triple in triples:
        terms: list[Identifier] = []
        for term in (triple.subject, triple.predicate, triple.object):
            value = known(term)
            if value is None:
                value = seen[term] = _identifier(term)
            terms.append(value)
        add((terms[0], terms[1], terms[2]), out, quoted=False)
    return out


def _prefixed_graph() -> Graph:
    """An empty Graph with the project's prefixes bound, as the build binds them (so an
    export from a store writes ``ai:amount``, not ``ns1:amount``)."""
    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, replace=True)
    return out


def _as_graph(store: ox.Store) -> Graph:
    """The default graph of a pyoxigraph store as an rdflib Graph."""
    return _whole_graph(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _whole_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """pyoxigraph triples as an rdflib Graph with the project's prefixes (what exports and
    ``aikg serve`` read)."""
    with paused_gc():
        return _filled(_prefixed_graph(), triples)


#: One handle per store folder in this process: the folder is locked while open.
_OPEN_STORES: dict[str, ox.Store] = {}


def _open_folder(path: Path) -> ox.Store:
    """A pyoxigraph handle on the store in ``path`` (made when missing).

    Raises:
        StoreError: ``path`` holds files but no store, or another process has it open.
    """
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").is_file():
        raise StoreError(
            f"{path} is a folder with other files in it, not an oxigraph store: "
            "give a new or empty folder (aikg load replaces a store's whole content)"
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as err:
        hint = " (is another process using it?)" if "lock" in str(err).lower() else ""
        raise StoreError(f"cannot open the oxigraph store {path}{hint}: {err}") from None


def _fill_folder(fresh: Path, staged: ox.Store) -> int:
    """Bulk-load the default graph of ``staged`` into a new store in ``fresh``; the handle is
    closed on return (RocksDB must not be open while its folder moves)."""
    filling = ox.Store(str(fresh))
    quads = staged.quads_for_pattern(None, None, None, ox.DefaultGraph())
    filling.bulk_extend(track(quads, desc="store", total=len(staged), unit="triple"))
    filling.flush()
    return len(filling)


def _swap_folders(fresh: Path, folder: Path) -> None:
    """Put ``fresh`` where ``folder`` is and delete the old one (renames on one file system).

    The previous store is deleted only once the new one is in place: if putting it back
    fails too, it stays in the ``.NAME.old-…`` folder that the error names.
    """
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    aside = old / folder.name
    try:
        os.replace(folder, aside)
    except OSError:
        old.rmdir()
        raise
    try:
        os.replace(fresh, folder)
    except OSError:
        os.replace(aside, folder)  # put the previous store back
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)


class OxigraphStore(Store):
    """An embedded, persistent pyoxigraph store in a folder on disk.

    ``aikg load`` fills a new folder next to it and swaps the two when done, so
    readers never see a half-filled store and a failed load keeps the old one.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key = str(path.resolve())
        if self._key not in _OPEN_STORES:
            _OPEN_STORES[self._key] = _open_folder(path)

    @property
    def _store(self) -> ox.Store:
        """This process's handle on the folder (a load replaces it)."""
        return _OPEN_STORES[self._key]

    def query(
        self,
        text: str,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        timeout: float | None = None,
    ) -> Result:
        check_timeout(self, timeout)
        kind = _kind(text)  # refuses updates, LOAD and SERVICE first
        text = _for_store(text)
        # Bound as a VALUES block: pyoxigraph's substitutions require the variable projected.
        sent = _bound_text(text, tuple(bindings.items())) if bindings else text
        result = Result(kind)
        # pyoxigraph evaluates lazily, while its answer is read: errors may come then too.
        # The rows are new objects, none of them garbage: the collector is paused meanwhile.
        try:
            with paused_gc():
                answer = self._store.query(sent, prefixes=_OX_PREFIXES)
                if isinstance(answer, ox.QuerySolutions):
                    result.vars = [Variable(v.value) for v in answer.variables]
                    result.bindings = _rdf_rows(answer, result.vars)
                elif isinstance(answer, ox.QueryBoolean):
                    result.askAnswer = bool(answer)
                else:
                    result.graph = _rdf_graph(answer)
        except (SyntaxError, ValueError, OSError, RuntimeError) as err:
            raise QueryError(f"the query failed: {err}") from None
        return result

    def load(self, staged: ox.Store) -> int:
        folder = Path(self._key)
        fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.loading-", dir=folder.parent))
        try:
            os.chmod(fresh, stat.S_IMODE(folder.stat().st_mode))
            count = _fill_folder(fresh, staged)
            del _OPEN_STORES[self._key]  # closes this process's handle on the old store
            _swap_folders(fresh, folder)
        except OSError as err:
            shutil.rmtree(fresh, ignore_errors=True)
            raise StoreError(f"cannot write the oxigraph store {self.path}: {err}") from None
        finally:
            if self._key not in _OPEN_STORES:
                _OPEN_STORES[self._key] = _open_folder(folder)
        return count

    def graph(self) -> Graph:
        return _as_graph(self._store)

    def is_empty(self) -> bool:
        # len() counts every quad (0.4 s at 1M); one quad is enough to know.
        return next(iter(self._store.quads_for_pattern(None, None, None)), None) is None

    def describe(self) -> str:
        return f"oxigraph:{self.path}"


class _PyoxigraphCopy(OxigraphStore):
    """An rdflib graph copied into an in-memory pyoxigraph store, to be read by queries."""

    def __init__(self, g: Graph) -> None:
        self.path = Path("(memory)")
        self._copy = load_store(g)

    @property
    def _store(self) -> ox.Store:
        return self._copy

    def load(self, staged: ox.Store) -> int:
        raise StoreError("a copy of an in-memory graph is read only")

    def describe(self) -> str:
        return "memory"


def query_engine(store: Store) -> Store:
    """``store``, or for an rdflib graph in memory a pyoxigraph copy of it: what runs many
    read-only queries (the network projection) fastest. rdflib's SPARQL engine takes
    2.4 s to project 100k triples where the copy (0.4 s) and pyoxigraph (1 s) take 1.4 s,
    and the answers are the same (decimals are read back in the build's form).

    >>> query_engine(MemoryStore()).describe()
    'memory'
    """
    if not isinstance(store, MemoryStore):
        return store
    if store._copy is None:  # made once per store: `aikg render` projects a dozen times
        store._copy = _PyoxigraphCopy(store.graph())
    return store._copy


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
        self._shown = _masked(url)
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
            raise StoreError(f"{_masked(url)}: the port is not a number") from None
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
        kind = _kind(text)  # refuses updates, LOAD and SERVICE first
        sent = _prefixed(bind_text(_for_store(text), bindings or {}))
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
                    result.graph = _rdf_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
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
            whole = _prefixed_graph()
            whole += self.query(_internal_query("all_triples")).graph or Graph()
            return whole
        body = self._request(
            self._default_graph(),
            method="GET",
            body=None,
            content_type="",
            accept="application/n-triples",
        )
        try:
            return _whole_graph(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            raise StoreError(f"{self._default_graph()} did not answer N-Triples: {err}") from None

    def is_empty(self) -> bool:
        return not bool(self.query(_internal_query("any_triple")).askAnswer)

    def describe(self) -> str:
        return f"sparql:{self._shown}"


def _masked(url: str) -> str:
    """``url`` with the password of its login, if any, replaced by ``***``."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user_end = parts.netloc.rindex("@")
    user = parts.netloc[:user_end].split(":", 1)[0]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***{parts.netloc[user_end:]}"))


@lru_cache(maxsize=64)
def _internal_query(name: str) -> str:
    """The text of ``graph/sparql/NAME.rq``, a query the package itself runs."""
    return (Path(__file__).parent / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


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
    return _string_literal(value, None)


#: A slug, as data/README.md defines them.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def entity_candidates(store: Store, name: str) -> Graph:
    """The entities of ``store`` that may carry ``name`` (slug, ``ent:`` name, IRI, label or
    alias, case-insensitively) with their types, labels and aliases: one query
    (``graph/sparql/entity_named.rq``), so that :func:`graph.entities.resolve_entity` can
    pick the entity among them without every name being fetched. An rdflib graph is
    already in memory: it is its own answer.

    >>> len(entity_candidates(MemoryStore(), "OpenAI"))
    0

    Raises:
        StoreError: the store cannot be read.
    """
    if isinstance(store, MemoryStore):
        return store.graph()
    text = name.strip()
    slug = text.removeprefix(str(ENT)).removeprefix("ent:").casefold()
    if _SLUG.fullmatch(slug):
        # A slug wins over labels and aliases: one ASK settles it (milliseconds, where the
        # query below reads every entity's names: 0.4 s at a million triples).
        node = URIRef(str(ENT) + slug)
        ask = store.query(_internal_query("typed"), bindings={"node": node, "class": AI.Entity})
        if ask.askAnswer:
            out = Graph()
            out.add((node, RDF.type, AI.Entity))
            return out
    bindings = {"wanted": Literal(text.casefold()), "iri": Literal(str(ENT) + slug)}
    found = store.query(_internal_query("entity_named"), bindings=bindings).graph
    return found if found is not None else Graph()


def names_for(store: Store, query: StoredQuery, params: Mapping[str, object]) -> Graph:
    """What :func:`graph.queries.bind_params` needs to resolve ``query``'s entity and
    source parameters on ``store``: the entities each entity parameter may name
    (:func:`entity_candidates`), the type of each source named by slug, ``src:`` name or
    IRI (one ASK each), and :meth:`Store.names` only when these do not settle it (a typo:
    the near names are suggested from all of them).

    The answer is the one the whole graph would give.

    >>> len(names_for(MemoryStore(), StoredQuery("q", Path("q.rq"), "", "", (), "", ""), {}))
    0

    Raises:
        StoreError: the store cannot be read.
    """
    from .entities import resolve_entity  # entities reads the namespaces only
    from .errors import UnknownEntityError

    if isinstance(store, MemoryStore):
        return store.names()  # the graph itself
    out = Graph()
    for param in query.params:
        value = params.get(param.name, param.default)
        if param.type not in ("entity", "source") or value is None:
            continue
        if not isinstance(value, str):  # a URIRef is a str
            return store.names()
        text = value.strip()
        if param.type == "entity":
            found = entity_candidates(store, text)
            try:
                resolve_entity(found, text.removeprefix("ent:"))
            except UnknownEntityError:
                return store.names()
            out += found
            continue
        slug = text.removeprefix(str(SRC)).removeprefix("src:")
        node = URIRef(str(SRC) + slug)
        typed = (
            _SLUG.fullmatch(slug)
            and store.query(
                _internal_query("typed"), bindings={"node": node, "class": AI.Source}
            ).askAnswer
        )
        if not typed:
            return store.names()  # a typo: the full names say which sources there are
        out.add((node, RDF.type, AI.Source))
    return out


_HTTP_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?(\?[^\s#]*)?")


def open_store(
    spec: str | None = None, *, graph: Graph | None = None, graph_store: str | None = None
) -> Store:
    """The store named by ``spec`` (default: ``$AIKG_STORE``, else ``memory``).

    Specs: ``memory``, ``oxigraph:PATH`` (a folder, made if missing), ``sparql:URL``
    (a query endpoint, or a bare Oxigraph server address; see :class:`RemoteStore`).
    ``graph_store`` (default: ``$AIKG_GRAPH_STORE``) is a remote store's Graph Store
    Protocol endpoint.

    >>> open_store("memory").describe()
    'memory'

    Raises:
        StoreError: the spec is malformed, or the store cannot be opened.
    """
    if spec is None:
        spec = os.environ.get(STORE_ENV) or "memory"
    kind, sep, rest = spec.partition(":")
    if spec == "memory":
        return MemoryStore(graph)
    if kind == "oxigraph" and sep:
        if not rest:
            raise StoreError("store 'oxigraph:' needs a folder: oxigraph:PATH")
        path = Path(rest)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store {spec!r}: {path} is a file, not a folder")
        return OxigraphStore(path)
    if kind == "sparql" and sep:
        if not _HTTP_URL.fullmatch(rest):
            raise StoreError(
                f"store 'sparql:{_masked(rest)}': give the server's SPARQL query endpoint, e.g. "
                "sparql:http://127.0.0.1:3030/ds/sparql, or an Oxigraph server's address, "
                "e.g. sparql:http://127.0.0.1:7878"
            )
        graph_store = graph_store or os.environ.get(GRAPH_STORE_ENV) or None
        if graph_store is not None and not _HTTP_URL.fullmatch(graph_store):
            raise StoreError(
                f"graph store '{_masked(graph_store)}': give the Graph Store Protocol endpoint's "
                "http(s) URL, e.g. http://127.0.0.1:3030/ds/data"
            )
        return RemoteStore(rest, graph_store=graph_store)
    raise StoreError(
        f"unknown store {spec!r}; use memory, oxigraph:PATH or sparql:URL "
        f"(from --store or ${STORE_ENV})"
    )
