"""Time normalisation: every expression type on written cases, and ANSWERS.md §6 on the demo."""

from __future__ import annotations

import json
from datetime import date

import pytest

from rashomon.extract import timex
from rashomon.model import Article, to_dict
from rashomon.story import dating


def art(text: str, published: str | None = "2024-03-05", aid: str = "a1") -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text, source_text=text, published=published)


def one(text: str, published: str | None = "2024-03-05"):
    times = timex.times_for_article(art(text, published))
    assert len(times) == 1, [t.text for t in times]
    return times[0]


# 2024-03-05 is a Tuesday.
@pytest.mark.parametrize(
    ("sentence", "published", "start", "end", "granularity"),
    [
        ("Troops moved in on Sunday.", "2024-03-05", "2024-03-03", "2024-03-03", "day"),
        ("Troops moved in on Tuesday.", "2024-03-05", "2024-03-05", "2024-03-05", "day"),
        ("Shots were heard Friday night.", "2024-03-05", "2024-03-01", "2024-03-01", "day"),
        ("They met last Tuesday.", "2024-03-05", "2024-02-27", "2024-02-27", "day"),
        ("Talks will resume on Thursday.", "2024-03-05", "2024-03-07", "2024-03-07", "day"),
        ("He arrived yesterday.", "2024-03-05", "2024-03-04", "2024-03-04", "day"),
        ("He arrived today.", "2024-03-05T23:00:00+00:00", "2024-03-05", "2024-03-05", "day"),
        ("Shelling resumed last night.", "2024-03-05", "2024-03-04", "2024-03-04", "day"),
        ("The push began last week.", "2024-03-04", "2024-02-26", "2024-03-03", "week"),
        ("Residents left over the weekend.", "2024-03-05", "2024-03-02", "2024-03-03", "range"),
        ("Residents left over the weekend.", "2024-03-03", "2024-03-02", "2024-03-03", "range"),
        ("It grew in the past 40 hours.", "2024-03-05", "2024-03-04", "2024-03-05", "range"),
        ("It grew in the past 48 hours.", "2024-03-05", "2024-03-03", "2024-03-05", "range"),
        ("They fled over the past three days.", "2024-03-05", "2024-03-02", "2024-03-05", "range"),
        ("The talks on March 3 failed.", "2024-03-05", "2024-03-03", "2024-03-03", "day"),
        ("The vote on 30 December was close.", "2024-01-02", "2023-12-30", "2023-12-30", "day"),
        (
            "The offensive began in late February.",
            "2024-03-03",
            "2024-02-21",
            "2024-02-29",
            "month",
        ),
        ("It began in early March.", "2024-03-20", "2024-03-01", "2024-03-10", "month"),
        (
            "It was signed at the end of last year.",
            "2024-03-05",
            "2023-09-01",
            "2023-12-31",
            "year",
        ),
        (
            "The ceasefire collapsed three days ago.",
            "2024-03-05",
            "2024-03-02",
            "2024-03-02",
            "day",
        ),
        ("It opened on March 3, 2019.", "2024-03-05", "2019-03-03", "2019-03-03", "day"),
        ("It opened on Tuesday, March 05, 2024.", None, "2024-03-05", "2024-03-05", "day"),
        ("It opened on 2021-06-01.", None, "2021-06-01", "2021-06-01", "day"),
        ("They have fought since 2019.", None, "2019-01-01", "2019-12-31", "year"),
        ("It was built in the 1950s.", None, "1950-01-01", "1959-12-31", "range"),
    ],
)
def test_expression_types(sentence, published, start, end, granularity):
    t = one(sentence, published)
    assert (t.value_start, t.value_end, t.granularity) == (start, end, granularity), t
    assert sentence[t.start : t.end] == t.text
    assert t.anchor in ("published", "absolute")
    assert 0 < t.confidence <= 1


def test_time_of_day_and_modifier_do_not_move_the_date():
    t = one("Services have been cut since Saturday night.", "2024-03-04")
    assert t.value_start == "2024-03-02"
    assert t.time_of_day == "night"
    assert t.modifier == "since"


