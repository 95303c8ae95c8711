"""The two sides of a diff: a data folder as it is, or a folder as a git revision holds it.

A revision is read with git itself (``git ls-tree`` and ``git cat-file``, never the
network) into a temporary folder, so that the project's own reader reads it whatever
layout it accepts.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from graph.model.errors import AikgError, display_path

__all__ = ["DEFAULT_DATA_PATH", "Side", "git_toplevel", "resolve_side", "working_folder"]

#: Where the data folder lies in the repository, unless ``--path`` says otherwise.
DEFAULT_DATA_PATH = "data"

# No lazy fetch of a partial clone's missing objects, no transport at all, no prompt.
_GIT_ENV = {"GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"}
_GIT_CONFIG = ("-c", "protocol.allow=never")


@dataclass(frozen=True)
class Side:
    """One side of a diff: what the user wrote, how outputs name it, and its data folder.

    ``revision`` is the full commit id of a side read from git, ``prefix`` what its files
    are called in messages (``HEAD~1:data/``) instead of the temporary folder holding them.
    """

    spec: str
    label: str
    folder: Path
    revision: str | None = None
    prefix: str | None = None

    def where(self, text: str) -> str:
        """``text`` (a message naming files) with the temporary folder named as git does.

        >>> side = Side("v1", "v1", Path("/tmp/x/data"), "0" * 40, "v1:data/")
        >>> side.where("/tmp/x/data/facts.csv:3: start: not a date")
        'v1:data/facts.csv:3: start: not a date'
        """
        if self.prefix is None:
            return text
        for form in {str(self.folder.resolve()), str(self.folder), display_path(self.folder)}:
            text = text.replace(form + "/", self.prefix).replace(form, self.prefix.rstrip("/"))
        return text


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *_GIT_CONFIG, "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            env={**os.environ, **_GIT_ENV},
            check=False,
        )
    except FileNotFoundError:
        raise AikgError("git is not installed: a revision cannot be read") from None


def git_toplevel(repo: Path) -> Path | None:
    """The top folder of the git checkout ``repo`` lies in, or None outside one."""
    if not repo.is_dir():
        return None
    done = _git(repo, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8").strip())


def working_folder(repo: Path, data_path: str, fallback: Path) -> Path:
    """The data folder as it is now: ``data_path`` in the checkout, else ``fallback``."""
    top = git_toplevel(repo)
    if top is not None and (top / _clean_path(data_path)).is_dir():
        return top / _clean_path(data_path)
    return fallback


def _clean_path(data_path: str) -> str:
    """A folder inside the repository, relative to its top, with ``/`` separators.

    >>> _clean_path("./data/")
    'data'
    """
    path = PurePosixPath(data_path.strip())
    if path.is_absolute() or ".." in path.parts:
        raise AikgError(
            f"{data_path!r}: a revision's data folder is a path inside the repository, "
            "relative to its top, e.g. data"
        )
    text = str(path)
    return "" if text == "." else text


def resolve_side(spec: str, *, repo: Path, data_path: str, scratch: Path) -> Side:
    """The side ``spec`` names: an existing folder, or a revision (``REV`` or ``REV:PATH``)
    whose data folder is copied into ``scratch``.

    Raises:
        AikgError: neither a folder nor a revision, outside a git checkout, an unknown
            revision, or a revision without the data folder.
    """
    as_folder = Path(spec)
    if as_folder.is_dir():
        return Side(spec, display_path(as_folder), as_folder)
    rev, sep, inside = spec.partition(":")
    path = _clean_path(inside if sep else data_path)
    if not rev or rev.startswith("-") or any(c.isspace() for c in rev):
        raise AikgError(f"{spec!r} is neither a data folder nor a git revision")
    top = git_toplevel(repo)
    if top is None:
        raise AikgError(
            f"{spec!r} is not a data folder, and {display_path(repo)} is not in a git "
            "checkout, so it cannot be read as a revision (give --repo, or two folders)"
        )
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise AikgError(
            f"unknown revision {rev!r} in the git repository {top} "
            f"(nor is {spec!r} a data folder); try a branch, a tag, a commit or HEAD~N"
        )
    commit = done.stdout.decode("ascii").strip()
    target = scratch / commit
    _extract(top, commit, path, target)
    folder = target / path if path else target
    if not folder.is_dir():
        raise AikgError(f"revision {rev!r} ({commit[:10]}) has no folder {path or '.'!r}")
    prefix = f"{rev}:{path}/" if path else f"{rev}:"
    return Side(spec, f"{rev} ({commit[:10]})", folder, commit, prefix)


def _extract(top: Path, commit: str, path: str, target: Path) -> None:
    """Write the files of ``path`` at ``commit`` below ``target`` (symlinks and submodules
    are left out)."""
    pathspec = ["--", path] if path else []
    listed = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, *pathspec)
    if listed.returncode != 0:
        message = listed.stderr.decode("utf-8", "replace").strip()
        raise AikgError(f"git cannot list {commit[:10]}:{path}: {message}")
    blobs: list[tuple[str, PurePosixPath]] = []
    for entry in listed.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _tab, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split(" ")
        file = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        if kind != "blob" or mode == "120000" or file.is_absolute() or ".." in file.parts:
            continue
        blobs.append((oid, file))
    if not blobs:
        return
    batch = _git(top, "cat-file", "--batch", stdin=b"".join(f"{o}\n".encode() for o, _ in blobs))
    if batch.returncode != 0:
        raise AikgError(f"git cannot read {commit[:10]}: {batch.stderr.decode().strip()}")
    out, at = batch.stdout, 0
    for oid, file in blobs:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].decode("ascii").split(" ")
        if header[0] != oid or len(header) != 3:
            raise AikgError(f"git answered {header!r} for {file} at {commit[:10]}")
        size = int(header[2])
        content = out[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
        dest = target.joinpath(*file.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(content)
