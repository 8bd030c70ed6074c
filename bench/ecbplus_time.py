"""How well rashomon.extract.timex finds and normalises the time expressions annotated in ECB+.

ECB+ (CROMER XML) marks TIME_DATE, TIME_OF_THE_DAY, TIME_DURATION and TIME_REPETITION spans
but gives them no normalised value. What it does give is cross-document coreference: every
time mention is linked to an instance ("t3_nov_30") shared by the documents of a sub-topic.
So the gold value of a mention is taken from its instance: the day named by a mention of the
same instance that spells out day, month and year ("Tuesday 27 July 2004"), read with
dateparser (not with rashomon's own patterns), or else by the instance descriptor when it
does. Only day-level instances get a gold value.

Document dates are not in the XML either. An ECB+ document often opens with its URL
(".../2009/11/30/..." or ".../20070503/...") and a date line ("POSTED : 05 / 02 / 07");
the date is read from the URL first, else from the first full date in the first three
sentences. The original ECB documents mostly have neither and stay undated: their relative
expressions cannot be resolved and are counted apart.

Figures printed:
* detection: gold mentions (per class) overlapped by an expression rashomon found, and the
  share of rashomon's expressions that overlap some gold time mention;
* normalisation: of the gold mentions with a gold day in a document whose date is known and
  that rashomon found, how many it resolved to exactly that day.

Usage: python bench/ecbplus_time.py [path/to/ecbplus]  (default ../shared/data/ecbplus)
"""

from __future__ import annotations

import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rashomon.extract import timex
from rashomon.model import Article, TimeExpression

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"
TIME_TAGS = ("TIME_DATE", "TIME_OF_THE_DAY", "TIME_DURATION", "TIME_REPETITION")
URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/"
    r"|/(?P<y2>(?:19|20)\d\d)(?P<m2>[01]\d)(?P<d2>[0-3]\d)/"
)
MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)


@dataclass
class GoldMention:
    tag: str
    start: int
    end: int
    text: str
    instance: str | None = None


@dataclass
class Doc:
    name: str
    text: str
    sent_starts: list[int]
    gold: list[GoldMention] = field(default_factory=list)
    date: str | None = None
    date_from: str = ""


