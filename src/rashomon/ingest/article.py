"""Turn one decoded text (plus whatever metadata came with it) into an :class:`Article`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from ..model import Article
from . import furniture as fur
from .dates import DateHit, date_line, dateline, metadata_date
from .files import too_long
from .mapped import MappedText, line_spans
from .normalize import normalize_mapped, split_paragraphs_on_newlines, tidy_blank_lines

MIN_CHARS = 20
DATELINE_LINES = 4  # a wire dateline opens one of the first story lines (headline, byline ...)
MAX_TITLE = 200
_MD_HEADING = re.compile(r"^#{1,6}[ ]+", re.MULTILINE)
_DATE_PRIORITY = ("published", "bare", "dateline", "updated")
_QUOTES = "\"'\u2018\u2019\u201c\u201d()[]"
# A full stop after a lower-case word, then a capital: a second sentence ("U.S. to" is not).
_SENTENCE_BREAK = re.compile(r"[a-z0-9][.!?][\"'\u2019\u201d)]?\s+[\"'\u2018\u201c]?[A-Z]")
_LEAD_START = re.compile(
    r"(?:the|a|an|it|its|this|that|these|those|there|he|she|they|we|i|you|his|her|their|our"
    r"|in|on|at|when|after|before|while|as|for|if|since|during|according)\b",
    re.IGNORECASE,
)
# Past tense and copulas: headline style drops them ("Taliban take valley").
_LEAD_VERB = re.compile(r"\b(?:said|told|is|was|were|had|has been)\b")


@dataclass
class Meta:
    """What a container format (JSON fields, HTML meta tags) said about the article."""

    title: str | None = None
    outlet: str | None = None
    published: Any = None
    url: str | None = None
    host_outlet: str | None = None  # a site host that stands in when nothing better is known


@dataclass
class _Scan:
    drop: list[tuple[int, int]] = field(default_factory=list)
    dates: list[DateHit] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)  # evidence kind -> name


def build_article(
    source: str,
    *,
    path: str,
    fmt: str,
    meta: Meta,
    warnings: list[str],
    blocks_per_line: bool = False,
) -> Article | str:
    """The article, or the reason there is none ("empty file", "too short", "text too long")."""
    title = _one_line(meta.title)
    mt = _prepare(source, fmt, blocks_per_line)
    above_title = 0
    if title:
        found = _find_title_line(mt.text, title)
        if found is None:
            # The headline is analysed as a sentence, so it must be in the text.
            source = f"{title}\n\n{source}"
            mt = _prepare(source, fmt, blocks_per_line)
        else:
            title, above_title = found
    if not mt.text:
        return "empty file"
    scan = _scan(mt.text, has_title=title is not None)
    # Kickers, section names and breadcrumbs sit above a known headline.
    scan.drop.append((0, above_title))
    mt = tidy_blank_lines(mt.delete(scan.drop))
    if len(mt.text) < MIN_CHARS:
        return "too short"
    if (reason := too_long(len(mt.text))) is not None:
        return reason  # refused here, not half-way through the analysis by the OOM killer
    if title is None and fmt in ("txt", "md"):
        title = detect_title(mt.text)
    published, published_from = _published(meta.published, scan.dates, warnings)
    return Article(
        id="a" + hashlib.sha1(mt.text.encode("utf-8")).hexdigest()[:10],
        path=path,
        text=mt.text,
        source_text=source,
        title=title,
        outlet=_outlet(meta, scan),
        published=published,
        published_from=published_from,
        url=meta.url,
        format=fmt,
        offset_anchors=mt.anchors,
        warnings=warnings,
    )


def detect_title(text: str) -> str | None:
    """The first line, if it reads as a headline rather than as the opening paragraph."""
    line, _, rest = text.partition("\n")
    if not rest.strip() or len(line) > MAX_TITLE or not any(c.isalpha() for c in line):
        return None
    if line[-1] in ".:;,":
        # Some sources end headlines with a full stop. A short opening paragraph differs from
        # such a headline by its past-tense "said", its articles and pronouns, its length.
        if not (line.endswith(".") and rest.startswith("\n")) or _LEAD_VERB.search(line):
            return None
        terse = (
            len(line) <= 100 and not _SENTENCE_BREAK.search(line) and not _LEAD_START.match(line)
        )
        if not (terse or _title_case(line)):
            return None
    return line


def _title_case(line: str) -> bool:
    words = [w.strip(_QUOTES) for w in line.split()]
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def _prepare(source: str, fmt: str, blocks_per_line: bool) -> MappedText:
    mt = normalize_mapped(source)
    if blocks_per_line:
        mt = split_paragraphs_on_newlines(mt)
    if fmt == "md":
        mt = mt.sub(_MD_HEADING, "")
    return mt


def _scan(text: str, *, has_title: bool) -> _Scan:
    scan = _Scan()
    lines, tail = _cut_comments(text, [(s, e) for s, e in line_spans(text) if e > s], scan)
    header_end = 0 if has_title else _header_block(text, lines, scan)
    story_lines = 0
    in_link_list = False
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        hit = date_line(line)
        if e <= header_end:
            if hit is not None:
                scan.dates.append(hit)
            continue
        if in_link_list and fur.is_link_line(line):
            scan.drop.append((s, e + 1))
            continue
        in_link_list = fur.is_links_heading(line)
        name = None if hit else _outlet_evidence(line, near_end=i >= len(lines) - 5, scan=scan)
        if hit is not None:
            scan.dates.append(hit)
        if in_link_list or hit or name or fur.is_furniture(line) or fur.is_comments_marker(line):
            scan.drop.append((s, e + 1))
            continue
        if story_lines < DATELINE_LINES and (wire := dateline(line)) is not None:
            if wire.date is not None:
                scan.dates.append(wire.date)
            if wire.agency is not None:
                scan.outlets.setdefault("dateline", wire.agency)
            if wire.whole_line(line):
                scan.drop.append((s, e + 1))  # furniture, not a sentence
                continue
            scan.drop.append((s, s + wire.end))  # the story after it stays
        story_lines += 1
    # A copyright line under the comment form still names the site.
    for s, e in tail:
        _outlet_evidence(text[s:e], near_end=True, scan=scan)
    return scan


def _cut_comments(
    text: str, lines: list[tuple[int, int]], scan: _Scan
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Drop a comment section at the end of the text; return the lines above and below its start."""
    for i, (s, e) in enumerate(lines):
        tail = len(text) - s
        near_end = tail <= min(fur.TAIL_MAX_CHARS, fur.TAIL_MAX_SHARE * len(text))
        if near_end and fur.is_comments_marker(text[s:e]):
            scan.drop.append((s, len(text)))
            return lines[:i], lines[i + 1 :]
    return lines, []