def test_relative_dates_stay_unresolved_without_an_anchor():
    t = one("Troops moved in on Sunday.", None)
    assert t.value_start is None and t.anchor is None
    assert "no publication date" in t.note


def test_not_dates():
    assert timex.times_for_article(art("It may rain. Brodny, 47, led 2,019 fighters.")) == []
    assert timex.times_for_article(art("© 2024 The Harbor Ledger")) == []


def test_a_year_as_a_modifier_or_after_for_to_and_is_a_year_but_a_count_is_not():
    for text in (
        "Sanctions followed its 1990 invasion of Kuwait.",
        "Profits for 1988 fell.",
        "The ban runs into 2025.",
        "Tolls rose in both 2019 and 2021.",
    ):
        years = [t.value_start[:4] for t in timex.times_for_article(art(text))]
        assert years and all(y in text for y in years), (text, years)
    for text in ("Up to 2000 people fled.", "The 1900 troops left.", "It rose to 2019 of them."):
        assert timex.times_for_article(art(text)) == [], text


def test_event_anchored():
    times = timex.times_for_article(art("Two days before the strike, drones were seen."))
    (t,) = times
    assert t.kind == "event_relative" and t.value_start is None
    (done,) = dating.resolve_event_anchored(times, {"strike": "2024-03-03"})
    assert (done.value_start, done.anchor) == ("2024-03-01", "event")


def test_infer_undated_uses_the_story_window():
    dated = [art("x", "2024-03-03", "d1"), art("y", "2024-03-05", "d2")]
    undated = art("Drones hit on Sunday. On Monday they denied it.", None, "u1")
    times = {a.id: timex.times_for_article(a) for a in [*dated, undated]}
    anchors, new = dating.infer_undated([*dated, undated], times)
    assert anchors["d1"].anchor == "published"
    a = anchors["u1"]
    assert (a.anchor, a.start, a.end) == ("inferred", "2024-03-03", "2024-03-05")
    assert 0 < a.confidence < 1
    sunday, monday = new["u1"]
    # Every day of the window gives the same Sunday.
    assert (sunday.value_start, sunday.granularity, sunday.anchor) == (
        "2024-03-03",
        "day",
        "inferred",
    )
    # "Monday" is 26 February if it was written on the 3rd, 4 March if later: a range, not
    # the answer most days give.
    assert (monday.value_start, monday.value_end, monday.granularity) == (
        "2024-02-26",
        "2024-03-04",
        "range",
    )
    assert monday.anchor == "inferred" and "2024-02-26 or 2024-03-04" in monday.note


def test_infer_undated_cannot_predate_what_it_reports():
    """An undated article that reports an event dated 4 March was written on the 4th or
    later: its "Monday" is then that day, not the Monday before the story began."""
    dated = [art("x", "2024-03-03", "d1"), art("y", "2024-03-05", "d2")]
    undated = art("On Monday they denied it.", None, "u1")
    times = {a.id: timex.times_for_article(a) for a in [*dated, undated]}
    anchors, new = dating.infer_undated(
        [*dated, undated], times, reported={"u1": [date(2024, 3, 4)]}
    )
    assert (anchors["u1"].start, anchors["u1"].end) == ("2024-03-04", "2024-03-05")
    assert "latest dated event it reports: 2024-03-04" in anchors["u1"].basis
    (monday,) = new["u1"]
    assert (monday.value_start, monday.granularity) == ("2024-03-04", "day")


def test_infer_undated_own_dates_and_nothing_at_all():
    lone = art("Written on March 3, 2024. Protests began yesterday.", None, "u")
    anchors, new = dating.infer_undated([lone], {"u": timex.times_for_article(lone)})
    assert anchors["u"].anchor == "inferred" and anchors["u"].start == "2024-03-03"
    bare = art("Protests began yesterday.", None, "b")
    anchors, _ = dating.infer_undated([bare], {"b": timex.times_for_article(bare)})
    assert anchors["b"].anchor == "none"


