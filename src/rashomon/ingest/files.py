"""Finding input files and turning their bytes into text, with a reason for every refusal."""

from __future__ import annotations

import codecs
import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import PurePath

from ..model import Skipped

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
MEGABYTE = 1024 * 1024  # as the web form counts them
MAX_BYTES = 20 * MEGABYTE
URL_REASON = "URLs are not fetched: download the page and pass the file"
_URL = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32)) + b"\x7f"
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]{2,30})""", re.I)


@dataclass(frozen=True)
class InputFile:
    path: str  # as the user would recognise it: the argument, joined with names found below it
    fmt: str


@dataclass
class Collected:
    files: list[InputFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def collect(paths: list[str | os.PathLike[str]]) -> Collected:
    """Expand folders, refuse what cannot be read; files come back sorted and unique."""
    out = Collected()
    for item in paths:
        path = os.fspath(item)
        looks_like_url = isinstance(item, str) and _URL.match(path.strip())
        # "www.example.com.html" may be a real file name; "https://..." never is.
        if looks_like_url and not (path.startswith("www.") and os.path.exists(path)):
            out.skipped.append(Skipped(path, URL_REASON))
            continue
        try:
            info = os.stat(path)
        except OSError as exc:
            out.skipped.append(Skipped(path, os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(path, [(info.st_dev, info.st_ino)], out)
        elif not stat.S_ISREG(info.st_mode):
            out.skipped.append(Skipped(path, "not a regular file"))
        elif (fmt := file_format(path)) is None:
            out.skipped.append(Skipped(path, "unsupported file type"))
        else:
            out.files.append(InputFile(path, fmt))
    unique: dict[str, InputFile] = {}
    for f in sorted(out.files, key=lambda f: PurePath(f.path).parts):
        unique.setdefault(os.path.realpath(f.path), f)
    out.files = list(unique.values())
    return out


def _walk(folder: str, stack: list[tuple[int, int]], out: Collected) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        out.skipped.append(Skipped(folder, os_reason(exc)))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
            if is_dir:
                info = entry.stat()
        except OSError as exc:
            out.skipped.append(Skipped(entry.path, os_reason(exc)))
            continue
        if is_dir:
            key = (info.st_dev, info.st_ino)
            if key in stack:
                out.skipped.append(Skipped(entry.path, "symlink loop"))
            else:
                _walk(entry.path, [*stack, key], out)
        elif (fmt := file_format(entry.name)) is not None:
            if entry.is_file():
                out.files.append(InputFile(entry.path, fmt))
            elif entry.is_symlink():
                out.skipped.append(Skipped(entry.path, _broken_link_reason(entry.path)))


def _broken_link_reason(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return os_reason(exc)
    return "not a regular file"


def file_format(path: str) -> str | None:
    return FORMATS.get(os.path.splitext(path)[1].lower())


def os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "symlink loop",
        errno.ENAMETOOLONG: "file name too long",
        errno.EISDIR: "is a directory",
    }
    return reasons.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def read_bytes(path: str) -> bytes | str:
    """The file's bytes, or why they cannot be used."""
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            return too_large(size)
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return os_reason(exc)
    if len(data) > MAX_BYTES:
        return too_large(None)  # it grew after stat, or stat gives no size (a pipe, /proc)
    if not data.strip():
        return "empty file"
    if looks_binary(data):
        return "binary file, not text"
    return data


def too_large(size: int | None) -> str:
    """Why a file is refused for its size, naming the limit.

    >>> too_large(23_400_000)
    'file too large: 22.4 MB, the limit is 20 MB'
    >>> too_large(MAX_BYTES + 1)
    'file too large: 20.1 MB, the limit is 20 MB'
    >>> too_large(None)
    'file too large: over 20 MB, the limit is 20 MB'
    """
    limit = f"{MAX_BYTES / MEGABYTE:g} MB"
    if size is None:
        return f"file too large: over {limit}, the limit is {limit}"
    # Rounded up, so that a file just over the limit never reads as "20.0 MB".
    shown = math.ceil(size * 10 / MEGABYTE) / 10
    return f"file too large: {shown:.1f} MB, the limit is {limit}"


# Memory the analysis of one article takes per character of its text, with a margin: the
# whole run (parser workers included) peaked at 1.3 GiB for 1.1 M characters of news and
# was at 2.8 GiB for 5.2 M, still growing; and the share of the machine one article may take.
BYTES_PER_CHAR = 600
MEMORY_SHARE = 0.75


def too_long(chars: int, memory: int | None = None) -> str | None:
    """Why a text is too long to analyse on this machine, or None if it is not.

    >>> too_long(1_100_000, memory=8 * 2**30) is None
    True
    >>> too_long(20_000_000, memory=8 * 2**30)
    'text too long: 20.0 M characters need about 11.2 GB of memory; this machine has 8.0 GB'
    """
    memory = machine_memory() if memory is None else memory
    need = chars * BYTES_PER_CHAR
    if memory is None or need <= memory * MEMORY_SHARE:
        return None
    return (
        f"text too long: {chars / 1e6:.1f} M characters need about {need / 2**30:.1f} GB "
        f"of memory; this machine has {memory / 2**30:.1f} GB"
    )


def machine_memory() -> int | None:
    """Bytes of memory this process may use: the machine's, or its container's if smaller."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None  # no sysconf (Windows): no limit is known
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(limit_file, encoding="ascii") as fh:
                limit = fh.read().strip()
        except OSError:
            continue
        if limit.isdigit():
            total = min(total, int(limit))  # "max" means no limit
    return total


def looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) * 0.05:
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the end of the sample is still text.
        if exc.start < len(sample) - 4:
            high = sum(b >= 0x80 for b in sample)
            return high > len(sample) * 0.3
    return False


def decode(data: bytes, *, html: bool = False) -> tuple[str, str | None]:
    """Text and, when it was not clean UTF-8, a notice saying how it was read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    declared = _declared_charset(data) if html else None
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared), None
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; decoded as latin-1"


def _declared_charset(data: bytes) -> str | None:
    m = _HTML_CHARSET.search(data[:4096])
    if m is None:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