def _outlet_evidence(line: str, *, near_end: bool, scan: _Scan) -> str | None:
    """A copyright or self-description line naming the site (always dropped, used near the end)."""
    name = fur.copyright_outlet(line)
    if name is not None:
        if near_end:
            scan.outlets.setdefault("copyright", name)
        return name
    name = fur.self_description_outlet(line) if near_end else None
    if name is not None:
        scan.outlets.setdefault("self", name)
    return name


def _header_block(text: str, lines: list[tuple[int, int]], scan: _Scan) -> int:
    """Drop a site header (brand, menu lines) above the headline; return where it ends."""
    window: list[str] = []
    for s, e in lines[:15]:
        if e - s > 80:
            break
        window.append(text[s:e])
    menus = [i for i, line in enumerate(window) if fur.is_menu(line)]
    if not menus:
        return 0
    last = menus[-1]
    after = [text[s:e] for s, e in lines[last + 1 :]]
    after = [line for line in after if not fur.is_furniture(line) and date_line(line) is None]
    # Without a headline below it, the "header" may be the headline itself.
    if len(after) < 2 or detect_title("\n".join(after[:2])) is None:
        return 0
    first = last
    while first > 0 and fur.is_menu(window[first - 1]):
        first -= 1
    if first > 0 and (name := fur.brand_outlet(window[first - 1])):
        scan.outlets.setdefault("brand", name)
    end = lines[last][1]
    scan.drop.append((0, end + 1))
    return end


def _published(
    value: Any, hits: list[DateHit], warnings: list[str]
) -> tuple[str | None, str | None]:
    if value not in (None, ""):
        iso = metadata_date(value)
        if iso:
            return iso, "metadata"
        warnings.append(f"could not read the published date {str(value)[:60]!r}")
    for kind in _DATE_PRIORITY:
        for hit in hits:
            if hit.kind == kind and hit.iso:
                return hit.iso, "text"
    if any(h.kind == "dateline" for h in hits):
        warnings.append("the dateline gives no year; publication date left unset")
    return None, None


def _outlet(meta: Meta, scan: _Scan) -> str | None:
    named = _one_line(meta.outlet)
    if named:
        return named
    for kind in ("copyright", "self", "brand", "dateline"):
        if kind in scan.outlets:
            return scan.outlets[kind]
    return _one_line(meta.host_outlet) or url_host(meta.url)


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower()
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host)
    return host if "." in host else None


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(normalize_mapped(value).text.split())
    return value or None


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).casefold()


def _find_title_line(text: str, title: str) -> tuple[str, int] | None:
    """The line near the top that carries the given title (maybe worded a little differently).

    Returns the line as it stands in the text and where it starts.
    """
    want = _squash(title)
    for s, e in [(s, e) for s, e in line_spans(text)[:12] if e > s][:6]:
        line = text[s:e]
        have = _squash(line)
        if len(line) > MAX_TITLE:
            continue
        # "Headline | Site" in one place and "Headline" in the other, or a small rewording.
        if (
            have == want
            or (len(have) >= 15 and want.startswith(have))
            or (len(want) >= 15 and have.startswith(want) and len(have) <= len(want) + 40)
            or fuzz.ratio(have, want) >= 90
        ):
            return line, s
    return None
