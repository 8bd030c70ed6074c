"""Blocking for claim alignment: which mentions could possibly be one claim.

Two mentions are linked when their embeddings have cosine >= a floor; the blocks are the
connected components. Up to EXACT_LIMIT mentions every pair is compared; above it only
candidate pairs (shared rare words or entities, and neighbours in random-hyperplane orderings
of the embeddings), so that the cost grows far slower than the square of the mentions
(``bench/alignment_scaling.py``). Average linkage then runs per block (:mod:`alignment`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

BLOCK_FLOOR = 0.5  # cosine below which two mentions are never compared in detail
MAX_BLOCK = 2500  # mentions per block for average linkage (a 2500^2 matrix is 25 MB)
# Blocking compares every pair up to EXACT_LIMIT mentions (under a second on 2 cores); above
# it, only candidate pairs (see _close_pairs), so that time grows far slower than the square.
EXACT_LIMIT = 5000
# A word or entity shared by more mentions than this is too common to block on: 200, or
# 4 * sqrt(mentions) when larger, so that a word that grows with the story (its topic) is
# still used, at a cost of at most mentions^1.5 (a fixed cap keeps it about linear, but lost
# a third of the close pairs of 40,000 mentions of 33 stories: bench/alignment_scaling.py).
POSTING_CAP = 200
LSH_TABLES = 16  # random-hyperplane orderings of the embeddings
LSH_BITS = 20  # hyperplanes per ordering: enough to order 32 x 2^20 mentions finely
LSH_SEED = 20240306
# Candidates are compared 32 against 32: larger batched products waited on BLAS threads on a
# loaded machine (10 times slower, measured on 2 shared cores).
TILE = 32
CHUNK_TILES = 1024  # tiles gathered at a time (50 MB of 384-dim vectors)
CHUNK_PAIRS = 32768  # listed pairs gathered at a time (the same)


def bounded_blocks(
    idx: list[int],
    vecs: np.ndarray,
    floor: float,
    keys: Sequence[frozenset[str]] | None = None,
    *,
    approximate: bool | None = None,
) -> list[list[int]]:
    """Blocks of at most MAX_BLOCK mentions: a giant one is split again at a higher floor.

    Linking by any close pair chains a big pile of same-topic sentences into one component;
    average linkage on it would cost memory and time quadratic in its size, so such a block is
    re-split by closer pairs only (raising the floor until the pieces are small).
    """
    out: list[list[int]] = []
    for block in blocks(idx, vecs, floor=floor, keys=keys, approximate=approximate):
        if len(block) > MAX_BLOCK and floor < 0.95:
            out.extend(bounded_blocks(block, vecs, floor + 0.05, keys, approximate=approximate))
        else:
            out.append(block)
    return out


def blocks(
    idx: list[int],
    vecs: np.ndarray,
    chunk: int = 2048,
    *,
    floor: float = 0.5,
    keys: Sequence[frozenset[str]] | None = None,
    approximate: bool | None = None,
) -> list[list[int]]:
    """Split mentions into groups that can possibly merge (linked by any close pair).

    Average linkage is cubic in the group size; real stories fall apart into many small
    blocks, so clustering runs per block. Up to EXACT_LIMIT mentions (``approximate=None``)
    or with ``approximate=False``, every pair is compared, a chunk at a time. Above it, only
    the candidate pairs of :func:`close_pairs` are (``keys``, indexed like ``vecs``, gives the
    words and entities of each mention); a close pair it misses only matters when no chain of
    found pairs joins the two mentions.
    """
    if len(idx) <= 1:
        return [idx] if idx else []
    n = len(idx)
    if approximate is None:
        approximate = n > EXACT_LIMIT
    sub = vecs[idx]
    if approximate:
        sub_keys = [keys[i] for i in idx] if keys is not None else None
        a, b, _ = close_pairs(sub, sub_keys, floor)
        label = components(n, a, b)
    else:
        label = np.arange(n, dtype=np.int64)
        # Pairs whose embeddings are this far apart practically never reach the threshold with
        # bonuses (all bonuses at their maximum at once is rare); treating them as unlinked
        # keeps blocks small.
        for start in range(0, n, chunk):
            sims = sub[start : start + chunk] @ sub.T
            rows, cols = np.nonzero(sims >= floor)
            rows += start
            upper = rows < cols
            label = components(n, rows[upper], cols[upper], label)
    blocks: dict[int, list[int]] = {}
    for k, lab in enumerate(label.tolist()):
        blocks.setdefault(lab, []).append(idx[k])
    return list(blocks.values())


def close_pairs(
    vecs: np.ndarray,
    keys: Sequence[frozenset[str]] | None,
    floor: float,
    *,
    cap: int | None = None,
    tables: int = LSH_TABLES,
    seed: int = LSH_SEED,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (a < b, each once) with cosine >= floor among candidates, and how many were compared.

    Candidates come from two sources:

    * an inverted index of words and entities (``keys``): mentions that share one are
      compared, except through keys held by more than ``cap`` mentions (default: see
      POSTING_CAP), like "say" or the story's protagonist, which would bring back the
      quadratic cost while telling little;
    * random-hyperplane LSH (SimHash): in each of ``tables`` orderings of the mentions by their
      sign bits on LSH_BITS random hyperplanes, each mention is compared with the next 32 to
      63 (sorted neighbourhoods, as Ravichandran et al. 2005), at a cost linear in the number
      of mentions. It finds paraphrases with no shared word and piles of near-copies.

    What is traded is recall, not precision: every pair returned has its exact cosine. A pair
    sharing no word below the cap is found by LSH alone, with a chance that falls with its
    angle and, slowly, with the number of mentions (the fixed number of orderings keeps the
    cost linear): on 10,829 ECB+ mentions, 87% of pairs at cosine 0.7-0.8 and 97% at 0.8-0.9;
    on 40,000 perturbed copies of them, 69% and 91%. Most close pairs also share a word below
    the cap (together: 99.9% and 99.3% at cosine 0.7-0.8), and a missed pair only matters to
    blocking when no chain of found pairs joins its two mentions. Deterministic: the
    hyperplanes come from a fixed seed.
    """
    n, dim = vecs.shape
    if cap is None:
        cap = max(POSTING_CAP, int(4 * n**0.5))
    # Row n is all zeros: the padding of tiles, never close to anything.
    z = np.zeros((n + 1, dim), dtype=np.float32)
    z[:n] = vecs
    found: list[np.ndarray] = []

    def keep(a: np.ndarray, b: np.ndarray) -> None:
        found.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))

    compared = 0
    tiles_a: list[np.ndarray] = []  # (pairs, TILE) rows of z compared tile against tile
    tiles_b: list[np.ndarray] = []
    if keys is not None:
        by_len, compared = _postings_by_length(keys, cap)
        for size, posts in by_len.items():
            _posting_pairs(
                z, n, size, np.array(posts, dtype=np.int64), floor, keep, tiles_a, tiles_b
            )
    if tables > 0:
        compared += _lsh_pairs(z, n, floor, tables, seed, keep)
    if tiles_a:
        _tile_pairs(z, n, np.concatenate(tiles_a), np.concatenate(tiles_b), floor, keep)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), compared
    flat = np.concatenate(found)
    flat.sort()  # np.unique hashes, 10 times slower on tens of millions of pairs
    flat = flat[np.concatenate(([True], flat[1:] != flat[:-1]))]
    return flat // n, flat % n, compared


