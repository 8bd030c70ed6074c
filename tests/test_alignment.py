"""Claim alignment and time: accounts whose dates lie days apart are other events."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rashomon import analyze
from rashomon.ingest import IngestResult, read_text
from rashomon.model import ClaimMention
from rashomon.story import alignment, blocking


def _item(i: int, days: tuple[str, str] | None) -> alignment.AlignInput:
    m = ClaimMention(
        id=f"m{i}",
        article_id=f"a{i}",
        sentence_index=0,
        sentence="",
        start=0,
        end=1,
        text=f"mention {i}",
        orig_start=0,
        orig_end=1,
        speaker=None,
        speaker_kind="outlet",
        via=[],
        cue=None,
        hedged=False,
        hedging="asserted",
        polarity="asserts",
        origin=f"o{i}",
    )
    return alignment.AlignInput(m, frozenset(), "", days=days)


def _pair(cos: float) -> np.ndarray:
    """Two unit vectors at the given cosine."""
    return np.array([[1.0, 0.0], [cos, (1 - cos**2) ** 0.5]], dtype=np.float32)


@pytest.mark.parametrize(
    ("cos", "penalty"),
    [(0.70, alignment.DATE_PENALTY), (0.85, alignment.DATE_PENALTY), (0.90, None), (0.96, 0.0)],
)
def test_dates_days_apart_cost_less_the_closer_the_wording(cos, penalty):
    vecs = _pair(cos)
    apart = [_item(0, ("2024-03-03", "2024-03-03")), _item(1, ("2024-03-07", "2024-03-07"))]
    undated = [_item(0, None), _item(1, None)]
    got = (
        alignment._similarity(vecs, undated, [0, 1])[0, 1]
        - alignment._similarity(vecs, apart, [0, 1])[0, 1]
    )
    if penalty is None:  # fading: some, but less than the full penalty
        assert 0.0 < got < alignment.DATE_PENALTY
    else:
        assert got == pytest.approx(penalty, abs=1e-5)


@pytest.mark.parametrize(
    "days",
    [
        (("2024-03-03", "2024-03-03"), ("2024-03-05", "2024-03-05")),  # two days: no penalty yet
        (("2024-03-01", "2024-03-04"), ("2024-03-04", "2024-03-04")),  # overlapping ranges
        (("2024-03-03", "2024-03-03"), None),  # one account gives no date
    ],
)
def test_close_overlapping_or_missing_dates_cost_nothing(days):
    vecs = _pair(0.8)
    dated = [_item(0, days[0]), _item(1, days[1])]
    undated = [_item(0, None), _item(1, None)]
    assert alignment._similarity(vecs, dated, [0, 1])[0, 1] == pytest.approx(
        alignment._similarity(vecs, undated, [0, 1])[0, 1]
    )


def _story(*texts: str) -> list[list[str]]:
    return [[m.text for m in c.mentions] for c in _story_claims(*texts)]


def test_two_strikes_by_the_same_side_days_apart_stay_apart():
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck an army fuel depot in Veyla on Sunday, "
        "killing twelve people, the governor said.",
        "Checkpoint hit\n\nDrevanian drones struck an army checkpoint outside Veyla on "
        "Thursday, killing three soldiers, police said.",
    )
    depot = [c for c in claims if any("fuel depot" in t for t in c)]
    assert len(depot) == 1 and not any("checkpoint" in t for t in depot[0])


def test_one_strike_told_twice_with_one_date_is_one_claim():
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck an army fuel depot in Veyla on Sunday, "
        "killing twelve people, the governor said.",
        "Depot burns\n\nDrones from Drevania hit the army's fuel depot in Veyla on Sunday "
        "afternoon, killing 12 people, police said.",
    )
    depot = [c for c in claims if any("depot" in t for t in c)]
    assert len(depot) == 1 and len(depot[0]) == 2


def test_the_same_words_with_another_day_stay_one_disputed_event():
    # Word for word the same report but for the day: one event whose date is in dispute.
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck the army fuel depot in Veyla on Sunday, "
        "the governor said.",
        "Strike on depot\n\nDrevanian drones struck the army fuel depot in Veyla on Thursday, "
        "police said.",
    )
    depot = [c for c in claims if any("depot" in t for t in c)]
    assert len(depot) == 1 and len(depot[0]) == 2


# Blocking: exact below EXACT_LIMIT, candidate pairs (shared words, LSH) above it.


def _worded(i: int, words: str = "", ents: str = "") -> alignment.AlignInput:
    return dataclasses.replace(
        _item(i, None), lemmas=frozenset(words.split()), entities=frozenset(ents.split())
    )


def _keys(items: list[alignment.AlignInput]) -> list[frozenset[str]]:
    return [alignment.block_keys(it) for it in items]


def _unit_rows(rng: np.random.Generator, n: int, dim: int = 64) -> np.ndarray:
    v = rng.normal(size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _near(v: np.ndarray, cos: float, rng: np.random.Generator) -> np.ndarray:
    """A unit vector at exactly the given cosine to unit vector v."""
    u = rng.normal(size=v.shape)
    u -= (u @ v) * v
    u /= np.linalg.norm(u)
    return (cos * v + (1 - cos**2) ** 0.5 * u).astype(np.float32)


def _reference_blocks(idx: list[int], vecs: np.ndarray, floor: float) -> list[list[int]]:
    """The blocking as first written: union-find over every pair at or above the floor."""
    parent = list(range(len(idx)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    sims = vecs[idx] @ vecs[idx].T
    for r, c in zip(*np.nonzero(sims >= floor)):
        a, b = find(int(r)), find(int(c))
        if a != b:
            parent[a] = b
    out: dict[int, list[int]] = {}
    for k in range(len(idx)):
        out.setdefault(find(k), []).append(idx[k])
    return list(out.values())


@pytest.mark.parametrize("seed", range(5))
def test_exact_blocking_is_the_union_find_of_every_close_pair(seed):
    rng = np.random.default_rng(seed)
    centres = _unit_rows(rng, 12, 24)
    vecs = centres[rng.integers(0, 12, 400)] + rng.uniform(0.2, 1.0) * rng.normal(size=(400, 24))
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    idx = sorted(rng.choice(400, 300, replace=False).tolist())
    floor = float(rng.uniform(0.3, 0.8))
    got = blocking.blocks(idx, vecs, 64, floor=floor, approximate=False)
    assert got == _reference_blocks(idx, vecs, floor)  # same blocks, in the same order
    assert blocking.blocks(idx, vecs, floor=floor) == got  # small: exact by default


def test_exact_and_approximate_blocking_agree_on_a_small_case():
    rng = np.random.default_rng(7)
    rows: list[np.ndarray] = []
    items: list[alignment.AlignInput] = []
    # Five stories of eight accounts each (shared words, close wording), then 60 stray lines.
    for s in range(5):
        centre = _unit_rows(rng, 1)[0]
        for k in range(8):
            rows.append(_near(centre, 0.8, rng))
            items.append(_worded(len(items), f"story{s} word{s}_{k % 3} say"))
    for k in range(60):
        rows.append(_unit_rows(rng, 1)[0])
        items.append(_worded(len(items), f"stray{k} say"))
    vecs = np.stack(rows)
    idx = list(range(len(items)))
    exact = blocking.blocks(idx, vecs, floor=0.5, keys=_keys(items), approximate=False)
    approx = blocking.blocks(idx, vecs, floor=0.5, keys=_keys(items), approximate=True)
    assert approx == exact
    assert sum(len(b) == 8 for b in exact) == 5
    # Deterministic: the hyperplanes come from a fixed seed.
    assert blocking.blocks(idx, vecs, floor=0.5, keys=_keys(items), approximate=True) == approx
    bounded = blocking.bounded_blocks(idx, vecs, 0.5, _keys(items), approximate=True)
    assert bounded == exact


def test_lsh_links_a_paraphrase_that_shares_no_word():
    rng = np.random.default_rng(3)
    vecs = _unit_rows(rng, 300)
    vecs[1] = _near(vecs[0], 0.85, rng)
    keys = [frozenset({f"w{k}"}) for k in range(300)]  # nobody shares a word
    a, b, _ = blocking.close_pairs(vecs, keys, 0.5)
    assert (0, 1) in set(zip(a.tolist(), b.tolist()))
    a, _, _ = blocking.close_pairs(vecs, keys, 0.5, tables=0)
    assert len(a) == 0  # the words alone find nothing: the hyperplanes did it
    items = [_worded(k, f"w{k}") for k in range(300)]
    blocks = blocking.blocks(list(range(300)), vecs, floor=0.5, keys=_keys(items), approximate=True)
    assert [0, 1] in blocks


def test_a_giant_posting_is_skipped_but_a_rarer_shared_word_still_links():
    rng = np.random.default_rng(5)
    n, cap = 60, 20
    vecs = _unit_rows(rng, n)
    vecs[1] = _near(vecs[0], 0.6, rng)  # shares "say" and "dam"
    vecs[3] = _near(vecs[2], 0.6, rng)  # shares only "say", held by all 60
    keys = [frozenset({"say"}) for _ in range(n)]
    keys[0] = keys[1] = frozenset({"say", "dam"})
    a, b, compared = blocking.close_pairs(vecs, keys, 0.5, cap=cap, tables=0)
    assert compared == 1  # only the "dam" pair: the 1770 pairs of "say" were never compared
    assert list(zip(a.tolist(), b.tolist())) == [(0, 1)]
    a, b, _ = blocking.close_pairs(vecs, keys, 0.5, cap=n, tables=0)
    assert {(0, 1), (2, 3)} <= set(zip(a.tolist(), b.tolist()))  # under the cap: both


def test_a_pile_of_near_copies_is_one_block_without_any_word():
    rng = np.random.default_rng(11)
    centre = _unit_rows(rng, 1, 384)[0]
    copies = np.stack([_near(centre, 0.97, rng) for _ in range(150)])
    vecs = np.vstack([copies, _unit_rows(rng, 150, 384)])
    blocks = blocking.blocks(list(range(300)), vecs, floor=0.5, approximate=True)
    assert list(range(150)) in blocks


def test_components_join_chains_and_keep_the_rest_apart():
    a = np.array([5, 4, 3, 8], dtype=np.int64)
    b = np.array([4, 3, 2, 9], dtype=np.int64)
    label = blocking.components(10, a, b)
    assert label.tolist() == [0, 1, 2, 2, 2, 2, 6, 7, 8, 8]
    more = blocking.components(10, np.array([9]), np.array([0]), label)
    assert more.tolist() == [0, 1, 2, 2, 2, 2, 6, 7, 0, 0]


def test_a_capture_and_a_strike_on_one_town_stay_two_claims():
    claims = _story(
        "Town falls\n\nKLF fighters captured the town of Veyla on Sunday after a long siege, "
        "the governor said.",
        "Strike on town\n\nKLF fighters shelled the town of Veyla on Sunday after a long siege, "
        "police said.",
    )
    captured = [c for c in claims if any("captured" in t for t in c)]
    assert len(captured) == 1 and not any("shelled" in t for t in captured[0])


def test_event_families_group_manners_of_violence():
    from rashomon.story.events import event_family

    assert event_family("Drones bombed the depot") == event_family("He was shot by his own men")
    assert event_family("Rebels captured the town") == "capture"
    assert event_family("The minister said the budget was late") == ""


def test_topic_words_weigh_less_than_rare_ones():
    sets = [frozenset({"taliban", "valley", "drone"}), frozenset({"taliban", "valley", "drone"})]
    sets += [frozenset({"taliban", "valley", f"other{k}"}) for k in range(8)]
    items = [_worded(k, " ".join(sorted(s))) for k, s in enumerate(sets)]
    weights = alignment.word_weights(items)
    assert weights["drone"] > weights["taliban"]
    plain = alignment._jaccard(sets)
    weighted = alignment._jaccard(sets, weights)
    # Two sentences sharing only the story's topic words count for less than plain overlap...
    assert weighted[2, 3] < plain[2, 3]
    # ...and two sharing a rarer word as well, for more.
    assert weighted[0, 1] == pytest.approx(1.0)
    assert weighted[0, 2] < plain[0, 2]


def test_a_negated_account_from_another_side_is_an_implicit_denial():
    result_claims = _story_claims(
        "Town falls\n\nThe rebels have conquered the town of Ildara, rebel commander Anton "
        "Varga said on Sunday.",
        "Army holds\n\nThe rebels cannot conquer the town of Ildara as long as the garrison "
        "stands, army spokesman Viktor Hale said on Sunday.",
    )
    claim = next(c for c in result_claims if any("conquer" in m.text for m in c.mentions))
    assert claim.status == "disputed", [(m.speaker, m.polarity, m.text) for m in claim.mentions]
    by_speaker = {m.speaker: m.polarity for m in claim.mentions}
    assert by_speaker["Anton Varga"] == "asserts" and by_speaker["Viktor Hale"] == "denies"


def test_a_negated_statement_by_the_same_side_is_no_denial():
    result_claims = _story_claims(
        "Town\n\nThe rebels have not left the town of Ildara, rebel commander Anton Varga said.",
        "Town\n\nThe rebels have not left the town of Ildara, rebel commander Anton Varga told "
        "reporters.",
    )
    assert all(m.polarity == "asserts" for c in result_claims for m in c.mentions)


def _story_claims(*texts: str):
    arts = [
        read_text(t, path=f"a{i}.txt", outlet=f"Outlet {i}", published="2024-03-06")
        for i, t in enumerate(texts)
    ]
    return analyze(IngestResult(arts), stance=False).claims


def test_denied_it_disputes_the_claim_just_made():
    result_claims = _story_claims(
        "Depot hit\n\nDrones struck the army fuel depot in Veyla on Sunday, local officials "
        "said.\n\nThe Drevanian foreign ministry denied it on Monday.",
        "Depot burns\n\nDrones hit the army's fuel depot in Veyla on Sunday, the governor said.",
    )
    depot = next(c for c in result_claims if any("depot" in m.text for m in c.mentions))
    assert depot.status == "disputed", [(m.speaker, m.polarity, m.text) for m in depot.mentions]


def test_a_denial_never_joins_a_claim_its_own_speaker_makes():
    """The denier's own assertion in a group means the group is not what it denies."""
    own = dataclasses.replace(_item(0, None).mention, speaker="Ahmad Massoud", text="a")
    other = dataclasses.replace(_item(1, None).mention, speaker="Amrullah Saleh", text="b")
    denial = dataclasses.replace(
        _item(2, None).mention, speaker="Ahmad Massoud", polarity="denies", text="c"
    )
    items = [alignment.AlignInput(m, frozenset(), "") for m in (own, other, denial)]
    vecs = np.eye(3, dtype=np.float32)
    vecs[2] = vecs[0]  # the denial reads exactly like the group's first mention
    best, _ = alignment._best_group(2, [[0, 1]], vecs, vecs, items, same_article=False)
    assert best is None
    items[0] = alignment.AlignInput(dataclasses.replace(own, speaker="Taliban"), frozenset(), "")
    best, _ = alignment._best_group(2, [[0, 1]], vecs, vecs, items, same_article=False)
    assert best == 0


def test_a_side_under_a_name_and_a_description_is_one_origin():
    """ "The terrorist organisation said" in an article about the Taliban is the Taliban: with
    the Taliban's own statement elsewhere that is one origin, not two."""
    claims = _story_claims(
        "Valley falls\n\nThe Taliban said on Monday that the Panjshir valley had been "
        "completely captured by their fighters.",
        "Offensive\n\nThe Taliban launched a new offensive on Sunday. The Taliban brought in "
        "reinforcements. The terrorist organisation said on Monday that the Panjshir valley "
        "had been completely captured by its fighters.",
    )
    valley = next(c for c in claims if any("completely captured" in m.text for m in c.mentions))
    assert len(valley.mentions) == 2
    assert {m.origin for m in valley.mentions} == {"Taliban"}
    assert valley.independent_origins == 1 and valley.status != "corroborated"
