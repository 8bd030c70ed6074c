"""Coreference metrics: MUC, B³, CEAF-e and the CoNLL F1 (their mean).

Chains are collections of hashable mention ids; ``key`` is the gold partition, ``response`` the
system's. Both are scored as the CoNLL-2012 reference scorer does for each metric:

* MUC (Vilain et al. 1995) counts links; singletons contribute nothing.
* B³ (Bagga & Baldwin 1998) averages per-mention precision and recall over the mentions of the
  response (precision) and of the key (recall). A mention present on only one side counts
  as a singleton on the other.
* CEAF-e (Luo 2005) aligns key and response entities one-to-one with the optimal assignment
  under φ4(K, R) = 2|K ∩ R| / (|K| + |R|); recall divides the total similarity by the number of
  key entities, precision by the number of response entities. The assignment is solved exactly
  (Hungarian algorithm, :func:`linear_assignment`) on each connected block of overlapping
  entities, so pooling many topics stays cheap.

Every function is agnostic of what a mention is, so the same code scores entity and event
coreference. To pool topics (as the CoNLL scorer pools documents), make mention ids unique
across topics, e.g. ``(topic, doc, start, end)``, and pass all chains at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Chains = Sequence[Iterable[Hashable]]


@dataclass(frozen=True)
class PRF:
    p: float
    r: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"p": self.p, "r": self.r, "f1": self.f1}


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> PRF:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f)


def _sets(chains: Chains) -> list[frozenset[Hashable]]:
    out = [frozenset(c) for c in chains]
    out = [c for c in out if c]
    seen: set[Hashable] = set()
    for c in out:
        if seen & c:
            raise ValueError("a mention appears in two chains")
        seen |= c
    return out


def _owner(chains: list[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(chains) for m in c}


def _muc_side(a: list[frozenset[Hashable]], b: list[frozenset[Hashable]]) -> tuple[int, int]:
    """Numerator and denominator of MUC recall of ``a`` against partition ``b``."""
    owner = _owner(b)
    num = den = 0
    for chain in a:
        parts = set()
        for m in chain:
            # A mention ``b`` lacks is a partition of its own.
            parts.add(owner.get(m, ("missing", m)))
        num += len(chain) - len(parts)
        den += len(chain) - 1
    return num, den


def muc(key: Chains, response: Chains) -> PRF:
    k, r = _sets(key), _sets(response)
    r_num, r_den = _muc_side(k, r)
    p_num, p_den = _muc_side(r, k)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_side(a: list[frozenset[Hashable]], b: list[frozenset[Hashable]]) -> tuple[float, int]:
    owner = _owner(b)
    total = 0.0
    n = 0
    for chain in a:
        overlap: dict[int, int] = defaultdict(int)
        for m in chain:
            if m in owner:
                overlap[owner[m]] += 1
        # Σ over mentions of |A ∩ B(m)| / |A|  ==  Σ over B-chains of |A ∩ B|² / |A|;
        # a mention missing from b is its own singleton: overlap 1.
        missing = len(chain) - sum(overlap.values())
        total += (sum(v * v for v in overlap.values()) + missing) / len(chain)
        n += len(chain)
    return total, n


def b_cubed(key: Chains, response: Chains) -> PRF:
    k, r = _sets(key), _sets(response)
    r_num, r_den = _b3_side(k, r)
    p_num, p_den = _b3_side(r, k)
    return _prf(p_num, p_den, r_num, r_den)


def linear_assignment(cost: np.ndarray) -> list[tuple[int, int]]:
    """Minimum-cost assignment of rows to columns (Hungarian algorithm, O(n³)).

    Works on rectangular matrices: every row is assigned when rows <= columns, and every
    column otherwise. Returns (row, column) pairs, sorted by row.
    """
    cost = np.asarray(cost, dtype=float)
    if cost.size == 0:
        return []
    transposed = cost.shape[0] > cost.shape[1]
    if transposed:
        cost = cost.T
    n, m = cost.shape  # n <= m
    inf = float("inf")
    # Potentials and matching, 1-based with a virtual column 0 (the e-maxx formulation).
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=int)  # p[j]: row matched to column j (0 = none)
    way = np.zeros(m + 1, dtype=int)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, inf)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], inf)
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            used_idx = np.nonzero(used)[0]
            u[p[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j] != 0]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


def _phi4(a: frozenset[Hashable], b: frozenset[Hashable]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def ceaf_e(key: Chains, response: Chains) -> PRF:
    k, r = _sets(key), _sets(response)
    owner_r = _owner(r)
    # Connected blocks of the bipartite "shares a mention" graph: entities in different
    # blocks have similarity 0, so each block is solved on its own.
    parent = list(range(len(k) + len(r)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, chain in enumerate(k):
        for m in chain:
            if m in owner_r:
                a, b = find(i), find(len(k) + owner_r[m])
                if a != b:
                    parent[a] = b
    blocks: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(k)):
        blocks[find(i)][0].append(i)
    for j in range(len(r)):
        blocks[find(len(k) + j)][1].append(j)
    total = 0.0
    for ks, rs in blocks.values():
        if not ks or not rs:
            continue
        sim = np.array([[_phi4(k[i], r[j]) for j in rs] for i in ks])
        if sim.shape == (1, 1):
            total += float(sim[0, 0])
            continue
        for a, b in linear_assignment(-sim):
            total += float(sim[a, b])
    return _prf(total, len(r), total, len(k))


def conll(key: Chains, response: Chains) -> dict[str, PRF | float]:
    """All three metrics and the CoNLL F1 (the mean of their F1 scores)."""
    scores: dict[str, PRF | float] = {
        "muc": muc(key, response),
        "b3": b_cubed(key, response),
        "ceafe": ceaf_e(key, response),
    }
    scores["conll_f1"] = sum(s.f1 for s in scores.values() if isinstance(s, PRF)) / 3
    return scores


def chains_from_labels(ids: Sequence[Hashable], labels: Sequence[Hashable]) -> list[list[Hashable]]:
    """Group mention ids by a cluster label (one label per mention) into chains."""
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for m, lab in zip(ids, labels):
        groups[lab].append(m)
    return list(groups.values())


def format_table(result: dict[str, Any], title: str) -> str:
    """A plain-text MUC / B3 / CEAF-e / CoNLL table with the baseline's F1 beside each."""
    lines = [title, f"{'metric':<10}{'P':>8}{'R':>8}{'F1':>8}   {'baseline F1':>11}"]
    base = result.get("baseline", {})
    for name, label in (("muc", "MUC"), ("b3", "B3"), ("ceafe", "CEAF-e")):
        s = result[name]
        b = base.get(name, {}).get("f1")
        bt = f"{100 * b:>11.1f}" if b is not None else f"{'':>11}"
        lines.append(
            f"{label:<10}{100 * s['p']:>8.1f}{100 * s['r']:>8.1f}{100 * s['f1']:>8.1f}   {bt}"
        )
    lines.append(
        f"{'CoNLL F1':<10}{'':>8}{'':>8}{100 * result['conll_f1']:>8.1f}   "
        f"{100 * result['baseline_conll_f1']:>11.1f}"
    )
    return "\n".join(lines)
