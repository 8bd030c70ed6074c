"""Reading one input file of any supported format into articles, skips and notices."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, Skipped
from .article import Meta, build_article
from .files import decode, read_bytes
from .formats import extract_html, json_records

NO_HTML_TEXT = "no article text found in the HTML"


@dataclass
class Found:
    article: Article
    line: int | None  # JSONL line, for a duplicate's Skipped entry
    file_notes: int  # how many of the article's warnings are about the whole file

    @property
    def own_warnings(self) -> list[str]:
        return self.article.warnings[self.file_notes :]


@dataclass
class FileOutcome:
    found: list[Found] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Skipped] = field(default_factory=list)  # about the whole file


def read_file(path: str, fmt: str) -> FileOutcome:
    out = FileOutcome()
    data = read_bytes(path)
    if isinstance(data, str):
        out.skipped.append(Skipped(path, data))
        return out
    text, notice = decode(data, html=fmt == "html")
    file_notes = [notice] if notice else []
    if fmt in ("json", "jsonl"):
        _read_json(path, text, fmt, file_notes, out)
    else:
        source, meta, per_line = text, Meta(), False
        if fmt == "html":
            extracted = extract_html(text)
            if extracted is None:
                out.skipped.append(Skipped(path, NO_HTML_TEXT))
                return out
            source, meta, per_line = extracted.text, extracted.meta, True
            file_notes += [extracted.warning] if extracted.warning else []
        article = build_article(
            source,
            path=path,
            fmt=fmt,
            meta=meta,
            warnings=list(file_notes),
            blocks_per_line=per_line,
        )
        _add(out, article, path, None, file_notes)
    # File-level caveats are reported once, even for a JSONL file of many articles.
    out.notices = [Skipped(path, note) for note in file_notes]
    return out


def _read_json(path: str, text: str, fmt: str, file_notes: list[str], out: FileOutcome) -> None:
    lines = fmt == "jsonl"
    for rec in json_records(text, lines=lines):
        malformed = rec.problem is not None and rec.problem.startswith("malformed")
        line = rec.number if lines or malformed else None
        item = f" (item {rec.number})" if not lines and rec.number and not malformed else ""
        if rec.text is None or rec.meta is None:
            out.skipped.append(Skipped(path, f"{rec.problem}{item}", line))
            continue
        art_path = (
            f"{path}:{rec.number}" if lines else f"{path}#{rec.number}" if rec.number else path
        )
        article = build_article(
            rec.text, path=art_path, fmt=fmt, meta=rec.meta, warnings=list(file_notes)
        )
        if isinstance(article, str):
            article = "empty text" if article == "empty file" else article
        _add(out, article, path, line, file_notes, suffix=item)


def _add(
    out: FileOutcome,
    article: Article | str,
    path: str,
    line: int | None,
    file_notes: list[str],
    *,
    suffix: str = "",
) -> None:
    if isinstance(article, str):
        out.skipped.append(Skipped(path, article + suffix, line))
        return
    out.found.append(Found(article, line, len(file_notes)))
