"""Store backends behind one interface: rdflib in memory, pyoxigraph on disk, a remote endpoint."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Identifier, Node, Variable

from .constraints import _ox_term, _rdf_term
from .errors import AikgError, QueryError
from .loading import paused_gc
from .namespaces import PREFIXES
from .progress import track
from .queries import check_query, execute_query

__all__ = [
    "GRAPH_STORE_ENV",
    "STORE_ENV",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreError",
    "bind_text",
    "open_store",
    "values_clause",
]

#: The environment variable naming the store when ``--store`` is not given.
STORE_ENV = "AIKG_STORE"
#: The environment variable naming a remote store's Graph Store Protocol endpoint.
GRAPH_STORE_ENV = "AIKG_GRAPH_STORE"
#: Seconds a remote endpoint may take to answer.
REMOTE_TIMEOUT = 60.0


class StoreError(AikgError):
    """A store spec that cannot be used, or a store that cannot be reached."""


class Store(ABC):
    """Where the graph lives: every command queries and fills it through this interface."""

    @abstractmethod
    def query(self, text: str, *, bindings: Mapping[str, Identifier] | None = None) -> Result:
        """Run a read-only query; the result has the shape of :func:`execute_query`'s.

        Raises:
            QueryError: the query is refused (update, LOAD, SERVICE), malformed or failed.
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
        """Every triple of the store as an rdflib Graph (views and analytics run on it).

        Raises:
            StoreError: the store cannot be read.
        """

    def names(self) -> Graph:
        """What resolving an entity or source parameter (:func:`graph.queries.bind_params`)
        reads, without fetching everything: each entity's ``ai:Entity`` type, labels and
        aliases, and each source's ``ai:Source`` type.

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


class MemoryStore(Store):
    """rdflib in memory (the default): the graph built from the data.

    >>> MemoryStore(Graph()).is_empty()
    True
    """

    def __init__(self, g: Graph | None = None) -> None:
        self._g = g if g is not None else Graph()

    def query(self, text: str, *, bindings: Mapping[str, Identifier] | None = None) -> Result:
        return execute_query(self._g, text, bindings=bindings)

    def load(self, staged: ox.Store) -> int:
        self._g = _as_graph(staged)
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
    r"""|(?P<where>(?<![?$\w:])WHERE\b)|(?P<open>\{)|(?P<close>\})""",
    re.IGNORECASE,
)


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
def _kind(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, once the text passed :func:`check_query`
    (cached: rdflib's parser takes milliseconds, pyoxigraph then runs the text itself).

    Raises:
        QueryError: see :func:`check_query`.
    """
    name = check_query(text).algebra.name
    return {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}.get(
        name, "DESCRIBE"
    )


def _prefixed(text: str) -> str:
    """The query with the project's prefixes declared first (a query may redeclare them)."""
    declared = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    return declared + text


def _rdf_triple(triple: ox.Triple | ox.Quad) -> tuple[Node, Node, Node]:
    return (
        _rdf_term(triple.subject),
        _rdf_term(triple.predicate),
        _rdf_term(triple.object),
    )  # type: ignore[return-value]


def _prefixed_graph() -> Graph:
    """An empty Graph with the project's prefixes bound, as the build binds them (so an
    export from a store writes ``ai:amount``, not ``ns1:amount``)."""
    out = Graph()
    for prefix, iri in PREFIXES.items():
        out.bind(prefix, iri, replace=True)
    return out


def _as_graph(store: ox.Store) -> Graph:
    """The default graph of a pyoxigraph store as an rdflib Graph."""
    out = _prefixed_graph()
    add = out.store.add  # Graph.add without its per-triple checks: the terms are well formed
    with paused_gc():
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            add(_rdf_triple(quad), out, quoted=False)
    return out


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
    """Put ``fresh`` where ``folder`` is and delete the old one (renames on one file system)."""
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    try:
        os.replace(folder, old / folder.name)
        try:
            os.replace(fresh, folder)
        except OSError:
            os.replace(old / folder.name, folder)  # put the previous store back
            raise
    finally:
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

    def query(self, text: str, *, bindings: Mapping[str, Identifier] | None = None) -> Result:
        kind = _kind(text)  # refuses updates, LOAD and SERVICE first
        # Bound as a VALUES block: pyoxigraph's substitutions require the variable projected.
        sent = bind_text(text, bindings or {})
        try:
            answer = self._store.query(sent, prefixes=dict(PREFIXES))
        except (SyntaxError, ValueError, OSError, RuntimeError) as err:
            raise QueryError(f"the query failed: {err}") from None
        result = Result(kind)
        # Equal terms recur across rows (labels, statuses, dates): convert each once.
        seen: dict[object, Identifier] = {}

        def convert(term: object) -> Identifier:
            known = seen.get(term)
            if known is None:
                known = seen[term] = _rdf_term(term)  # type: ignore[assignment]
            return known  # type: ignore[return-value]

        if isinstance(answer, ox.QuerySolutions):
            variables = [Variable(v.value) for v in answer.variables]
            result.vars = variables
            result.bindings = [
                {v: convert(t) for v, t in zip(variables, row, strict=True) if t is not None}
                for row in answer
            ]
        elif isinstance(answer, ox.QueryBoolean):
            result.askAnswer = bool(answer)
        else:
            out = Graph()
            for triple in answer:
                s, p, o = triple.subject, triple.predicate, triple.object
                out.add((convert(s), convert(p), convert(o)))
            result.graph = out
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
        self, url: str, *, method: str, body: bytes | None, content_type: str, accept: str
    ) -> bytes:
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        login = self._logins.get(urllib.parse.urlsplit(url).netloc)
        if login is not None:
            request.add_unredirected_header("Authorization", login)
        try:
            with urllib.request.urlopen(request, timeout=REMOTE_TIMEOUT) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"{url} answered {err.code} {err.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
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

    def query(self, text: str, *, bindings: Mapping[str, Identifier] | None = None) -> Result:
        kind = _kind(text)  # refuses updates, LOAD and SERVICE first
        sent = _prefixed(bind_text(text, bindings or {}))
        graph_kind = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph_kind else "application/sparql-results+json"
        body = self._request(
            self.endpoint,
            method="POST",
            body=sent.encode("utf-8"),
            content_type="application/sparql-query",
            accept=accept,
        )
        result = Result(kind)
        if graph_kind:
            out = Graph()
            out.parse(data=body.decode("utf-8"), format="nt")
            result.graph = out
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
        result.bindings = [
            {Variable(n): _json_term(cell) for n, cell in row.items()}
            for row in payload.get("results", {}).get("bindings", [])
        ]
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
        out = _prefixed_graph()
        with paused_gc():
            out.parse(data=body.decode("utf-8"), format="nt")
        return out

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


def _internal_query(name: str) -> str:
    """The text of ``graph/sparql/NAME.rq``, a query the package itself runs."""
    return (Path(__file__).parent / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


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
    if datatype and datatype != str(XSD.string):
        return Literal(value, datatype=URIRef(datatype))
    return Literal(value)


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
