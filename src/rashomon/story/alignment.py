"""Claim alignment: which mentions, across articles, state the same proposition.

Asserting mentions are clustered by average linkage over a similarity that mixes sentence
embeddings with shared entities, words, casualty counts and event words; two mentions whose
dates lie days apart are held apart unless their wording is nearly the same. A denial that
spells out what it denies ("denied that the town had fallen") is clustered like an assertion;
a vague one ("rejected the accusations", "This is a lie") is linked to the claim its own
article was just discussing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..model import ClaimMention
from .blocking import BLOCK_FLOOR, bounded_blocks

MERGE_THRESHOLD = 0.70
ENTITY_WEIGHT = 0.06
LEXICAL_WEIGHT = 0.25  # shared content words: MiniLM alone blurs same-topic sentences
COUNT_WEIGHT = 0.1  # both report a death or injury toll: likely the same incident
TRIGGER_WEIGHT = 0.3  # both mentions turn on the same event word ("strike", "arrest")
TRIGGER_PENALTY = 0.7  # both name their event word and the words differ
IDF_WORDS = True  # weigh shared words by their rarity in the story
FAMILY_PENALTY = 0.3  # both report an event of the ontology, of different families
LEXICAL_FLOOR = 0.12  # below this share of content words, a pair needs a very close embedding
# Dates more than DATE_GAP days apart mean another event (a second strike by the same side),
# unless the wording is nearly identical: then it is one event whose date the accounts dispute
# (a conflicting detail for the contradiction ledger). The penalty fades from full at cosine
# DATE_FULL to none at DATE_NONE.
DATE_GAP = 2
DATE_PENALTY = 0.5
DATE_FULL = 0.85
DATE_NONE = 0.95
VAGUE_LINK_THRESHOLD = 0.30
DENIAL_LINK_THRESHOLD = 0.55
VAGUE = re.compile(
    r"^(?:the|these|this|those|such|that|it|all|its|their|his|her)\b[\w\s’'-]{0,40}$", re.I
)
CLAIM_WRAPPER = re.compile(
    r"^(?:the\s+)?(?:(?P<who>[\w\s]+?)[’']s\s+)?(?:claims?|reports?|allegations?|accusations?|"
    r"assertions?|statements?)\s+(?:of\s+having|of|to\s+have|that)\s+(?P<what>.+)$",
    re.I,
)


@dataclass
class AlignInput:
    mention: ClaimMention
    entities: frozenset[str]
    context: str  # the sentences before it in its article, for vague denials
    tolls: frozenset[str] = frozenset()  # "killed", "wounded": kinds of casualty count stated
    party: frozenset[str] = frozenset()  # entity ids of the speaker and the group it speaks for
    lemmas: frozenset[str] = frozenset()  # content-word lemmas of the mention
    trigger: str = ""  # lemma of the event word the mention turns on; "" = unknown
    days: tuple[str, str] | None = None  # first and last ISO day of the date the mention gives
    family: str = ""  # kind of event it reports ("violence", "capture", "arrest"); "" = none


def denial_text(m: ClaimMention) -> str:
    """What a denial denies, as a proposition when it can be recovered."""
    target = (m.denied_target or m.text).strip()
    w = CLAIM_WRAPPER.match(target)
    if w:
        who = (w.group("who") or "").strip()
        target = f"{who} {w.group('what')}".strip()
    return target


def is_vague(m: ClaimMention) -> bool:
    """A denial that names what it denies only by reference ("the accusations", "This is a lie")."""
    if m.polarity != "denies":
        return False
    target = denial_text(m)
    words = re.findall(r"[A-Za-z’']+", target)
    if any(w[0].isupper() for w in words[1:]):
        return False  # it names someone or somewhere: specific enough to compare
    if m.denied_target and VAGUE.match(target):
        return True
    return len(words) <= 8 or bool(re.match(r"^\W*(this|that|it|these|those)\b", target, re.I))


def align(items: list[AlignInput], embed) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """Groups of item indexes; each group is one claim."""
    n = len(items)
    if n == 0:
        return []
    texts = [
        denial_text(it.mention) if it.mention.polarity == "denies" else it.mention.text
        for it in items
    ]
    vecs = embed(texts)
    vague = [is_vague(it.mention) for it in items]
    # Assertions form the claims; each denial then joins the claim it denies.
    core = [i for i in range(n) if items[i].mention.polarity == "asserts"]
    groups: list[list[int]] = []
    keys = [block_keys(it) for it in items]
    weights = word_weights([items[i] for i in core]) if IDF_WORDS else None
    for block in bounded_blocks(core, vecs, BLOCK_FLOOR, keys):
        groups.extend(_agglomerate(block, vecs, items, weights))
    denials = [i for i in range(n) if items[i].mention.polarity == "denies"]
    if denials:
        # Only vague denials need their context embedded; the others use their own text.
        ctx_vecs = vecs.copy()
        vague_idx = [i for i in range(n) if vague[i]]
        if vague_idx:
            ctx_vecs[vague_idx] = embed(
                [items[i].context or items[i].mention.sentence for i in vague_idx]
            )
        previous: dict[str, tuple[int, int]] = {}
        # Specific denials first, so that a vague one can follow the specific one before it.
        order = sorted(
            denials,
            key=lambda i: (vague[i], items[i].mention.article_id, items[i].mention.sentence_index),
        )
        for i in order:
            m = items[i].mention
            prev = previous.get(m.article_id)
            best: int | None
            if vague[i] and prev is not None and 0 <= m.sentence_index - prev[1] <= 2:
                # "rejected the accusations. 'These reports are a fabrication ...'": one denial.
                best, score = prev[0], 1.0
            else:
                best, score = _best_group(i, groups, vecs, ctx_vecs, items, same_article=vague[i])
            threshold = VAGUE_LINK_THRESHOLD if vague[i] else DENIAL_LINK_THRESHOLD
            if best is None or score < threshold:
                groups.append([])
                best = len(groups) - 1
            groups[best].append(i)
            previous[m.article_id] = (best, m.sentence_index)
    return [sorted(g) for g in groups]


def block_keys(item: AlignInput) -> frozenset[str]:
    """Words and entities a mention can be found by (entities apart from words)."""
    words = (item.lemmas | {item.trigger}) if item.trigger else item.lemmas
    return words | {"\x00" + e for e in item.entities}


def _jaccard(sets: list[frozenset[str]], weights: dict[str, float] | None = None) -> np.ndarray:
    """Pairwise Jaccard of small sets, as a matrix (0 where either set is empty).

    With ``weights``, each element counts its weight (1.0 when absent): a weighted Jaccard.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for r, st in enumerate(sets):
        for x in st:
            rows.append(r)
            cols.append(vocab.setdefault(x, len(vocab)))
    n = len(sets)
    if not vocab:
        return np.zeros((n, n), dtype=np.float32)
    from scipy import sparse  # already loaded by datasketch; a block's sets are small and sparse

    w = np.ones(len(vocab), dtype=np.float32)
    if weights:
        w = np.array([weights.get(x, 1.0) for x in vocab], dtype=np.float32)
    ones = np.ones(len(rows), dtype=np.float32)
    m = sparse.csr_matrix((ones, (rows, cols)), shape=(n, len(vocab)))
    weighted = sparse.csr_matrix((w[cols], (rows, cols)), shape=(n, len(vocab)))
    inter = (weighted @ m.T).toarray()
    sizes = np.asarray(weighted.sum(axis=1), dtype=np.float32).ravel()
    union = sizes[:, None] + sizes[None, :] - inter
    both = (sizes[:, None] > 0) & (sizes[None, :] > 0)
    return np.where(both & (union > 0), inter / np.maximum(union, 1.0), 0.0).astype(np.float32)