_Keep = Callable[[np.ndarray, np.ndarray], None]


def _postings_by_length(
    keys: Sequence[frozenset[str]], cap: int
) -> tuple[dict[int, list[list[int]]], int]:
    """The postings of 2 to ``cap`` mentions, by length, and how many pairs they hold."""
    postings: dict[str, list[int]] = {}
    for k, ks in enumerate(keys):
        for key in ks:
            postings.setdefault(key, []).append(k)
    by_len: dict[int, list[list[int]]] = {}
    compared = 0
    for post in postings.values():
        if 2 <= len(post) <= cap:
            by_len.setdefault(len(post), []).append(post)
            compared += len(post) * (len(post) - 1) // 2
    return by_len, compared


def _posting_pairs(
    z: np.ndarray,
    n: int,
    size: int,
    members: np.ndarray,
    floor: float,
    keep: _Keep,
    tiles_a: list[np.ndarray],
    tiles_b: list[np.ndarray],
) -> None:
    """Close pairs within postings of one length; longer ones become tiles to compare later."""
    if size <= 8:
        # Tiny products cost more to dispatch than to compute: list the pairs.
        r, c = np.triu_indices(size, 1)
        a_all, b_all = members[:, r].ravel(), members[:, c].ravel()
        for s0 in range(0, len(a_all), CHUNK_PAIRS):
            a, b = a_all[s0 : s0 + CHUNK_PAIRS], b_all[s0 : s0 + CHUNK_PAIRS]
            close = np.einsum("ij,ij->i", z[a], z[b]) >= floor
            keep(a[close], b[close])
        return
    if size <= TILE:
        for s0 in range(0, len(members), CHUNK_TILES):
            m = members[s0 : s0 + CHUNK_TILES]
            x = z[m]
            p, r, c = np.nonzero(x @ x.transpose(0, 2, 1) >= floor)
            upper = r < c
            keep(m[p[upper], r[upper]], m[p[upper], c[upper]])
        return
    # Longer postings are cut into tiles, each compared with itself and the later ones.
    ntiles = -(-size // TILE)
    padded = np.full((len(members), ntiles * TILE), n, dtype=np.int64)
    padded[:, :size] = members
    cut = padded.reshape(len(members), ntiles, TILE)
    for i in range(ntiles):
        for j in range(i, ntiles):
            tiles_a.append(cut[:, i])
            tiles_b.append(cut[:, j])


def _lsh_pairs(z: np.ndarray, n: int, floor: float, tables: int, seed: int, keep: _Keep) -> int:
    """Close pairs among neighbours in ``tables`` SimHash orderings; how many were compared."""
    dim = z.shape[1]
    rng = np.random.default_rng(seed)
    planes = rng.standard_normal((dim, tables * LSH_BITS)).astype(np.float32)
    bits = (z[:n] @ planes > 0).reshape(n, tables, LSH_BITS)
    weights = (1 << np.arange(LSH_BITS - 1, -1, -1)).astype(np.int64)
    codes = bits.astype(np.int64) @ weights  # (n, tables): the first bit matters most
    nwin = -(-n // TILE)
    compared = 0
    for t in range(tables):
        order = np.full((nwin + 1) * TILE, n, dtype=np.int64)
        order[:n] = np.argsort(codes[:, t], kind="stable")
        for w0 in range(0, nwin, CHUNK_TILES):
            seg = order[w0 * TILE : (w0 + CHUNK_TILES + 1) * TILE]
            x = z[seg].reshape(-1, TILE, dim)
            xt = x.transpose(0, 2, 1)
            # Tile k against tiles k and k + 1: each mention meets the next 32 to 63.
            sims = np.concatenate([x[:-1] @ xt[:-1], x[:-1] @ xt[1:]], axis=2)
            p, r, c = np.nonzero(sims >= floor)
            a, b = seg[p * TILE + r], seg[p * TILE + c]
            ok = (a < n) & (b < n) & (r < c)
            keep(a[ok], b[ok])
        compared += n * (3 * TILE - 1) // 2
    return compared


def _tile_pairs(
    z: np.ndarray, n: int, a_all: np.ndarray, b_all: np.ndarray, floor: float, keep: _Keep
) -> None:
    """Close pairs between the tiles of long postings, compared in chunks."""
    for s0 in range(0, len(a_all), CHUNK_TILES):
        ta, tb = a_all[s0 : s0 + CHUNK_TILES], b_all[s0 : s0 + CHUNK_TILES]
        sims = z[ta] @ z[tb].transpose(0, 2, 1)
        p, r, c = np.nonzero(sims >= floor)
        a, b = ta[p, r], tb[p, c]
        # A tile against itself holds each pair twice and each mention with itself.
        ok = (a < n) & (b < n) & ((ta[p, 0] != tb[p, 0]) | (r < c))
        keep(a[ok], b[ok])


def components(n: int, a: np.ndarray, b: np.ndarray, label: np.ndarray | None = None) -> np.ndarray:
    """A component label per node (its smallest node) once the edges a[k]-b[k] are added.

    ``label`` carries on from an earlier result (each node pointing at its component's root).
    """
    label = np.arange(n, dtype=np.int64) if label is None else label.copy()
    while a.size:
        la, lb = label[a], label[b]
        apart = la != lb
        if not apart.any():
            break
        a, b, la, lb = a[apart], b[apart], la[apart], lb[apart]
        # Hook each root onto a smaller one, then jump pointers until all point to a root.
        np.minimum.at(label, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            nxt = label[label]
            if np.array_equal(nxt, label):
                break
            label = nxt
    return label
