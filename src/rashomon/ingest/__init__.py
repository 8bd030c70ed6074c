"""Ingest: read article files (text, Markdown, HTML, JSON, JSONL) into :class:`Article` objects.

``read_paths`` never raises for bad input: every file that yields no article is listed
in ``IngestResult.skipped`` with a reason, and files read with a caveat (a fallback
encoding, a fallback HTML extractor) are listed in ``IngestResult.notices``.

Each article's ``text`` is normalised and stripped of page furniture (share buttons,
"Also Read" links, comment forms, date stamps); ``offset_anchors`` map it back to
``source_text``: the decoded file, or for HTML the text trafilatura extracted (mapping
further back into the raw markup is out of scope). When a headline known from
metadata is missing from the body, it is put in front of ``source_text`` as its own
paragraph so that it maps like any other line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from ..model import Article, IngestResult, Skipped
from .article import Meta, build_article
from .files import collect
from .formats import extract_html
from .normalize import normalize
from .readers import NO_HTML_TEXT, read_file

__all__ = ["normalize", "read_paths", "read_text"]


def read_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Callable[[int], None] | None = None,
) -> IngestResult:
    """Read files and folders (recursively, hidden entries ignored) into articles.

    Articles come in sorted path order, then by line within a JSONL file. An article
    whose normalised text repeats an earlier one is skipped as a duplicate.
    ``progress`` is called after each file with the number of files read so far.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # one path, not an iterable of characters
    found = collect(list(paths))
    result = IngestResult(articles=[], skipped=list(found.skipped))
    first_path: dict[str, str] = {}
    for done, f in enumerate(found.files, 1):
        outcome = read_file(f.path, f.fmt)
        result.skipped.extend(outcome.skipped)
        result.notices.extend(outcome.notices)
        for hit in outcome.found:
            article = hit.article
            if article.id in first_path:
                reason = f"duplicate of {first_path[article.id]}"
                result.skipped.append(Skipped(f.path, reason, hit.line))
            else:
                first_path[article.id] = article.path
                result.articles.append(article)
                result.notices.extend(Skipped(article.path, w) for w in hit.own_warnings)
        if progress is not None:
            progress(done)
    return result


def read_text(
    text: str,
    *,
    path: str = "<text>",
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    fmt: str = "txt",
) -> Article:
    """One article from text in memory (pasted text, or HTML with ``fmt="html"``).

    Metadata given here wins over anything found in the text. Raises ``ValueError``
    with the reason when the text holds no article ("empty file", "too short").
    """
    meta = Meta(title=title, outlet=outlet, published=published, url=url)
    warnings: list[str] = []
    source, blocks_per_line = text, False
    if fmt == "html":
        extracted = extract_html(text)
        if extracted is None:
            raise ValueError(NO_HTML_TEXT)
        source, blocks_per_line = extracted.text, True
        found = extracted.meta
        meta = Meta(
            title=title or found.title,
            outlet=outlet or found.outlet,
            published=published or found.published,
            url=url or found.url,
            host_outlet=found.host_outlet,
        )
        warnings.extend([extracted.warning] if extracted.warning else [])
    article = build_article(
        source,
        path=path,
        fmt=fmt if fmt in ("txt", "md", "html") else "txt",
        meta=meta,
        warnings=warnings,
        blocks_per_line=blocks_per_line,
    )
    if isinstance(article, str):
        raise ValueError("empty text" if article == "empty file" else article)
    return article
