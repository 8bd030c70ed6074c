"""Atomic file writing: a temporary file beside the target, renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def publish(tmp: str, path: Path) -> None:
    """Rename a finished temporary file into place, readable as the user's umask allows.

    mkstemp creates files 0600; outputs are meant to be shared like any file the user writes.
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def atomic_write(path: Path, fill: Callable[[str], None]) -> None:
    """Create a temporary file beside ``path``, let ``fill(tmp_path)`` write it, rename it
    into place; on any error the temporary file is removed and nothing is published."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        fill(tmp)
        publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, newline: str | None = None) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path`` and rename it into place."""

    def fill(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)

    atomic_write(path, fill)