def word_weights(items: list[AlignInput]) -> dict[str, float]:
    """Inverse document frequency of each content word over the story's mentions.

    The story's topic words ("Taliban", "valley" in a story about the valley) are in most of
    its sentences; sharing them says little about whether two sentences state one thing.
    """
    df: dict[str, int] = {}
    for it in items:
        for w in it.lemmas:
            df[w] = df.get(w, 0) + 1
    n = len(items)
    return {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}


def _similarity(
    vecs: np.ndarray,
    items: list[AlignInput],
    idx: list[int],
    weights: dict[str, float] | None = None,
) -> np.ndarray:
    """Embedding cosine plus bonuses for shared entities, words and casualty counts."""
    sub = vecs[idx]
    cos = sub @ sub.T
    ents = _jaccard([items[i].entities for i in idx])
    lexical = _jaccard([items[i].lemmas for i in idx], weights)
    tolls = _jaccard([items[i].tolls for i in idx]) > 0
    sim = cos + ENTITY_WEIGHT * ents + LEXICAL_WEIGHT * lexical + COUNT_WEIGHT * tolls
    # Same topic, different words: MiniLM rates "Rubio leads in Iowa" and "Rubio wins praise"
    # alike; statements of one fact nearly always share some words.
    sim -= 0.1 * ((lexical < LEXICAL_FLOOR) & (cos < 0.8))
    trig = np.array([items[i].trigger for i in idx], dtype=object)
    if (trig != "").any():
        # One sentence often holds several events ("a quake struck ..., killing 5"): the event
        # word tells them apart where the surrounding words cannot (ECB+: +30 CoNLL F1).
        known = trig != ""
        both = known[:, None] & known[None, :]
        same = both & (trig[:, None] == trig[None, :])
        sim = sim + TRIGGER_WEIGHT * same - TRIGGER_PENALTY * (both & ~same)
    fam = np.array([items[i].family for i in idx], dtype=object)
    if (fam != "").sum() > 1:
        # A capture and an attack told with the same actors and place are two claims; only a
        # penalty, since one family does not make one event (two strikes on two days).
        known = fam != ""
        differ = known[:, None] & known[None, :] & (fam[:, None] != fam[None, :])
        sim = sim - FAMILY_PENALTY * differ
    apart = _days_apart([items[i].days for i in idx])
    if apart is not None:
        fade = np.clip((DATE_NONE - cos) / (DATE_NONE - DATE_FULL), 0.0, 1.0)
        sim = sim - DATE_PENALTY * fade * (apart > DATE_GAP)
    return sim.astype(np.float32)


