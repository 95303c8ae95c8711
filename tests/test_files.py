"""Atomic writes keep the old file whole and give new files the usual permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from graph.rdf import write_atomic


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
