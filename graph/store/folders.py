"""The work folders beside a store folder: each named for the process that made it, swept
once that process is gone, and the folder swap that a reader never sees half done."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

__all__ = [
    "SWAP_WAIT_SECONDS",
    "deferred_interrupts",
    "moved_aside",
    "owner_alive",
    "recover_folders",
    "swap_folders",
    "swapping_owner",
    "wait_for_swap",
    "work_folder",
]


#: How long a reader waits for a store folder that another process is swapping in.
SWAP_WAIT_SECONDS = 5.0


#: The part of a work folder's name after ``.NAME.KIND-``: its process and a random tail.
_OWNED = re.compile(r"(?P<pid>\d+)-[^/]*")


def work_folder(folder: Path, kind: str) -> Path:
    """A new, empty ``.NAME.KIND-PID-…`` folder beside ``folder`` (``PID``: this process).

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> work_folder(base / "store", "loading").name.startswith(f".store.loading-{os.getpid()}-")
    True
    """
    return Path(tempfile.mkdtemp(prefix=f".{folder.name}.{kind}-{os.getpid()}-", dir=folder.parent))


def owner_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (this one does; another user's counts as running).

    >>> owner_alive(os.getpid())
    True
    """
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def _work_folders(folder: Path, kind: str) -> Iterator[tuple[Path, int | None]]:
    """The ``.NAME.KIND-…`` folders beside ``folder``, with their process when named."""
    prefix = f".{folder.name}.{kind}-"
    try:
        entries = list(folder.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
            owned = _OWNED.fullmatch(entry.name[len(prefix) :])
            yield entry, int(owned["pid"]) if owned else None


def swapping_owner(folder: Path) -> int | None:
    """The live process (not this one) swapping a new store into ``folder``, its old one
    moved aside, or None."""
    for old, pid in _work_folders(folder, "old"):
        if pid not in (None, os.getpid()) and owner_alive(pid) and (old / folder.name).is_dir():
            return pid
    return None


def moved_aside(folder: Path) -> Path | None:
    """A previous store of ``folder`` that a load moved aside and could not put back."""
    for old, _pid in _work_folders(folder, "old"):
        if (old / folder.name).is_dir():
            return old / folder.name
    return None


def recover_folders(folder: Path) -> list[str]:
    """Clean up after loads whose process is gone; what was done, one line each.

    A ``.NAME.loading-PID-…`` folder of a dead process is deleted. A ``.NAME.old-PID-…``
    folder holds the previous store while a swap runs: if the process died between the
    two renames, so that ``folder`` is missing, the previous store is put back; if the new
    store is in place, the previous one is deleted. Folders of live processes, and those
    named without a process (by an older aikg), are left alone.
    """
    done: list[str] = []
    for work, pid in _work_folders(folder, "old"):
        if pid is None or owner_alive(pid):
            continue
        aside = work / folder.name
        if aside.is_dir() and not folder.exists():
            os.replace(aside, folder)
            done.append(f"put back the store {folder} that process {pid} had moved aside")
        shutil.rmtree(work, ignore_errors=True)
    for work, pid in _work_folders(folder, "loading"):
        if pid is not None and not owner_alive(pid):
            shutil.rmtree(work, ignore_errors=True)
            done.append(f"removed {work.name}, left by process {pid}")
    return done


def wait_for_swap(folder: Path) -> int | None:
    """Wait (at most :data:`SWAP_WAIT_SECONDS`) while a live process swaps ``folder``; the
    process still swapping then, or None once the folder is back."""
    deadline = time.monotonic() + SWAP_WAIT_SECONDS
    while (owner := swapping_owner(folder)) is not None and not folder.exists():
        if time.monotonic() > deadline:
            return owner
        time.sleep(0.02)
    return None


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block ends, then act on them: the block runs
    whole (in the main thread; elsewhere no handler can be set and nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    previous = {int(s): signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in received[:1]:  # the first one decides, as it would have
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(number)


def swap_folders(fresh: Path, folder: Path) -> None:
    """Put ``fresh`` where ``folder`` is and delete the old one (renames on one file system).

    The two renames run with interrupts held back (:func:`deferred_interrupts`), and the old
    store waits in a ``.NAME.old-PID-…`` folder meanwhile: a reader that finds ``folder``
    missing then waits instead of making an empty store, and if the process is killed
    between the renames, :func:`recover_folders` puts the old store back. The previous
    store is deleted only once the new one is in place: if putting it back fails too, it
    stays in the ``.NAME.old-…`` folder that the error names.
    """
    old = work_folder(folder, "old")
    aside = old / folder.name
    swapped = False
    try:
        with deferred_interrupts():
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
            swapped = True
    finally:  # an interrupt held back is raised as the block ends: the old store goes first
        if swapped:
            shutil.rmtree(old, ignore_errors=True)
