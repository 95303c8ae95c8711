"""A persistent pyoxigraph store in a folder, loaded all or nothing."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from pathlib import Path

import pyoxigraph as ox

from graph.rdf.progress import track
from graph.store.base import StoreError
from graph.store.engine import OxigraphEngine
from graph.store.folders import (
    moved_aside,
    recover_folders,
    swap_folders,
    wait_for_swap,
    work_folder,
)

__all__ = ["OxigraphStore"]


_log = logging.getLogger(__name__)


#: One handle per store folder in this process: the folder is locked while open.
_OPEN_STORES: dict[str, ox.Store] = {}


def _open_folder(path: Path) -> ox.Store:
    """A pyoxigraph handle on the store in ``path`` (made when missing), once what an
    interrupted load left beside it is cleaned up (:func:`recover_folders`).

    Raises:
        StoreError: ``path`` holds files but no store, another process has it open, or
            another process is swapping a new store into it and does not finish.
    """
    for done in recover_folders(path):
        _log.warning("aikg: %s", done)
    if not path.exists():
        if (owner := wait_for_swap(path)) is not None:
            raise StoreError(
                f"the oxigraph store {path} is being replaced by process {owner} "
                "(aikg load): try again once it is done"
            )
        if not path.exists() and (aside := moved_aside(path)) is not None:
            # never an empty store in the place of one that a load could not put back
            raise StoreError(
                f"the oxigraph store {path} is missing, and a load left its previous content "
                f"in {aside}: move that folder back to {path}"
            )
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


class OxigraphStore(OxigraphEngine):
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
        """This process's handle on the folder (a load replaces it; opened again when a
        failed load could not).

        Raises:
            StoreError: the folder cannot be opened (see :func:`_open_folder`).
        """
        if self._key not in _OPEN_STORES:
            _OPEN_STORES[self._key] = _open_folder(Path(self._key))
        return _OPEN_STORES[self._key]

    def load(self, staged: ox.Store) -> int:
        folder = Path(self._key)
        fresh = work_folder(folder, "loading")
        failure = None
        try:
            os.chmod(fresh, stat.S_IMODE(folder.stat().st_mode))
            count = _fill_folder(fresh, staged)
            _OPEN_STORES.pop(self._key, None)  # closes this process's handle on the old store
            swap_folders(fresh, folder)
        except BaseException as err:  # Ctrl-C and SIGTERM too: no work folder left behind
            shutil.rmtree(fresh, ignore_errors=True)
            if not isinstance(err, OSError):
                raise
            failure = f"cannot write the oxigraph store {self.path}: {err}"
        # The folder is opened again when next read (:attr:`_store`), not now: a process
        # that only loads never locks the new store, which readers may open at once.
        if failure is not None:
            raise StoreError(failure)
        return count

    def describe(self) -> str:
        return f"oxigraph:{self.path}"
