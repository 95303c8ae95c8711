"""A persistent pyoxigraph store in a folder, loaded all or nothing."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pyoxigraph as ox

from graph.rdf.progress import track
from graph.store.base import StoreError
from graph.store.engine import OxigraphEngine

__all__ = ["OxigraphStore"]


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
        """This process's handle on the folder (a load replaces it)."""
        return _OPEN_STORES[self._key]

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

    def describe(self) -> str:
        return f"oxigraph:{self.path}"