def test_a_background_date_does_not_anchor_an_undated_article():
    """Alone, an undated article takes its window only from a date in its lead: a date
    further down ("the quake of October 8, 2005") is history, not when it was written."""
    lead = "Rescuers searched the rubble on Sunday after the quake. " * 8
    text = lead + "It was the worst since the quake of October 8, 2005, which killed thousands."
    a = art(text, None, "u")
    anchors, new = dating.infer_undated([a], {"u": timex.times_for_article(a)})
    assert anchors["u"].anchor == "none"
    assert all(t.value_start is None for t in new["u"] if t.text == "on Sunday")


def test_serialisable():
    times = timex.times_for_article(art("Drones hit on Sunday, in the past 48 hours."))
    json.dumps(to_dict(times))


# ANSWERS.md §6: (article key, expression, expected start[, end]).
SECTION_6 = [
    ("A1", "on Sunday", "2024-03-03", None),
    ("A1", "in late February", "2024-02", None),
    ("A3", "on Sunday afternoon", "2024-03-03", None),
    ("A3", "on Monday", "2024-03-04", None),
    ("A4", "yesterday", "2024-03-03", None),
    ("A4", "since Saturday night", "2024-03-02", None),
    ("A4", "on Monday", "2024-03-04", None),
    ("A4", "last week", "2024-02-26", "2024-03-03"),
    ("A5", "on Monday night", "2024-03-04", None),
    ("A5", "on Monday", "2024-03-04", None),
    ("A5", "on Tuesday", "2024-03-05", None),
    ("A5", "in the past 48 hours", "2024-03-03", "2024-03-05"),
    ("A6", "on Monday evening", "2024-03-04", None),
    ("A6", "at the end of last year", "2023", None),
    ("A7", "on Monday", "2024-03-04", None),
    ("A7", "over the weekend", "2024-03-02", "2024-03-03"),
    ("A7", "through Saturday night", "2024-03-02", None),
    ("A7", "on Tuesday", "2024-03-05", None),
]


def _key(a) -> str:
    outlet, pub = a.outlet or "", a.published or ""
    if outlet.startswith("Northgate"):
        return "A3" if pub.startswith("2024-03-04") else "A6"
    return {
        "Meridian Press Agency": "A1",
        "The Harbor Ledger": "A2",
        "The Eastbridge Courier": "A4",
        "Ridgeline Dispatch": "A5",
        "The Calderwick Times": "A7",
    }[outlet]


@pytest.fixture(scope="module")
def demo_times(demo_result, nlp):
    out = {}
    for a in demo_result.articles:
        sents = [s for s in demo_result.sentences if s.article_id == a.id]
        out[_key(a)] = (a, timex.times_for_article(a, nlp(a.text), sents))
    return out


@pytest.mark.parametrize(("key", "expr", "start", "end"), SECTION_6)
def test_answers_section_6(demo_times, key, expr, start, end):
    _, times = demo_times[key]
    hits = [t for t in times if t.text.lower().rstrip(".") == expr.lower()]
    assert hits, (expr, [t.text for t in times])
    for t in hits:
        assert t.value_start is not None and t.value_start.startswith(start), (expr, t)
        if end:
            assert t.value_end == end
        assert t.anchor in ("published", "absolute")


def test_answers_section_6_undated_article(demo_times):
    a2, times = demo_times["A2"]
    exprs = {t.text for t in times}
    assert {"on Sunday", "on Monday", "since Saturday night", "since Sunday"} <= exprs
    assert all(t.value_start is None for t in times)  # no anchor in the article itself
    articles = [a for a, _ in demo_times.values()]
    anchors, new = dating.infer_undated(articles, {a.id: ts for a, ts in demo_times.values()})
    assert anchors[a2.id].anchor == "inferred"
    got = {(t.text, t.value_start) for t in new[a2.id]}
    assert ("on Sunday", "2024-03-03") in got
    assert ("since Saturday night", "2024-03-02") in got
    # A2 alone gives its "Monday" no day within the story's 3-5 March: a range (see
    # test_infer_undated_cannot_predate_what_it_reports for what narrows it).
    assert ("on Monday", "2024-02-26") in got
    assert all(t.anchor == "inferred" for t in new[a2.id])