def _days_apart(days: list[tuple[str, str] | None]) -> np.ndarray | None:
    """Pairwise days between date ranges (0 where they overlap or either is unknown).

    None when fewer than two mentions give a date: such a block skips the work.
    """
    known = [k for k, d in enumerate(days) if d is not None]
    if len(known) < 2:
        return None
    first = np.zeros(len(days), dtype=np.int64)
    last = np.zeros(len(days), dtype=np.int64)
    for k, d in enumerate(days):
        if d is not None:
            first[k] = date.fromisoformat(d[0]).toordinal()
            last[k] = date.fromisoformat(d[1]).toordinal()
    gap = np.maximum(first[None, :] - last[:, None], first[:, None] - last[None, :])
    mask = np.zeros(len(days), dtype=bool)
    mask[known] = True
    return np.where(mask[:, None] & mask[None, :], np.maximum(gap, 0), 0)


def _agglomerate(
    idx: list[int],
    vecs: np.ndarray,
    items: list[AlignInput],
    weights: dict[str, float] | None = None,
) -> list[list[int]]:
    """Average-linkage clustering, merging the most similar pair first, down to the threshold.

    The matrix holds cluster-to-cluster average similarity, updated in O(n) per merge
    (Lance-Williams), so the cost is one argmax per merge.
    """
    if not idx:
        return []
    if len(idx) == 1:
        return [list(idx)]
    sim = _similarity(vecs, items, idx, weights)
    np.fill_diagonal(sim, -np.inf)
    n = len(idx)
    size = np.ones(n, dtype=np.float32)
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    while True:
        flat = int(np.argmax(sim))
        a, b = divmod(flat, n)
        if sim[a, b] < MERGE_THRESHOLD:
            break
        merged = (size[a] * sim[a] + size[b] * sim[b]) / (size[a] + size[b])
        sim[a, :] = merged
        sim[:, a] = merged
        sim[a, a] = -np.inf
        sim[b, :] = -np.inf
        sim[:, b] = -np.inf
        size[a] += size[b]
        members[a].extend(members.pop(b))
    return [[idx[k] for k in members[a]] for a in sorted(members)]


def _best_group(
    i: int,
    groups: list[list[int]],
    vecs: np.ndarray,
    ctx_vecs: np.ndarray,
    items: list[AlignInput],
    *,
    same_article: bool,
) -> tuple[int | None, float]:
    m = items[i].mention
    best: int | None = None
    best_score = -1.0
    for g, members in enumerate(groups):
        if all(items[j].mention.polarity == "denies" for j in members):
            continue
        if any(
            items[j].mention.speaker == m.speaker and items[j].mention.polarity == "asserts"
            for j in members
        ):
            continue  # nobody denies a claim they themselves make
        sims = [float(ctx_vecs[i] @ vecs[j]) for j in members]
        score = max(sims)
        group_entities = frozenset().union(*(items[j].entities for j in members))
        if items[i].party & group_entities:
            # A party that denies is usually denying an accusation made against it; for a
            # denial that spells out its proposition, the wording itself weighs more.
            score += 0.3 if same_article else 0.1
        same_in_article = [
            items[j].mention
            for j in members
            if items[j].mention.article_id == m.article_id
            and items[j].mention.sentence_index < m.sentence_index
        ]
        if same_article and same_in_article:
            # The claim this article was just discussing is the likeliest target.
            gap = min(m.sentence_index - x.sentence_index for x in same_in_article)
            score += 0.25 if gap <= 4 else 0.1
        if score > best_score:
            best, best_score = g, score
    return best, best_score
