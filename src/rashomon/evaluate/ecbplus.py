"""Read the ECB+ corpus (CROMER XML) as documents, gold mentions and gold coreference chains.

Layout: one folder per topic (``1/`` … ``35/``), each with ``N_Mecb.xml`` and ``N_Mecbplus.xml``
documents (the two sub-topics of topic N: two similar real events). A document lists its
tokens (``<token t_id sentence number>``), then ``<Markables>``: mentions with
``<token_anchor>`` children, and *instance* markables without anchors that carry an
``instance_id``; then ``<Relations>``: ``CROSS_DOC_COREF`` ties source mentions to an instance
(its ``note`` is the instance id, shared by all documents of the topic), and
``INTRA_DOC_COREF`` ties mentions to an instance local to the document. A mention in no
relation is a singleton.

:func:`load_topic` gives each :class:`Document` its text rebuilt from the tokens (tokens of a
sentence joined by single spaces, sentences by newlines), so every mention has character
offsets into that text as well as its token ids.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..story.entities import MentionInput, cluster_mentions, head_lemma_baseline
from . import coref

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EntityRow = tuple[str, "Mention", MentionInput, str]  # topic, gold mention, input, head lemma

ENTITY_PREFIXES = ("HUMAN_PART", "NON_HUMAN_PART", "LOC", "TIME")
EVENT_PREFIXES = ("ACTION", "NEG_ACTION")


@dataclass
class Mention:
    doc: str  # document name, e.g. "1_10ecb"
    m_id: str
    cls: str  # the ECB+ class, e.g. "HUMAN_PART_PER"
    tokens: list[int]  # token ids (t_id), sorted
    start: int  # character offsets into Document.text
    end: int
    text: str
    sentence: int
    chain: str  # gold cluster id: instance id, or "doc/m_id" of an intra-document instance,
    # or "doc/m_id" of the mention itself for a singleton

    @property
    def is_entity(self) -> bool:
        return self.cls.startswith(ENTITY_PREFIXES)

    @property
    def is_event(self) -> bool:
        return self.cls.startswith(EVENT_PREFIXES)

    @property
    def key(self) -> tuple[str, str]:
        return self.doc, self.m_id


@dataclass
class Document:
    name: str
    topic: str
    subtopic: str  # "ecb" or "ecbplus"
    text: str
    tokens: dict[int, tuple[int, int, int]]  # t_id -> (sentence, start, end)
    mentions: list[Mention] = field(default_factory=list)


def read_document(path: Path, topic: str | None = None) -> Document:
    root = ET.parse(path).getroot()
    name = path.stem
    m = re.match(r"(\d+)_\d+(ecbplus|ecb)$", name)
    sub = m.group(2) if m else ""
    topic = topic or (m.group(1) if m else path.parent.name)
    parts: list[str] = []
    tokens: dict[int, tuple[int, int, int]] = {}
    pos = 0
    last_sent: int | None = None
    for tok in root.iter("token"):
        t_id = int(tok.get("t_id", "0"))
        sent = int(tok.get("sentence", "0"))
        word = (tok.text or "").strip() or "_"
        word = re.sub(r"\s+", "_", word)
        if last_sent is not None:
            sep = " " if sent == last_sent else "\n"
            parts.append(sep)
            pos += 1
        tokens[t_id] = (sent, pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        last_sent = sent
    text = "".join(parts)
    doc = Document(name, topic, sub, text, tokens)

    markables = root.find("Markables")
    anchored: dict[str, tuple[str, list[int]]] = {}
    instances: dict[str, str] = {}
    if markables is not None:
        for el in markables:
            m_id = el.get("m_id", "")
            ids = sorted(int(a.get("t_id", "0")) for a in el.findall("token_anchor"))
            ids = [i for i in ids if i in tokens]
            if ids:
                anchored[m_id] = (el.tag, ids)
            elif el.get("instance_id"):
                instances[m_id] = el.get("instance_id", "")
    chain_of: dict[str, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            target = rel.find("target")
            if target is None:
                continue
            t = target.get("m_id", "")
            if rel.tag == "CROSS_DOC_COREF":
                chain = rel.get("note") or instances.get(t) or f"{name}/{t}"
            elif rel.tag == "INTRA_DOC_COREF":
                chain = instances.get(t) or f"{name}/{t}"
            else:
                continue
            for src in rel.findall("source"):
                chain_of[src.get("m_id", "")] = chain
    for m_id, (cls, ids) in anchored.items():
        start = tokens[ids[0]][1]
        end = tokens[ids[-1]][2]
        words = " ".join(text[tokens[i][1] : tokens[i][2]] for i in ids)
        doc.mentions.append(
            Mention(
                name,
                m_id,
                cls,
                ids,
                start,
                end,
                words,
                tokens[ids[0]][0],
                chain_of.get(m_id, f"{name}/{m_id}"),
            )
        )
    doc.mentions.sort(key=lambda x: (x.start, x.end))
    return doc


def _topic_key(p: Path) -> tuple[int, str]:
    return (int(p.name), "") if p.name.isdigit() else (10**9, p.name)


def topic_dirs(folder: Path, topics: Iterable[int | str] | None = None) -> list[Path]:
    """Topic folders under ``folder`` (or ``folder`` itself if it holds the XML files)."""
    folder = Path(folder)
    if any(folder.glob("*.xml")):
        return [folder]
    wanted = {str(t) for t in topics} if topics is not None else None
    dirs = [p for p in folder.iterdir() if p.is_dir() and any(p.glob("*.xml"))]
    if wanted is not None:
        dirs = [p for p in dirs if p.name in wanted]
    return sorted(dirs, key=_topic_key)


def load_topic(path: Path) -> list[Document]:
    def order(p: Path) -> tuple[int, int, str]:
        m = re.match(r"\d+_(\d+)(ecbplus|ecb)", p.stem)
        return (0 if m and m.group(2) == "ecb" else 1, int(m.group(1)) if m else 0, p.stem)

    return [read_document(p, path.name) for p in sorted(path.glob("*.xml"), key=order)]


def load(folder: Path, topics: Iterable[int | str] | None = None) -> dict[str, list[Document]]:
    """Topic name -> its documents."""
    return {p.name: load_topic(p) for p in topic_dirs(folder, topics)}


# --------------------------------------------------------------------------------------------
# Entity coreference evaluation with gold mentions


def _head(span: Span) -> Token:
    """The syntactic head, skipping a leading preposition or determiner ("at Promises")."""
    root = span.root
    for _ in range(3):
        if root.pos_ not in ("ADP", "DET", "SCONJ", "PART", "AUX", "CCONJ", "PUNCT"):
            break
        inside = [c for c in root.children if span.start <= c.i < span.end]
        nouns = [c for c in inside if c.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
        if not (nouns or inside):
            break
        root = (nouns or inside)[0]
    return root


def _inputs(
    doc: Document, parsed: Doc, mentions: list[Mention]
) -> tuple[list[MentionInput], list[str]]:
    """rashomon's view of gold mentions: name text and label from spaCy, head lemma, POS."""

    out: list[MentionInput] = []
    heads: list[str] = []
    ent_of = {}
    for ent in parsed.ents:
        for t in ent:
            ent_of[t.i] = ent
    for m in mentions:
        span = parsed.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            out.append(MentionInput(doc.name, m.text, m.start, m.end, sentence=m.sentence))
            heads.append(m.text.lower())
            continue
        root = _head(span)
        head = (root.lemma_ or root.text).lower()
        heads.append(head)
        ent = ent_of.get(root.i)
        text, label = m.text, ""
        if ent is not None and ent.label_ not in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT"):
            text, label = ent.text, ent.label_
        elif root.pos_ == "PROPN":
            toks = [c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            text = " ".join(t.text for t in [*toks, root])
        out.append(MentionInput(doc.name, text, m.start, m.end, label, head, root.pos_, m.sentence))
    return out, heads


def entity_mentions(folder: Path, topics: Iterable[int | str] | None = None) -> list[EntityRow]:
    """Every gold entity mention of the corpus as (topic, gold mention, rashomon input, head).

    Documents are parsed with rashomon's spaCy pipeline on the text rebuilt from the tokens.
    """
    from .. import nlp

    data = load(folder, topics)
    docs = [d for t in data for d in data[t]]
    parsed = nlp.annotate([d.text for d in docs], n_process=1, batch_size=32)
    out = []
    for doc, pd in zip(docs, parsed):
        ms = [m for m in doc.mentions if m.is_entity]
        inputs, heads = _inputs(doc, pd, ms)
        for m, inp, h in zip(ms, inputs, heads):
            out.append((doc.topic, m, inp, h))
    return out


def score_entity_mentions(rows: list[EntityRow]) -> dict[str, Any]:
    """Cluster each topic's mentions with rashomon and the head-lemma baseline; score both."""
    by_topic: dict[str, list[tuple[Mention, MentionInput, str]]] = {}
    for topic, m, inp, h in rows:
        by_topic.setdefault(topic, []).append((m, inp, h))
    key: dict[tuple[str, str], list] = {}
    sys_chains: dict[tuple[str, int], list] = {}
    base_chains: dict[tuple[str, int], list] = {}
    per_topic = {}
    for topic, items in by_topic.items():
        ids = [(topic, m.doc, m.m_id) for m, _, _ in items]
        inputs = [inp for _, inp, _ in items]
        labels = cluster_mentions(inputs)
        base = head_lemma_baseline(inputs)
        t_key: dict[str, list] = {}
        for mid, (m, _, _), lab, b in zip(ids, items, labels, base):
            t_key.setdefault(m.chain, []).append(mid)
            sys_chains.setdefault((topic, lab), []).append(mid)
            base_chains.setdefault((topic, b), []).append(mid)
        for c, ms in t_key.items():
            key[(topic, c)] = ms
        t_sys = coref.chains_from_labels(ids, labels)
        per_topic[topic] = {
            "mentions": len(ids),
            "conll_f1": coref.conll(list(t_key.values()), t_sys)["conll_f1"],
        }
    scores = coref.conll(list(key.values()), list(sys_chains.values()))
    base_scores = coref.conll(list(key.values()), list(base_chains.values()))
    result: dict[str, Any] = {
        name: (s.to_dict() if isinstance(s, coref.PRF) else s) for name, s in scores.items()
    }
    result["baseline_conll_f1"] = base_scores["conll_f1"]
    result["baseline"] = {
        name: (s.to_dict() if isinstance(s, coref.PRF) else s) for name, s in base_scores.items()
    }
    result["topics"] = sorted(
        by_topic, key=lambda t: (not t.isdigit(), int(t) if t.isdigit() else 0, t)
    )
    result["mentions"] = len(rows)
    result["gold_entities"] = len(key)
    result["per_topic"] = per_topic
    return result


def evaluate_folder(
    folder: Path | str, topics: Iterable[int | str] | None = None
) -> dict[str, Any]:
    """Cross-document entity coreference on ECB+ with gold mentions, pooled over topics.

    Returns ``conll_f1``, ``muc``/``b3``/``ceafe`` (each ``{"p", "r", "f1"}``),
    ``baseline_conll_f1`` (same-head-lemma baseline) and details (``baseline``,
    ``topics``, ``mentions``, ``gold_entities``, ``per_topic``).
    """
    return score_entity_mentions(entity_mentions(Path(folder), topics))


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of :func:`evaluate_folder`'s result."""
    return coref.format_table(
        result,
        f"ECB+ entity coreference, gold mentions: {result.get('mentions', 0)} mentions, "
        f"{result.get('gold_entities', 0)} gold entities, "
        f"topics {','.join(result.get('topics', []))}",
    )