# --- the rules _params is made of, one at a time ----------------------------------------------


def test_every_pattern_kind_has_a_params_rule():
    assert {kind for kind, _ in timex.PATTERNS} <= set(timex._KIND_RULES)


def test_shared_params_reject_month_words_written_in_lower_case():
    import re

    lower = re.search(r"(?P<mon>may) (?P<day>5)", "we may 5")
    assert lower is not None and timex._shared_params(lower, "we may 5") is None
    upper = re.search(r"(?P<mon>May) (?P<day>5)", "on May 5")
    assert upper is not None
    assert timex._shared_params(upper, "on May 5") == {"prep": None, "future": False, "month": 5}


def test_numeric_date_rule_checks_the_calendar_and_the_century():
    assert timex._numeric_date("numeric_date", {"year": "23", "m": "2", "day": "29"}, {}) is None
    kind, p = timex._numeric_date("numeric_date", {"year": "24", "m": "2", "day": "29"}, {})
    assert (kind, p) == ("absolute_day", {"year": 2024, "m": 2, "day": 29, "numeric": True})


def test_counted_rule_needs_a_count():
    assert timex._counted("ago", {"num": "three", "unit": "Days"}, {}) == (
        "ago",
        {"n": 3, "unit": "days"},
    )
    assert timex._counted("past_period", {"num": "umpteen", "unit": "days"}, {}) is None


def test_relative_day_rule_keeps_the_time_of_day():
    kind, p = timex._relative_day("relative_day", {"rel": "last  night"}, {"future": False})
    assert (kind, p) == ("relative_day", {"future": False, "tod": "night", "offset": -1})


def test_weekday_rule_looks_back_forward_or_to_the_most_recent():
    def direction(prep: str | None, future: bool = False) -> str:
        p = {"prep": prep, "future": future}
        _, out = timex._weekday("weekday", {"wd": "Sunday", "prep": prep}, p)
        assert out["wd"] == 6
        return out["direction"]

    assert direction("last") == "last"
    assert direction("this coming") == "next"
    assert direction("on", future=True) == "next"
    assert direction("on") == "past"


# --- TimeML conventions and rules read off TimeBank (train) errors, on invented sentences ----


def value(text: str, published: str = "2024-03-05") -> tuple[str, str | None, str | None, str]:
    t = one(text, published)
    return t.text, t.value_start, t.value_end, t.granularity


def test_this_month_name_is_the_one_of_the_publication_year():
    # Without "this", September 2023 is nearer to 5 March 2024 than September 2024.
    assert value("Parliament sits this September.")[1:] == ("2024-09-01", "2024-09-30", "month")


def test_a_month_or_day_with_a_year_relative_to_publication():
    assert value("The talks failed in July last year.") == (
        "in July last year",
        "2023-07-01",
        "2023-07-31",
        "month",
    )
    assert value("It reopened on March 4 this year.")[1:] == ("2024-03-04", "2024-03-04", "day")
    assert value("It opens in June next year.")[1] == "2025-06-01"


def test_months_and_years_ago_count_calendar_months_and_years():
    # 150 days before 31 March is 2 November; five calendar months before it is October.
    assert value("The siege began five months ago.", "2024-03-31")[1:] == (
        "2023-10-31",
        "2023-10-31",
        "month",
    )
    assert value("It closed two years ago.", "2024-02-29")[1:] == (
        "2022-02-28",
        "2022-02-28",
        "year",
    )
    assert value("It closed three days ago.")[1] == "2024-03-02"


