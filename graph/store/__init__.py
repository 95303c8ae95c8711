"""Where the graph lives: one interface, one module per backend (memory, oxigraph, remote)."""

from graph.store.base import Store, StoreError, StoreTimeout
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore
from graph.store.registry import open_store
from graph.store.remote import RemoteStore
from graph.store.stats import compute_stats

__all__ = [
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreTimeout",
    "compute_stats",
    "open_store",
]
