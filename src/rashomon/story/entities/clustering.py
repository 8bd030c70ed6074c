"""Clustering given mentions (names, nominals, pronouns): cross-document coreference as the
ECB+ evaluation runs it with gold mentions, and the same-head-lemma baseline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .linking import NameMention, _Key, _link
from .names import normalise
from .vocabulary import _PRONOUNS


@dataclass
class MentionInput:
    """A mention to cluster: its text and document, plus what a parser can say about it."""

    doc_id: str
    text: str
    start: int = 0  # character offsets in the document: the order of mentions in it
    end: int = 0
    label: str = ""  # NER label of a name, "" if the mention is not a name
    head: str = ""  # head lemma, lower case
    pos: str = ""  # part of speech of the head: PROPN, NOUN, PRON, NUM...
    sentence: int = 0


def cluster_mentions(mentions: Sequence[MentionInput], *, pronouns: bool = True) -> list[int]:
    """A cluster number for each mention (cross-document coreference of given mentions).

    Names (a NER label, or a proper-noun head) are linked by the rules of :func:`resolve`.
    Other mentions are grouped by head lemma, across documents; a pronoun joins the nearest
    compatible mention before it in its document (same or previous sentence).
    """
    is_name = [bool(m.label) or m.pos == "PROPN" for m in mentions]
    name_idx = [i for i, n in enumerate(is_name) if n]
    names = [NameMention(mentions[i].doc_id, mentions[i].text, mentions[i].label) for i in name_idx]
    nodes, keys, uf = _link(names)
    root: dict[int, object] = {}
    for i, node in zip(name_idx, nodes):
        root[i] = ("name", uf.find(node))
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc_id].append(i)
    for i, m in enumerate(mentions):
        if i in root:
            continue
        head = (m.head or (m.text.split() or [""])[-1]).lower()
        if pronouns and (m.pos == "PRON" or (head in _PRONOUNS and len(m.text.split()) == 1)):
            continue
        root[i] = ("head", head)
    if pronouns:
        for _doc, idx in by_doc.items():
            idx.sort(key=lambda i: (mentions[i].start, mentions[i].end))
            for pos, i in enumerate(idx):
                if i in root:
                    continue
                m = mentions[i]
                cls = _PRONOUNS.get(m.text.lower().strip(), "")
                target = None
                for j in reversed(idx[:pos]):
                    if mentions[j].sentence < m.sentence - 1:
                        break
                    if j in root and _pronoun_fits(cls, mentions[j], keys):
                        target = root[j]
                        break
                # No antecedent in reach: the pronoun joins the other pronouns of its form.
                root[i] = target if target is not None else ("head", m.text.lower().strip())
    ids: dict[object, int] = {}
    return [ids.setdefault(root[i], len(ids)) for i in range(len(mentions))]


def _pronoun_fits(cls: str, m: MentionInput, keys: dict[str, _Key]) -> bool:
    label = m.label
    if not label and m.pos == "PROPN":
        k = keys.get(normalise(m.text))
        label = k.label if k else ""
    person = label == "PERSON"
    if cls in ("m", "f", "1", "w"):
        return person or (cls == "w" and bool(label))
    if cls == "n":
        return not person and label != "" or (m.pos == "NOUN" and not person)
    if cls in ("p", "1p"):
        return label in ("ORG", "NORP", "GPE") or m.text.lower().endswith("s")
    return False


def head_lemma_baseline(mentions: Sequence[MentionInput]) -> list[int]:
    """The same-head-lemma baseline: mentions with one head lemma form one cluster."""
    ids: dict[str, int] = {}
    return [
        ids.setdefault((m.head or (m.text.split() or [""])[-1]).lower(), len(ids)) for m in mentions
    ]