def test_decades_with_a_part_an_apostrophe_or_in_words():
    assert value("Rents soared in the late 1970s.")[1:] == ("1977-01-01", "1979-12-31", "range")
    assert value("It was built in the mid-1980s.")[1:] == ("1984-01-01", "1986-12-31", "range")
    assert value("Crime fell in the nineties.")[1:] == ("1990-01-01", "1999-12-31", "range")
    assert value("A hit of the '80s.")[1:] == ("1980-01-01", "1989-12-31", "range")
    assert value("A hit of the ’80s.")[1] == value("A hit of the 1980’s.")[1] == "1980-01-01"
    assert value("Crime fell in the nineties.", "1985-01-01")[1] == "1890-01-01"
    t = one("Crime fell in the nineties.", None)  # no anchor: the 1900s
    assert t.value_start == "1990-01-01" and t.anchor == "absolute"


def test_years_spelled_out():
    assert value("It was founded in nineteen ninety-six.")[1:] == (
        "1996-01-01",
        "1996-12-31",
        "year",
    )
    assert value("He spoke of the year two thousand.")[1] == "2000-01-01"
    assert value("The flood of nineteen oh five.")[1] == "1905-01-01"
    assert value("They met in January nineteen ninety-seven.")[1:] == (
        "1997-01-01",
        "1997-01-31",
        "month",
    )
    assert value("It opens on March eighth.")[1:] == ("2024-03-08", "2024-03-08", "day")


def test_a_bare_year_is_a_year_but_a_number_is_not():
    assert value("That 1978 resolution failed.")[:2] == ("1978", "1978-01-01")
    assert value("Sales in fiscal 1989 rose.")[:2] == ("fiscal 1989", "1989-01-01")
    for text in (
        "Some 1900 were hurt.",
        "The curfew starts at 1930 GMT.",
        "Resolution 2254 passed.",
        "Profits rose 2019 percent.",
        "It cost $1990 a head.",
    ):
        assert timex.times_for_article(art(text)) == [], text


def test_the_current_year_and_the_end_of_the_year_are_the_publication_year():
    assert value("Sales rose in the current fiscal year.")[1:] == (
        "2024-01-01",
        "2024-12-31",
        "year",
    )
    assert value("Troops leave by the end of the year.") == (
        "by the end of the year",
        "2024-09-01",
        "2024-12-31",
        "year",
    )
    assert value("Rain fell earlier in the month.")[1:] == ("2024-03-01", "2024-03-10", "month")
    assert timex.times_for_article(art("The end of the year-ago quarter.")) == []


def test_a_month_name_alone_after_for_of_to_a_the():
    assert value("The figures for January were weak.") == (
        "January",
        "2024-01-01",
        "2024-01-31",
        "month",
    )
    assert value("Under a June agreement, they left.")[:2] == ("June", "2023-06-01")
    for text in ("They wrote to April Glaspie.", "Support for May grew.", "Shares of Octel rose."):
        assert timex.times_for_article(art(text)) == [], text
    assert timex.times_for_article(art("It bought 1,384,119 Octel shares.")) == []


def test_a_date_before_a_colon_is_still_a_date():
    assert value("In an editorial on Saturday, April 25: the court erred.", "2024-04-27") == (
        "on Saturday, April 25",
        "2024-04-25",
        "2024-04-25",
        "day",
    )


def test_is_to_and_set_to_look_forward_but_is_to_blame_does_not():
    # 2024-03-07 is a Thursday.
    assert value("Trading is to resume Tuesday.", "2024-03-07")[1] == "2024-03-12"
    assert value("The talks, set to resume Monday, were delayed.", "2024-03-07")[1] == "2024-03-11"
    assert value("The gang is to blame, police said Monday.", "2024-03-07")[1] == "2024-03-04"


def test_a_hyphenated_duration_entity_is_no_date():
    # spaCy tags "a two-year term" DATE; dateparser would make a day of it.
    for text in ("two-year", "10-hour", "30-year", "eight-year-old"):
        assert timex._dateparser_candidate(text, date(2024, 3, 5)) is None, text
