"""Writing output files atomically: a crash never leaves a truncated file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from graph.model.errors import AikgError, display_path

__all__ = ["WriteError", "os_reason", "write_atomic"]


class WriteError(AikgError, OSError):
    """An output file could not be written; the message names it and says why.

    Also an :class:`OSError` (with the ``errno`` of the failure), so callers that caught
    the operating system's error still do.
    """

    def __init__(self, message: str, code: int | None) -> None:
        OSError.__init__(self, code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def os_reason(err: OSError) -> str:
    """What went wrong, in words: ``no space left on device``, ``read-only file system``...

    >>> os_reason(OSError(errno.ENOSPC, "No space left on device"))
    'no space left on device'
    >>> os_reason(OSError("disk on fire"))
    'disk on fire'
    """
    if err.errno is not None:
        text = err.strerror or os.strerror(err.errno)
    else:
        text = " ".join(str(a) for a in err.args) or type(err).__name__
    return text[:1].lower() + text[1:]


def _write_error(path: Path, err: OSError, *, folder: Path | None = None) -> WriteError:
    where = display_path(path)
    if folder is not None:
        in_the_way = err.errno in (errno.EEXIST, errno.ENOTDIR)
        reason = "a file is in the way (it or a folder above it is a file)" if in_the_way else None
        message = (
            f"cannot create the folder {display_path(folder)} for {where}: "
            f"{reason or os_reason(err)}"
        )
    else:
        message = f"cannot write {where}: {os_reason(err)}"
    try:
        kept = path.is_file()
    except OSError:
        kept = False
    if kept:
        message += f" (the previous {path.name} is kept)"
    return WriteError(message, err.errno)


def write_atomic(path: Path | str, content: bytes | str) -> Path:
    """Write ``content`` to ``path`` through a temporary file, fsync and rename.

    The old file, if any, stays whole until the new one is complete.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "x.txt"
    >>> write_atomic(target, "hello").read_text()
    'hello'

    Raises:
        WriteError: the folder cannot be made or the file cannot be written (a full disk,
            a read-only file system, no permission); the message names the path and the
            reason, and the old file is kept.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _write_error(path, err, folder=path.parent) from None
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise _write_error(path, err) from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, err) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    """The process's umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