def load(path: Path) -> tuple[Doc, dict[str, str]]:
    """One document, and its instance descriptors (instance id -> TAG_DESCRIPTOR)."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    sent_starts: list[int] = []
    pos = 0
    last_sent = None
    for tok in root.iter("token"):
        sent = tok.get("sentence")
        if sent != last_sent:
            if pieces:
                pieces.append("\n")
                pos += 1
            sent_starts.append(pos)
            last_sent = sent
        elif pieces:
            pieces.append(" ")
            pos += 1
        word = tok.text or ""
        spans[tok.get("t_id", "")] = (pos, pos + len(word))
        pieces.append(word)
        pos += len(word)
    text = "".join(pieces)
    doc = Doc(path.name, text, sent_starts)
    descriptors: dict[str, str] = {}
    m_to_instance: dict[str, str] = {}
    markables = root.find("Markables")
    relations = root.find("Relations")
    inst_of_mid: dict[str, str] = {}
    if markables is not None:
        for mk in markables:
            if mk.tag in TIME_TAGS and mk.get("instance_id"):
                inst_of_mid[mk.get("m_id", "")] = mk.get("instance_id", "")
                descriptors[mk.get("instance_id", "")] = mk.get("TAG_DESCRIPTOR", "")
    if relations is not None:
        for rel in relations:
            tgt = rel.find("target")
            if tgt is None or tgt.get("m_id") not in inst_of_mid:
                continue
            for src in rel.findall("source"):
                m_to_instance[src.get("m_id", "")] = inst_of_mid[tgt.get("m_id", "")]
    if markables is not None:
        for mk in markables:
            if mk.tag not in TIME_TAGS or mk.get("instance_id"):
                continue
            toks = [spans[a.get("t_id", "")] for a in mk.findall("token_anchor")]
            toks = [t for t in toks if t]
            if not toks:
                continue
            s, e = min(t[0] for t in toks), max(t[1] for t in toks)
            doc.gold.append(
                GoldMention(mk.tag, s, e, text[s:e], m_to_instance.get(mk.get("m_id", "")))
            )
    return doc, descriptors


def doc_date(doc: Doc) -> None:
    first = doc.text[: doc.sent_starts[1]] if len(doc.sent_starts) > 1 else doc.text
    url = first.replace(" ", "")
    m = URL_DATE.search(url)
    if m:
        y, mo, d = (
            (m.group("y"), m.group("m"), m.group("d"))
            if m.group("y")
            else (m.group("y2"), m.group("m2"), m.group("d2"))
        )
        try:
            doc.date = date(int(y), int(mo), int(d)).isoformat()
            doc.date_from = "url"
            return
        except ValueError:
            pass
    head_end = doc.sent_starts[3] if len(doc.sent_starts) > 3 else len(doc.text)
    head = Article(doc.name, doc.name, doc.text[:head_end], doc.text[:head_end])
    for t in timex.times_for_article(head):
        if t.kind == "absolute_day" and t.value_start:
            doc.date, doc.date_from = t.value_start, "text"
            return


def gold_days(docs: list[Doc], descriptors: dict[str, str]) -> dict[str, str]:
    """instance id -> ISO day, from a mention (or descriptor) that spells out a full date."""
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    found: dict[str, Counter[str]] = defaultdict(Counter)

    def read(s: str) -> str | None:
        if not (MONTH.search(s) and re.search(r"\b(?:19|20)\d\d\b", s)):
            return None
        try:
            got = dateparser.parse(s, languages=["en"], settings=settings)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - dateparser fails oddly on odd strings
            return None
        return got.date().isoformat() if got else None

    for d in docs:
        for g in d.gold:
            if g.instance and g.tag in ("TIME_DATE", "TIME_OF_THE_DAY"):
                v = read(g.text)
                if v:
                    found[g.instance][v] += 1
    out = {k: c.most_common(1)[0][0] for k, c in found.items()}
    for inst, desc in descriptors.items():
        if inst not in out:
            v = read(" ".join(desc.split("_")[1:]))
            if v:
                out[inst] = v
    return out


def overlaps(t: TimeExpression, g: GoldMention) -> bool:
    return t.start < g.end and g.start < t.end


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else DEFAULT
    files = sorted(root.glob("*/*.xml"))
    if not files:
        print(f"no ECB+ files under {root}: skipped")
        return 0
    t0 = time.time()
    docs: list[Doc] = []
    descriptors: dict[str, str] = {}
    for f in files:
        d, desc = load(f)
        doc_date(d)
        docs.append(d)
        descriptors.update(desc)
    golds = gold_days(docs, descriptors)
    from rashomon.nlp import load as load_nlp

    nlp = load_nlp()
    per_tag_total: Counter[str] = Counter()
    per_tag_found: Counter[str] = Counter()
    ours_total = ours_hit = 0
    norm_total = norm_found = norm_ok = 0
    rel_total = rel_ok = 0
    undated_rel = 0
    errors: list[str] = []
    texts = [d.text for d in docs]
    for d, sdoc in zip(docs, nlp.pipe(texts, batch_size=32)):
        art = Article(d.name, d.name, d.text, d.text, published=d.date)
        times = timex.times_for_article(art, sdoc)
        ours_total += len(times)
        ours_hit += sum(any(overlaps(t, g) for g in d.gold) for t in times)
        for g in d.gold:
            per_tag_total[g.tag] += 1
            match = [t for t in times if overlaps(t, g)]
            if match:
                per_tag_found[g.tag] += 1
            if not (g.instance and g.instance in golds and g.tag != "TIME_DURATION"):
                continue
            if d.date is None:
                undated_rel += 1
                continue
            norm_total += 1
            if not match:
                continue
            norm_found += 1
            t = match[0]
            relative = t.anchor not in ("absolute", None)
            # Only the exact day counts: a week or range that contains it is not a day.
            ok = t.granularity == "day" and t.value_start == golds[g.instance]
            norm_ok += ok
            if relative:
                rel_total += 1
                rel_ok += ok
            if not ok and len(errors) < 12:
                errors.append(
                    f"  {d.name}: {g.text!r} gold {golds[g.instance]} got {t.value_start}"
                    f" ({t.kind}, doc {d.date} from {d.date_from})"
                )
    dated = Counter(d.date_from or "none" for d in docs)
    print(f"ECB+ time expressions ({len(docs)} documents, {time.time() - t0:.0f} s)")
    print(f"document dates: {dict(dated)}")
    for tag in TIME_TAGS:
        n, k = per_tag_total[tag], per_tag_found[tag]
        print(f"found {tag:16s} {k:5d} / {n:5d}  ({k / max(n, 1):.1%})")
    dt = per_tag_total["TIME_DATE"] + per_tag_total["TIME_OF_THE_DAY"]
    df = per_tag_found["TIME_DATE"] + per_tag_found["TIME_OF_THE_DAY"]
    print(f"found dates + times of day   {df:5d} / {dt:5d}  ({df / max(dt, 1):.1%})")
    print(
        f"our expressions overlapping a gold time mention: {ours_hit} / {ours_total}"
        f" ({ours_hit / max(ours_total, 1):.1%})"
    )
    print(f"instances with a gold day: {len(golds)}")
    print(
        f"normalised to the gold day (dated docs): {norm_ok} / {norm_total} gold mentions"
        f" ({norm_ok / max(norm_total, 1):.1%}); {norm_ok} / {norm_found} of those found"
        f" ({norm_ok / max(norm_found, 1):.1%})"
    )
    print(
        f"  of which relative (anchored on the document date): {rel_ok} / {rel_total}"
        f" ({rel_ok / max(rel_total, 1):.1%})"
    )
    print(f"gold-day mentions in undated documents (not scored): {undated_rel}")
    if errors:
        print("some misses:")
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
