"""Container formats: the main text and metadata inside HTML pages and JSON records."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .article import Meta
from .dates import metadata_date
from .html_text import plain_text

TEXT_KEYS = ("text", "body", "content", "articleBody", "maintext")
TITLE_KEYS = ("title", "headline")
OUTLET_KEYS = ("outlet", "source", "site", "publisher", "sitename", "site_name")
DATE_KEYS = ("published", "date", "published_at", "datePublished", "publishedAt", "date_publish")
URL_KEYS = ("url", "link")
_WRAPPER_KEYS = ("articles", "items", "data", "results", "records")
_TAG_STRIP_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
_META_TAG = re.compile(r"<meta\b[^>]{0,600}>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_PUBLISHED_META = frozenset(
    ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate")
)


@dataclass
class Extracted:
    text: str
    meta: Meta
    warning: str | None = None


@dataclass
class Record:
    """One JSON object's worth of article, or why it has none."""

    number: int  # 1-based line (JSONL) or item (JSON list); 0 for a lone JSON object
    text: str | None = None
    meta: Meta | None = None
    problem: str | None = None


def extract_html(html: str) -> Extracted | None:
    """Main text and metadata of a page; ``source_text`` is trafilatura's text, not markup."""
    doc = _trafilatura(html)
    meta = Meta()
    text = ""
    if doc is not None:
        text = (doc.text or "").strip()
        date = doc.date
        if isinstance(date, str) and date.endswith("T00:00"):
            # Our output format always prints a time; midnight here means "no time given".
            # (htmldate reads a date-only URL first; the page's meta tag may have the time.)
            date = _published_meta_time(html, date[:10]) or date[:10]
        meta = Meta(
            title=doc.title,
            outlet=(doc.sitename or "").lstrip("@") or None,
            published=date,
            url=doc.url,
            host_outlet=doc.hostname,
        )
    if text:
        return Extracted(text, meta)
    for fallback, used in FALLBACKS:
        fallback_title, text = fallback(html)
        if text:
            meta.title = meta.title or fallback_title
            return Extracted(text, meta, f"main text not found by trafilatura; used {used}")
    return None


def _published_meta_time(html: str, day: str) -> str | None:
    """The publication date and time from the page's meta tags, if it falls on ``day``."""
    for tag in _META_TAG.finditer(html[:200_000]):
        attrs = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTR.finditer(tag.group())}
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        if key.lower() in _PUBLISHED_META and attrs.get("content"):
            found = metadata_date(attrs["content"])
            if found and found.startswith(day + "T"):
                return found
    return None


def _trafilatura(html: str) -> Any:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params={
                "original_date": True,
                # Dates guessed from the page text are read by our own, stricter rules.
                "extensive_search": False,
                "outputformat": "%Y-%m-%dT%H:%M",
                "max_date": datetime.now().strftime("%Y-%m-%d"),
            },
        )
    except Exception:  # an extractor bug on one odd page must not stop the whole run
        return None


def _paragraph_text(html: str) -> tuple[str | None, str]:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None, ""  # the plain-text reader, which needs no tree, takes it
    for tag in _TAG_STRIP_DROP:
        for el in root.iter(tag):
            el.drop_tree()
    title = root.findtext(".//title") or root.findtext(".//h1")
    blocks = [el.text_content().strip() for el in root.iter("h1", "h2", "p", "li", "blockquote")]
    return (title.strip() if title else None), "\n\n".join(b for b in blocks if b)


# When trafilatura finds no main text: the page's paragraphs, else all of its visible text
# (lxml, like trafilatura, stops below 256 levels of nesting; the plain-text reader has no
# tree to stop it).
FALLBACKS: tuple[tuple[Callable[[str], tuple[str | None, str]], str], ...] = (
    (_paragraph_text, "the page's <p> text"),
    (plain_text, "the page's plain text"),
)


def json_records(text: str, *, lines: bool) -> Iterator[Record]:
    if lines:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(number, problem=f"malformed JSON: {exc.msg} (column {exc.colno})")
                continue
            yield _record(number, value)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Record(exc.lineno, problem=f"malformed JSON: {exc.msg} (column {exc.colno})")
        return
    if isinstance(value, dict) and _text_of(value) is None:
        wrapped = next((value[k] for k in _WRAPPER_KEYS if isinstance(value.get(k), list)), None)
        value = wrapped if wrapped is not None else value
    if isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield _record(number, item)
    else:
        yield _record(0, value)


def _record(number: int, value: Any) -> Record:
    if not isinstance(value, dict):
        return Record(number, problem=f"not a JSON object but {type(value).__name__}")
    text = _text_of(value)
    if text is None:
        return Record(number, problem="no text field (text, body, content or articleBody)")
    if not text.strip():
        return Record(number, problem="empty text")
    meta = Meta(
        title=_first(value, TITLE_KEYS),
        outlet=_first(value, OUTLET_KEYS),
        published=_first(value, DATE_KEYS, allow_numbers=True),
        url=_first(value, URL_KEYS),
    )
    return Record(number, text=text, meta=meta)


def _text_of(obj: dict[str, Any]) -> str | None:
    for key in TEXT_KEYS:
        value = obj.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n\n".join(value)  # paragraphs given as a list
        if isinstance(value, str):
            return value
    return None


def _first(obj: dict[str, Any], keys: tuple[str, ...], *, allow_numbers: bool = False) -> Any:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, dict):  # {"@type": "Organization", "name": "..."}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
        if allow_numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    return None
