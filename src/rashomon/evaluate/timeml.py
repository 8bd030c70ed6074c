"""Time expressions against TimeML: rashomon's dates scored on TIMEX3 gold (TempEval-3).

Each ``.tml`` file gives a document creation time (the ``DCT``, used as the publication date)
and its text with ``TIMEX3`` spans, each with a ``type`` (DATE, TIME, DURATION, SET) and a
normalised ``value`` ("1998-02-13", "1998-W07", "1999", "P1W", "PAST_REF").

Scored as TempEval-3 scores it:

* extraction: a system expression matches a gold one *strictly* when the spans are equal and
  *relaxed* when they overlap; precision, recall and F1 of each;
* value: of the relaxed matches, how many carry the gold value (``value_accuracy``), and the
  TempEval-3 value F1 (correct values over all system expressions / over all gold ones).

rashomon reads dates for a timeline: days, weeks, months, years, decades, and ranges such as
"the past 48 hours". It does not normalise durations ("five years": P5Y), sets ("every
week") or the vague references ("recently": PAST_REF), so the figures are given for all types
(comparable with TempEval-3 systems) and for DATE and TIME alone (what the timeline uses).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..extract import timex
from ..model import Article, TimeExpression

TIMELINE_TYPES = ("DATE", "TIME")


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TmlDocument:
    name: str
    text: str
    dct: str | None  # the creation date, YYYY-MM-DD
    corpus: str = ""  # TimeBank or AQUAINT, from MANIFEST.tsv
    timexes: list[GoldTimex] = field(default_factory=list)


def read_tml(path: Path, corpus: str = "") -> TmlDocument:
    """A TimeML file: its TEXT as plain text with the TIMEX3 spans in it, and its DCT."""
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = (t.get("value") or "")[:10] or None
            break
    body = root.find("TEXT")
    doc = TmlDocument(path.name, "", dct, corpus)
    if body is None:
        return doc
    pieces: list[str] = []
    pos = 0

    def emit(piece: str | None) -> None:
        nonlocal pos
        pieces.append(piece or "")
        pos += len(piece or "")

    def walk(el: ET.Element) -> None:
        start = pos
        emit(el.text)
        for child in el:
            walk(child)
            emit(child.tail)
        if el.tag == "TIMEX3":
            text = "".join(el.itertext())
            doc.timexes.append(GoldTimex(start, pos, el.get("type", ""), el.get("value", ""), text))

    walk(body)
    doc.text = "".join(pieces)
    return doc


def load(folder: Path) -> list[TmlDocument]:
    """Every ``.tml`` file of a folder, with its corpus from ``MANIFEST.tsv`` where present."""
    folder = Path(folder)
    files = sorted(folder.glob("*.tml"))
    if not files:
        raise FileNotFoundError(f"no .tml files in {folder}")
    corpus: dict[str, str] = {}
    manifest = folder / "MANIFEST.tsv"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            name, _, which = line.partition("\t")
            corpus[name.strip()] = which.strip()
    return [read_tml(p, corpus.get(p.name, "")) for p in files]


_DURATION_UNITS = {
    "hour": "TH",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "year": "Y",
}


def timeml_value(t: TimeExpression) -> str | None:
    """rashomon's resolved value written as TimeML writes it; None where it has none.

    TimeML's own notation for what rashomon reads the same way: a weekend is its ISO week's
    ("over the weekend" is 1998-W06-WE), a quarter is 1989-Q3 and a half 1989-H1, and "the
    past two months", which rashomon resolves to the days it covers, is the duration P2M. A
    part of the day stays the day: TimeBank writes "Monday morning" 1998-02-09TMO, AQUAINT
    most often the day alone, and the dev half chose (train 0.863 -> 0.853, dev 0.794 ->
    0.809 with the suffix left off).
    """
    if not t.value_start:
        return None
    start, end = t.value_start, t.value_end or t.value_start
    if t.kind == "past_period" and t.params.get("n"):
        n, unit = t.params["n"], _DURATION_UNITS.get(str(t.params.get("unit", "")).rstrip("s"))
        if unit is None:
            return None
        n = n * 2 if t.params.get("unit", "").startswith("fortnight") else n
        return f"PT{n}H" if unit == "TH" else f"P{n}{unit}"
    if t.kind == "quarter":
        half = t.params.get("months") == 6
        return f"{start[:4]}-{'H' if half else 'Q'}{t.params.get('n')}"
    if t.kind == "weekend":
        y, w, _ = date.fromisoformat(start).isocalendar()
        return f"{y}-W{w:02d}-WE"
    if t.granularity == "day":
        return start if start == end else None
    if t.granularity == "month":
        return start[:7]
    if t.granularity == "year":
        return start[:4]
    if t.granularity == "week":
        y, w, _ = date.fromisoformat(start).isocalendar()
        return f"{y}-W{w:02d}"
    if t.kind == "decade":
        return start[:3]
    return None  # a range ("the past 48 hours") has no single TimeML value


def _article(doc: TmlDocument) -> Article:
    return Article(doc.name, doc.name, doc.text, doc.text, published=doc.dct)


def system_times(doc: TmlDocument, parsed: Any | None = None) -> list[TimeExpression]:
    """What rashomon finds in a document, resolved against its DCT."""
    return timex.times_for_article(_article(doc), parsed)


@dataclass
class _Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed_gold: int = 0  # gold expressions some system expression overlaps
    relaxed_system: int = 0  # system expressions that overlap some gold expression
    value_correct: int = 0

    def add(self, gold: list[GoldTimex], found: list[TimeExpression]) -> None:
        self.gold += len(gold)
        self.system += len(found)
        spans = {(t.start, t.end) for t in found}
        self.strict += sum((g.start, g.end) in spans for g in gold)
        self.relaxed_system += sum(any(_overlap(g, t) for g in gold) for t in found)
        for g in gold:
            hits = [t for t in found if _overlap(g, t)]
            if hits:
                self.relaxed_gold += 1
                self.value_correct += any(timeml_value(t) == g.value for t in hits)

    def scores(self) -> dict[str, Any]:
        strict = _prf(self.strict, self.system, self.strict, self.gold)
        relaxed = _prf(self.relaxed_system, self.system, self.relaxed_gold, self.gold)
        value = _prf(self.value_correct, self.system, self.value_correct, self.gold)
        return {
            "gold": self.gold,
            "system": self.system,
            "strict": strict,
            "relaxed": relaxed,
            "value_accuracy": round(self.value_correct / self.relaxed_gold, 4)
            if self.relaxed_gold
            else 0.0,
            "value_f1": value["f1"],
        }


def _overlap(g: GoldTimex, t: TimeExpression) -> bool:
    return g.start < t.end and t.start < g.end


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> dict[str, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def evaluate_documents(docs: list[TmlDocument], *, parse: bool = True) -> dict[str, Any]:
    """Score rashomon's time expressions on TimeML documents.

    ``parse`` runs spaCy so that its DATE/TIME entities add candidates, as the pipeline does.
    Returns ``extract_f1`` (relaxed, all types), ``extract_strict_f1``, ``value_accuracy``,
    ``value_f1``, the same for DATE/TIME only (``timeline``), and counts per gold type.
    """
    parsed: list[Any] = [None] * len(docs)
    if parse:
        from .. import nlp

        parsed = list(nlp.annotate([d.text for d in docs], n_process=1, batch_size=16))
    every, dated = _Tally(), _Tally()
    by_type: dict[str, Counter[str]] = {}
    for doc, pd in zip(docs, parsed):
        found = system_times(doc, pd)
        every.add(doc.timexes, found)
        timeline = [g for g in doc.timexes if g.type in TIMELINE_TYPES]
        others = [g for g in doc.timexes if g.type not in TIMELINE_TYPES]
        # Expressions that fall on a duration or a set are neither right nor wrong here.
        dated.add(timeline, [t for t in found if not any(_overlap(g, t) for g in others)])
        for g in doc.timexes:
            c = by_type.setdefault(g.type, Counter())
            hits = [t for t in found if _overlap(g, t)]
            c["gold"] += 1
            c["found"] += bool(hits)
            c["value_correct"] += any(timeml_value(t) == g.value for t in hits)
    all_scores = every.scores()
    return {
        "extract_f1": all_scores["relaxed"]["f1"],
        "extract_strict_f1": all_scores["strict"]["f1"],
        "value_accuracy": all_scores["value_accuracy"],
        "value_f1": all_scores["value_f1"],
        "all_types": all_scores,
        "timeline": dated.scores(),
        "by_type": {k: dict(v) for k, v in sorted(by_type.items())},
        "documents": len(docs),
    }


def evaluate_folder(
    folder: Path | str, *, corpus: str | None = None, parse: bool = True
) -> dict[str, Any]:
    """:func:`evaluate_documents` over a folder of ``.tml`` files (one corpus of it if given)."""
    docs = load(Path(folder))
    if corpus:
        docs = [d for d in docs if d.corpus.lower() == corpus.lower()]
        if not docs:
            raise ValueError(f"no documents of corpus {corpus!r} in {folder} (see MANIFEST.tsv)")
    result = evaluate_documents(docs, parse=parse)
    result["corpus"] = corpus or "all"
    return result


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_folder`'s result."""
    lines = [
        f"TimeML time expressions: {result['documents']} documents ({result['corpus']})",
        f"{'':22} {'gold':>6} {'system':>7} {'strict F1':>10} {'relaxed P':>10} "
        f"{'relaxed R':>10} {'relaxed F1':>11} {'value acc':>10} {'value F1':>9}",
    ]
    for label, key in (("all types", "all_types"), ("DATE and TIME only", "timeline")):
        s = result[key]
        lines.append(
            f"{label:22} {s['gold']:>6} {s['system']:>7} {s['strict']['f1']:>10.3f} "
            f"{s['relaxed']['p']:>10.3f} {s['relaxed']['r']:>10.3f} {s['relaxed']['f1']:>11.3f} "
            f"{s['value_accuracy']:>10.3f} {s['value_f1']:>9.3f}"
        )
    lines.append("by gold type: found / value right / gold")
    for k, c in result["by_type"].items():
        found, right = c.get("found", 0), c.get("value_correct", 0)
        lines.append(f"  {k:10} {found:>5} {right:>5} {c['gold']:>5}")
    return "\n".join(lines)
