"""Cross-document event coreference on ECB+ with gold event mentions, clustered by rashomon.

Each gold event mention (classes ``ACTION_*`` and ``NEG_ACTION_*``; chains from
``CROSS_DOC_COREF`` and ``INTRA_DOC_COREF``, read by :mod:`rashomon.evaluate.ecbplus`) becomes
one :class:`rashomon.story.alignment.AlignInput`, and each topic's mentions, from both of its
sub-topics (``ecb`` and ``ecbplus``: two similar real events, e.g. two earthquakes), are
clustered by :func:`rashomon.story.alignment.align` itself, so the score measures the similarity and
average linkage that users get. An input is built as the pipeline builds one for a claim:

* text: a clause window around the trigger (``WINDOW`` tokens either side, within its
  sentence), which is what MiniLM embeds;
* entities: spaCy's named entities of the mention's sentence, normalised names;
* lemmas: content-word lemmas of the window;
* trigger: the head lemma of the trigger (``AlignInput.trigger``), which alignment rewards when
  shared and penalises when different (a sentence holds several events: "an earthquake
  struck ..., killing 5");
* tolls: the casualty counts the window states.

Scores are pooled over topics as the CoNLL scorer pools documents: mention ids are unique
over the corpus and all chains are scored at once. The same-head-lemma baseline (mentions of
one topic with one trigger head lemma form one event) is scored beside it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..model import ClaimMention
from ..story import alignment, contradictions, entities
from . import coref
from .ecbplus import Document, Mention, _head, load

if TYPE_CHECKING:
    from spacy.tokens import Doc

Embed = Callable[[Sequence[str]], np.ndarray]

WINDOW = 8  # tokens either side of the trigger that the embedded text keeps
# (both tuned on ECB+ topics 1-20 at alignment.MERGE_THRESHOLD 0.70, window 8)
CONTENT_POS = frozenset(("NOUN", "PROPN", "VERB", "NUM", "ADJ"))  # as pipeline._lemmas
SKIP_ENTS = frozenset(("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"))


@dataclass
class EventRow:
    topic: str
    mention: Mention
    sentence: str  # the ECB+ sentence holding the mention
    text: str  # the clause window that is embedded
    trigger: str  # the head lemma of the trigger
    entities: frozenset[str]  # normalised names in the sentence
    lemmas: frozenset[str]  # content lemmas of the window (without the trigger features)
    tolls: frozenset[str]


# --------------------------------------------------------------------------------------------
# Loading


def parse_documents(docs: Sequence[Document], cache_dir: Path | None = None) -> list[Doc]:
    """spaCy parses of the documents (rashomon's pipeline), cached per topic when asked."""
    from spacy.tokens import DocBin

    from .. import nlp

    lang = nlp.load()
    by_topic: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        by_topic.setdefault(d.topic, []).append(i)
    out: list[Doc | None] = [None] * len(docs)
    for topic, idx in by_topic.items():
        texts = [docs[i].text for i in idx]
        path: Path | None = None
        if cache_dir is not None:
            h = hashlib.sha1(
                lang.meta.get("name", "").encode() + lang.meta.get("version", "").encode()
            )
            for t in texts:
                h.update(t.encode("utf-8") + b"\0")
            path = Path(cache_dir) / f"ecbplus-{topic}-{h.hexdigest()[:12]}.spacy"
        if path is not None and path.exists():
            parsed = list(DocBin().from_bytes(path.read_bytes()).get_docs(lang.vocab))
        else:
            parsed = list(nlp.annotate(texts, nlp=lang, n_process=1, batch_size=32))
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = DocBin(store_user_data=False)
                for p in parsed:
                    db.add(p)
                path.write_bytes(db.to_bytes())
        for i, p in zip(idx, parsed):
            out[i] = p
    return [p for p in out if p is not None]


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    """The ECB+ sentence (one line of the rebuilt text) around a character span."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, (len(text) if b < 0 else b)


def _rows(doc: Document, parsed: Doc, window: int = WINDOW) -> list[EventRow]:
    rows: list[EventRow] = []
    for m in doc.mentions:
        if not m.is_event:
            continue
        a, b = _line(doc.text, m.start, m.end)
        sentence = doc.text[a:b]
        sent_span = parsed.char_span(a, b, alignment_mode="expand")
        span = parsed.char_span(m.start, m.end, alignment_mode="expand")
        if sent_span is None or span is None or not len(span):
            rows.append(
                EventRow(
                    doc.topic,
                    m,
                    sentence,
                    sentence,
                    m.text.lower(),
                    frozenset(),
                    frozenset(),
                    frozenset(),
                )
            )
            continue
        root = _head(span)
        trigger = (root.lemma_ or root.text).lower()
        lo = max(sent_span.start, span.start - window)
        hi = min(sent_span.end, span.end + window)
        win = parsed[lo:hi]
        ents = frozenset(
            key
            for e in sent_span.ents
            if e.label_ not in SKIP_ENTS and len(key := entities.normalise(e.text)) >= 2
        )
        lemmas = frozenset(t.lemma_.lower() for t in win if t.pos_ in CONTENT_POS and not t.is_stop)
        tolls = frozenset(contradictions.casualty_counts(win.text))
        rows.append(EventRow(doc.topic, m, sentence, win.text, trigger, ents, lemmas, tolls))
    return rows


def event_mentions(
    folder: Path | str,
    topics: Iterable[int | str] | None = None,
    *,
    cache_dir: Path | None = None,
    window: int = WINDOW,
) -> list[EventRow]:
    """Every gold event mention of the chosen topics, with rashomon's view of it."""
    data = load(Path(folder), topics)
    docs = [d for t in data for d in data[t]]
    parsed = parse_documents(docs, cache_dir)
    return [row for d, p in zip(docs, parsed) for row in _rows(d, p, window)]


# --------------------------------------------------------------------------------------------
# Clustering and scoring


def align_input(row: EventRow) -> alignment.AlignInput:
    """The claim-alignment input for one event mention (an unattributed assertion)."""
    m = row.mention
    cm = ClaimMention(
        id=f"{m.doc}/{m.m_id}",
        article_id=m.doc,
        sentence_index=m.sentence,
        sentence=row.sentence,
        start=m.start,
        end=m.end,
        text=row.text,
        orig_start=m.start,
        orig_end=m.end,
        speaker=None,
        speaker_kind="outlet",
        via=[],
        cue=None,
        hedged=False,
        hedging="asserted",
        polarity="asserts",
        origin=m.doc,
    )
    return alignment.AlignInput(
        cm, row.entities, "", row.tolls, frozenset(), row.lemmas, trigger=row.trigger
    )


def cluster_topic(rows: Sequence[EventRow], embed: Embed) -> list[int]:
    """A cluster label per mention, from :func:`rashomon.story.alignment.align`."""
    groups = alignment.align([align_input(r) for r in rows], embed)
    labels = [0] * len(rows)
    for g, members in enumerate(groups):
        for i in members:
            labels[i] = g
    return labels


def head_lemma_baseline(rows: Sequence[EventRow]) -> list[int]:
    """Same trigger head lemma, same event."""
    ids: dict[str, int] = {}
    return [ids.setdefault(r.trigger, len(ids)) for r in rows]


def _as_dict(scores: dict[str, coref.PRF | float]) -> dict[str, Any]:
    return {k: (s.to_dict() if isinstance(s, coref.PRF) else s) for k, s in scores.items()}


def _topic_order(t: str) -> tuple[bool, int, str]:
    return (not t.isdigit(), int(t) if t.isdigit() else 0, t)


def score_rows(rows: Sequence[EventRow], embed: Embed) -> dict[str, Any]:
    """Cluster each topic with rashomon and the baseline; score both, pooled over topics."""
    by_topic: dict[str, list[EventRow]] = {}
    for r in rows:
        by_topic.setdefault(r.topic, []).append(r)
    key: list[list[tuple[str, str, str]]] = []
    sys_chains: list[list[tuple[str, str, str]]] = []
    base_chains: list[list[tuple[str, str, str]]] = []
    per_topic: dict[str, dict[str, Any]] = {}
    for topic in sorted(by_topic, key=_topic_order):
        items = by_topic[topic]
        ids = [(topic, r.mention.doc, r.mention.m_id) for r in items]
        t_key = coref.chains_from_labels(ids, [r.mention.chain for r in items])
        t_sys = coref.chains_from_labels(ids, cluster_topic(items, embed))
        t_base = coref.chains_from_labels(ids, head_lemma_baseline(items))
        key += t_key
        sys_chains += t_sys
        base_chains += t_base
        per_topic[topic] = {
            "mentions": len(ids),
            "gold_events": len(t_key),
            "conll_f1": coref.conll(t_key, t_sys)["conll_f1"],
            "baseline_conll_f1": coref.conll(t_key, t_base)["conll_f1"],
        }
    result = _as_dict(coref.conll(key, sys_chains))
    base = _as_dict(coref.conll(key, base_chains))
    result["baseline_conll_f1"] = base["conll_f1"]
    result["baseline"] = base
    result["topics"] = sorted(by_topic, key=_topic_order)
    result["mentions"] = len(rows)
    result["gold_events"] = len(key)
    result["per_topic"] = per_topic
    return result


def evaluate_folder(
    folder: Path | str,
    topics: Iterable[int | str] | None = None,
    *,
    embed: Embed | None = None,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """Cross-document event coreference on ECB+ with gold event mentions, pooled over topics.

    Returns ``conll_f1``, ``muc``/``b3``/``ceafe`` (each ``{"p", "r", "f1"}``),
    ``baseline_conll_f1`` (same-head-lemma baseline) and details (``baseline``, ``topics``,
    ``mentions``, ``gold_events``, ``per_topic``). ``cache_dir`` keeps the spaCy parses.
    """
    rows = event_mentions(folder, topics, cache_dir=cache_dir)
    if embed is None:
        from ..nlp.embeddings import default_embedder

        embed = default_embedder().embed
    return score_rows(rows, embed)


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_folder`'s result."""
    return coref.format_table(
        result,
        f"ECB+ event coreference, gold mentions: {result.get('mentions', 0)} mentions, "
        f"{result.get('gold_events', 0)} gold events, "
        f"topics {','.join(result.get('topics', []))}",
    )
