"""Escaping for report.html: every piece of data goes through :func:`e`; ids through :func:`aid`."""

from __future__ import annotations

import html
import re
from typing import Any


def e(value: Any) -> str:
    """Escape anything for a text node or a quoted attribute."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]")


def aid(value: str) -> str:
    """An id (and fragment) safe anywhere: letters, digits, ``_ . -``."""
    return _ID_BAD.sub("_", str(value)) or "_"


def short(text: str | None, n: int) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"
