"""Atomic writes keep the old file whole and give new files the usual permissions; a write the
system refuses is one message naming the file and the reason, through every command."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from graph.rdf import write_atomic
from graph.rdf.files import WriteError

from .conftest import RunCli


def test_new_file_honours_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = write_atomic(tmp_path / "page.html", "<p>hi</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_text() == "<p>hi</p>"


def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("old\n")

    def crash(fd: int) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomic(target, b"new content")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


# --- a full, read-only or forbidden output folder: a message, exit 1, the old file kept ---------

REASONS = [
    (errno.ENOSPC, "no space left on device"),
    (errno.EROFS, "read-only file system"),
    (errno.EACCES, "permission denied"),
]


def refuse(code: int) -> Callable[..., None]:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def commands(data_dir: Path, out: Path) -> dict[str, tuple[list[str | Path], Path]]:
    """Each command that writes a file: its arguments, and the file it writes."""
    return {
        "build": (["build", "--data", data_dir, "--output", out / "graph.nt"], out / "graph.nt"),
        "export": (["export", "--data", data_dir, "-o", out / "graph.ttl"], out / "graph.ttl"),
        "network": (
            ["export", "--data", data_dir, "-f", "graphml", "-o", out / "g.graphml"],
            out / "g.graphml",
        ),
        "render": (["render", "--data", data_dir, "--out", out], out / "index.html"),
        "view": (
            ["view", "--data", data_dir, "--focus", "openai", "--output", out / "v.html"],
            out / "v.html",
        ),
        "queries": (["queries", "-o", out / "queries.md"], out / "queries.md"),
    }


COMMANDS = ["build", "export", "network", "render", "view", "queries"]


def assert_refused(result: Result, reason: str, target: Path) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    # The fixture folder is in the single-file layout: its note comes first.
    errors = "".join(
        line for line in result.stderr.splitlines(keepends=True) if not line.startswith("note: ")
    )
    assert errors.startswith("error: ") and errors.count("\n") == 1
    assert reason in result.stderr
    assert target.name in result.stderr or target.parent.name in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("code", "reason"), REASONS)
@pytest.mark.parametrize("step", ["replace", "fsync", "mkstemp"])
def test_a_failed_write_is_a_message_and_keeps_the_old_file(
    run_cli: RunCli,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    code: int,
    reason: str,
    step: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args, target = commands(data_dir, out)[command]
    target.write_bytes(b"old\n")
    where = {"replace": os, "fsync": os, "mkstemp": tempfile}[step]
    monkeypatch.setattr(where, step, refuse(code))
    result = run_cli(*args)
    assert_refused(result, reason, target)
    assert f"cannot write {target}" in result.stderr or command == "render"
    assert "is kept" in result.stderr or command == "render"  # its first page is new
    assert target.read_bytes() == b"old\n"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_output_folder_that_cannot_be_made(
    run_cli: RunCli, data_dir: Path, tmp_path: Path, command: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    args, _target = commands(data_dir, blocker / "out")[command]
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "a file is in the way" in result.stderr
    assert blocker.read_text() == "not a folder\n"


def writes_are_refused(folder: Path) -> bool:
    """Whether the system refuses writes in ``folder`` (not as root, who may write anyway)."""
    try:
        (folder / ".probe").write_text("x")
    except PermissionError:
        return True
    (folder / ".probe").unlink()
    return False


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_folder(
    run_cli: RunCli,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args, target = commands(data_dir, out)[command]
    target.write_bytes(b"old\n")
    out.chmod(0o555)
    try:
        if not writes_are_refused(out):  # root: the mode does not stop it; the system would
            monkeypatch.setattr(tempfile, "mkstemp", refuse(errno.EACCES))
        result = run_cli(*args)
    finally:
        out.chmod(0o755)
    assert_refused(result, "permission denied", target)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in out.iterdir()] == [target.name]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_a_message(data_dir: Path) -> None:
    aikg = Path(sys.executable).parent / "aikg"
    for args in (["export", "--data", data_dir], ["sparql", "--data", data_dir, "ASK {}"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [aikg, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60
            )
        assert done.returncode == 1, done.stderr
        errors = [line for line in done.stderr.splitlines() if not line.startswith("note: ")]
        assert errors == ["error: cannot write to standard output: no space left on device"]


def test_write_error_is_still_an_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", refuse(errno.ENOSPC))
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "x.txt", "x")
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert str(caught.value) == f"cannot write {tmp_path / 'x.txt'}: no space left on device"
