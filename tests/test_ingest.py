"""Ingest: formats, normalisation with offset maps, furniture, dates, outlets, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.ingest import normalize, read_paths, read_text
from rashomon.model import Article, IngestResult

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "data" / "seeds"

BODY = (
    "The Taliban said on Monday that their fighters had taken full control of the valley.\n\n"
    "Resistance leaders denied the claim and said fighting would continue in the mountains.\n\n"
    "A spokesman for the foreign ministry rejected reports that drones had been used."
)
HEADLINE = "Taliban claim full control of Panjshir valley"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(result: IngestResult) -> Article:
    assert len(result.articles) == 1, (result.skipped, [a.path for a in result.articles])
    return result.articles[0]


def reasons(result: IngestResult) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in result.skipped}


def assert_maps_back(article: Article) -> None:
    """Every non-space character of the text is the character it maps to in the source."""
    for i, ch in enumerate(article.text):
        j = article.to_original(i)
        if not ch.isspace():
            assert article.source_text[j] == ch, (i, ch, j)


# --- normalise ---------------------------------------------------------------------------


def test_normalize_spaces_newlines_and_invisible_characters() -> None:
    raw = (
        "Kabul\u00a0fell\tquickly.\u200b  \r\nSoft\u00adhyphen\u2009here   "
        "\r\n\r\n\r\n\r\nNext\ufeff"
    )
    text, anchors = normalize(raw)
    assert text == "Kabul fell quickly.\nSofthyphen here\n\nNext"
    assert anchors[0] == (0, 0)
    assert anchors == sorted(anchors)


def test_normalize_keeps_curly_quotes_and_composes_to_nfc() -> None:
    text, anchors = normalize("\u201cIt\u2019s over,\u201d said Jose\u0301.")
    assert text == "\u201cIt\u2019s over,\u201d said Jos\u00e9."
    art = Article(id="x", path="p", text=text, source_text="", offset_anchors=anchors)
    assert art.to_original(text.index("\u00e9") + 1) == len(
        "\u201cIt\u2019s over,\u201d said Jose\u0301"
    )


# Letters, odd spaces, invisible characters, combining marks, Hangul jamo, NFC singletons.
_ALPHABET = st.sampled_from(
    [
        *"ab Z.,'\u2019\u201c\n\r\t\x85\u00a0\u2003\u202f\u3000\u200b\u200d\u00ad\ufeff",
        *"\u0301\u0327\u1100\u1161\u11a8\u212b\u0344",
        "e\u0301",
    ]
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200d\u00ad\ufeff"))
_SPACES = set(" \t\x0b\x0c\u00a0\u1680\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_normalize_offset_map_points_at_the_same_characters(raw: str) -> None:
    text, anchors = normalize(raw)
    art = Article(id="x", path="p", text=text, source_text=raw, offset_anchors=anchors)
    assert unicodedata.is_normalized("NFC", text)
    assert "  " not in text and "\n\n\n" not in text and " \n" not in text
    previous = 0
    for i, ch in enumerate(text):
        j = art.to_original(i)
        assert previous <= j < len(raw)
        previous = j
        if ch == " ":
            assert raw[j] in _SPACES
        elif ch == "\n":
            assert raw[j] in "\r\n\x85"
        elif raw[j] != ch:
            # Only NFC (composition, canonical reordering) may change a character.
            window = raw[max(0, j - 8) : j + 16].translate(_INVISIBLE)
            assert ch in unicodedata.normalize("NFC", window)
            assert not unicodedata.is_normalized("NFC", window)
    assert art.to_original(len(text)) <= len(raw)


_STORY_LINES = [
    "The valley fell on Monday, the group said.",
    "Leaders\u00a0denied  the claim.",
    "\u201cWe will fight on,\u201d he said.",
]
_FURNITURE_LINES = ["Share on Facebook", "Also Read: Other news", "2 mins", "\u2022 twitter", ""]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_STORY_LINES + _FURNITURE_LINES), min_size=2, max_size=14))
def test_offsets_survive_furniture_removal(lines: list[str]) -> None:
    raw = "\r\n".join([HEADLINE, "", *lines, "", BODY])
    art = read_text(raw)
    assert "Share on" not in art.text and "Also Read" not in art.text
    assert_maps_back(art)


# --- plain text and titles -----------------------------------------------------------------


def test_txt_title_is_first_line_and_stays_in_text(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", f"{HEADLINE}\n\n{BODY}\n")
    art = only_article(read_paths([tmp_path / "a.txt"]))
    assert art.title == HEADLINE
    assert art.text.startswith(HEADLINE + "\n\n")
    assert art.format == "txt"
    assert art.id == "a" + hashlib.sha1(art.text.encode()).hexdigest()[:10]
    assert art.source_text == f"{HEADLINE}\n\n{BODY}\n"


@pytest.mark.parametrize(
    ("first", "title"),
    [
        (
            "Did Pakistan help the Taliban in Panjshir?",
            "Did Pakistan help the Taliban in Panjshir?",
        ),
        ("Panjshir falls.", "Panjshir falls."),  # short, and set apart by a blank line
        ("The Taliban said " + "on Monday that the valley had fallen " * 8 + "today.", None),
        ("A long opening paragraph that ends with a full stop and runs on. It has two.", None),
        ("The Taliban took the valley.", None),  # a short lead paragraph, not a headline
        (
            "Saleh says Kabul fell to Pakistani drones.",
            "Saleh says Kabul fell to Pakistani drones.",
        ),
        (
            "Resistance Leader: \u2018Pakistani Drones Bombed Our Positions\u2019 in the Valley.",
            "Resistance Leader: \u2018Pakistani Drones Bombed Our Positions\u2019 in the Valley.",
        ),
    ],
)
def test_title_detection(first: str, title: str | None) -> None:
    assert read_text(f"{first}\n\n{BODY}").title == title


def test_single_paragraph_has_no_title() -> None:
    assert read_text("The Taliban said on Monday that the valley had fallen").title is None


def test_markdown_heading_is_title(tmp_path: Path) -> None:
    write(tmp_path, "a.md", f"# {HEADLINE}\n\n{BODY}")
    art = only_article(read_paths([tmp_path]))
    assert art.title == HEADLINE and art.text.startswith(HEADLINE)
    assert art.format == "md"
    assert_maps_back(art)


# --- furniture ---------------------------------------------------------------------------

FURNITURE = [
    "Also Read: Tajikistan honours resistance icons",
    "Read more: Taliban name new government",
    "READ ALSO",
    "Share this article",
    "Share on Facebook",
    "Share on WhatsApp",
    "youtube",
    "  \u2022 facebook",
    "Facebook | Twitter | WhatsApp",
    "Subscribe to our newsletter",
    "Click here to get the latest updates",
    "Follow us on Twitter",
    "\u2022 (not be published)",
    "Advertisement",
    "2 mins",
    "3 min read",
    "Tags: Taliban, Panjshir",
    "* * *",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_dropped(line: str) -> None:
    paragraphs = BODY.split("\n\n")
    raw = "\n\n".join([HEADLINE, paragraphs[0], line, *paragraphs[1:]])
    art = read_text(raw)
    assert line.strip(" \u2022") not in art.text
    assert art.text == "\n\n".join([HEADLINE, *paragraphs])
    assert_maps_back(art)


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Taliban fighters at a checkpoint in Kabul (Reuters)",
        "Image credit: AFP",
        "Share prices in Kabul fell sharply after the announcement.",
        "Follow-up talks are planned for next week, officials said.",
        "Her family had asked that her name not be published for fear of reprisals.",
        "UPDATED 8:28 p.m.: The ministry released a statement about the video on Tuesday.",
        "Published in 2019, the report found that the valley was poorly defended.",
    ],
)
def test_captions_and_story_lines_are_kept(line: str) -> None:
    art = read_text(f"{HEADLINE}\n\n{line}\n\n{BODY}")
    assert line in art.text


def test_leave_a_reply_cuts_the_tail() -> None:
    raw = (
        f"{HEADLINE}\n\n{BODY}\n\nLeave a Reply\n\nYour name\n  \u2022 (not be published)\nComment"
    )
    art = read_text(raw)
    assert art.text.endswith("drones had been used.")
    assert "Leave a Reply" not in art.text and "Comment" not in art.text


def test_copyright_under_the_comment_form_still_names_the_outlet() -> None:
    raw = (
        f"{HEADLINE}\n\n{BODY}\n\nLeave a Reply\n"
        "Your email address will not be published. Required fields are marked *\n\n"
        "\u00a9 2024 The Eastbridge Courier. All rights reserved."
    )
    art = read_text(raw)
    assert art.outlet == "The Eastbridge Courier"
    assert art.text == f"{HEADLINE}\n\n{BODY}"
    assert read_text(raw, outlet="Mine").outlet == "Mine"


def test_link_list_mid_article_is_dropped_and_story_continues() -> None:
    paragraphs = BODY.split("\n\n")
    links = "RELATED ARTICLES\nTaliban name new cabinet\nWho are the resistance? Explained\n"
    raw = f"{HEADLINE}\n\n{paragraphs[0]}\n\n{links}{paragraphs[1]}\n\n{paragraphs[2]}"
    art = read_text(raw)
    assert art.text == "\n\n".join([HEADLINE, *paragraphs])
    assert_maps_back(art)


def test_comment_widget_mid_article_drops_only_the_marker() -> None:
    more = "\n\n".join([BODY.replace("Monday", day) for day in ("Tuesday", "Friday", "Sunday")])
    raw = f"{HEADLINE}\n\n{BODY}\n\nADD A COMMENT\n0\n\n{more}"
    art = read_text(raw)
    assert art.text == f"{HEADLINE}\n\n{BODY}\n\n{more}"


def test_tail_marker_early_in_text_does_not_cut() -> None:
    raw = f"{HEADLINE}\n\nComments\n\n{BODY}"
    assert BODY in read_text(raw).text


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Posted on March 03, 2024, 1:43 pm", "2024-03-03T13:43"),
        ("Published on: Monday, March 04, 2024", "2024-03-04"),
        ("Published: 2021-09-06", "2021-09-06"),
        ("Updated: Sept. 7, 2021 09:05 GMT", "2021-09-07T09:05"),
        ("September 6, 2021 11:43 AM IST", "2021-09-06T11:43"),
        ("6th September 2021", "2021-09-06"),
        ("By Jane Doe | September 6, 2021", "2021-09-06"),
    ],
)
def test_date_lines_are_read_and_removed(line: str, iso: str) -> None:
    for raw in (f"{HEADLINE}\n\n{line}\n\n{BODY}", f"{HEADLINE}\n\n{BODY}\n\n{line}"):
        art = read_text(raw)
        assert (art.published, art.published_from) == (iso, "text")
        assert line not in art.text
        assert_maps_back(art)


def test_dateline_with_year_is_read_and_only_the_story_kept() -> None:
    art = read_text(f"{HEADLINE}\n\nKABUL, Sept 5, 2021 (Reuters) - {BODY}")
    assert (art.published, art.published_from, art.outlet) == ("2021-09-05", "text", "Reuters")
    assert art.text == f"{HEADLINE}\n\n{BODY}"
    assert_maps_back(art)


def test_dateline_line_of_its_own_gives_date_and_outlet_and_is_dropped() -> None:
    line = "MARAVEL, Velmora, March 3, 2024 (Meridian Press Agency)"
    art = read_text(f"{HEADLINE}\n\n{line}\n\n{BODY}")
    assert (art.published, art.published_from) == ("2024-03-03", "text")
    assert art.outlet == "Meridian Press Agency"
    assert art.title == HEADLINE and art.text == f"{HEADLINE}\n\n{BODY}"
    assert not art.warnings
    assert_maps_back(art)


@pytest.mark.parametrize(
    ("prefix", "agency"),
    [
        ("KABUL, Sept 5 (Reuters) \u2014 ", "Reuters"),
        ("KABUL, Sept. 5 (Reuters) - ", "Reuters"),
        ("KABUL (Reuters) - ", "Reuters"),
        ("NEW YORK (AP) \u2014 ", "AP"),
        ("KABUL, Afghanistan (AP) \u2014 ", "AP"),
        ("Kabul, Sept 5 (Reuters) - ", "Reuters"),
        ("MARAVEL, March 3 (Meridian Press Agency) -- ", "Meridian Press Agency"),
    ],
)
def test_dateline_forms_name_the_agency_and_keep_the_story(prefix: str, agency: str) -> None:
    for raw in (f"{HEADLINE}\n\n{prefix}{BODY}", f"{HEADLINE}\n\n{prefix.rstrip()}\n\n{BODY}"):
        art = read_text(raw)
        assert art.outlet == agency, raw
        assert art.published is None and art.published_from is None
        assert art.text == f"{HEADLINE}\n\n{BODY}", raw
        assert_maps_back(art)


def test_metadata_and_copyright_outlets_win_over_the_dateline_agency() -> None:
    raw = f"{HEADLINE}\n\nKABUL (Reuters) - {BODY}"
    assert read_text(raw, outlet="The Daily Kabul").outlet == "The Daily Kabul"
    assert read_text(f"{raw}\n\n\u00a9 2021 The Daily Kabul").outlet == "The Daily Kabul"


@pytest.mark.parametrize(
    "line",
    [
        "BREAKING NEWS (VIDEO) - Fighting in the valley",
        "TALIBAN TAKE PANJSHIR (UPDATED)",
        "NATO (North Atlantic Treaty Organization)",
        "Kabul, March 3 - the day the valley fell to the Taliban fighters.",
        "Officials (who asked not to be named) - said the valley had fallen.",
    ],
)
def test_lines_that_only_look_like_datelines_stay(line: str) -> None:
    art = read_text(f"{HEADLINE}\n\n{line}\n\n{BODY}")
    assert line in art.text and art.outlet is None and art.published is None


def test_dateline_without_year_invents_nothing() -> None:
    art = read_text(f"{HEADLINE}\n\nKABUL, Sept 5 (Reuters) - {BODY}")
    assert art.published is None and art.published_from is None
    assert any("no year" in w for w in art.warnings)


def test_published_preferred_over_updated_and_relative_dates_ignored() -> None:
    raw = f"Updated: Sept. 9, 2021\n\n{HEADLINE}\n\nPublished: 2021-09-06\n\n{BODY}"
    assert read_text(raw).published == "2021-09-06"
    art = read_text(f"{HEADLINE}\n\nUpdated: 5 hours ago\n\n{BODY}")
    assert art.published is None and "hours ago" not in art.text


def test_no_date_in_text_gives_none() -> None:
    art = read_text(f"{HEADLINE}\n\nIn 2021 the Taliban took Kabul on August 15.\n\n{BODY}")
    assert art.published is None


def test_metadata_date_wins_over_text() -> None:
    art = read_text(f"{HEADLINE}\n\nPosted on March 03, 2024\n\n{BODY}", published="2021-09-06")
    assert (art.published, art.published_from) == ("2021-09-06", "metadata")
    assert "Posted on" not in art.text


# --- outlets -----------------------------------------------------------------------------


def test_outlet_from_brand_line_above_menu() -> None:
    raw = f"English News\n\nthefrontier\n  \u2022 youtube\n  \u2022 twitter\n\n{HEADLINE}\n\n{BODY}"
    art = read_text(raw)
    assert art.outlet == "thefrontier"
    assert art.title == HEADLINE and art.text.startswith(HEADLINE)
    assert_maps_back(art)


def test_headline_above_social_lines_is_not_an_outlet() -> None:
    art = read_text(f"Taliban take Panjshir\n\u2022 facebook\n\u2022 twitter\n\n{BODY}")
    assert art.outlet is None and art.title == "Taliban take Panjshir"


@pytest.mark.parametrize(
    ("tail", "outlet"),
    [
        ("\u00a9 2024 The Daily Kabul", "The Daily Kabul"),
        ("Copyright 2021 Frontier Post. All rights reserved.", "Frontier Post"),
        ("Valley Voice brings the perspective of readers across the world.", "Valley Voice"),
    ],
)
def test_outlet_from_trailing_boilerplate(tail: str, outlet: str) -> None:
    art = read_text(f"{HEADLINE}\n\n{BODY}\n\n{tail}")
    assert art.outlet == outlet
    assert tail not in art.text


def test_photo_credit_is_not_an_outlet() -> None:
    art = read_text(f"{HEADLINE}\n\n{BODY}\n\n\u00a9 AP Photo/ Jane Doe")
    assert art.outlet is None


def test_outlet_from_url_host_and_none_without_evidence() -> None:
    assert read_text(BODY, url="https://www.example-news.com/a/b").outlet == "example-news.com"
    assert read_text(f"{HEADLINE}\n\n{BODY}").outlet is None


# --- JSON --------------------------------------------------------------------------------


def test_jsonl_malformed_line_is_reported_and_others_read(tmp_path: Path) -> None:
    good = {"title": HEADLINE, "text": BODY, "source": "Wire A", "date": "2021-09-06T10:15:00Z"}
    rows = [
        json.dumps(good),
        '{"text": "broken',
        "",
        json.dumps({"headline": "Second", "body": BODY.replace("Monday", "Tuesday")}),
        json.dumps({"title": "No text here"}),
        json.dumps(["not", "an", "object"]),
    ]
    write(tmp_path, "feed.jsonl", "\n".join(rows))
    result = read_paths([tmp_path / "feed.jsonl"])
    paths = [a.path for a in result.articles]
    assert paths == [f"{tmp_path / 'feed.jsonl'}:1", f"{tmp_path / 'feed.jsonl'}:4"]
    first = result.articles[0]
    assert (first.outlet, first.published, first.published_from) == (
        "Wire A",
        "2021-09-06T10:15",
        "metadata",
    )
    assert first.title == HEADLINE and first.text.startswith(HEADLINE + "\n\n")
    assert_maps_back(first)
    lines = {s.line: s.reason for s in result.skipped}
    assert set(lines) == {2, 5, 6}
    assert lines[2].startswith("malformed JSON: ")
    assert lines[5].startswith("no text field")
    assert all(s.path == str(tmp_path / "feed.jsonl") for s in result.skipped)


def test_json_list_and_field_fallbacks(tmp_path: Path) -> None:
    items = [
        {
            "articleBody": BODY,
            "publisher": {"name": "Kabul Times"},
            "datePublished": "Sept 6, 2021",
        },
        {
            "content": BODY + " More.",
            "url": "https://news.example.org/x",
            "published_at": 1630900000,
        },
        {"title": "missing"},
    ]
    write(tmp_path, "list.json", json.dumps(items))
    result = read_paths([tmp_path])
    a, b = result.articles
    assert a.path.endswith("list.json#1") and a.outlet == "Kabul Times"
    assert a.published == "2021-09-06"
    assert b.outlet == "news.example.org" and b.url == "https://news.example.org/x"
    assert b.published == "2021-09-06T03:46"
    assert reasons(result)["list.json"].endswith("(item 3)")


def test_json_single_object_and_malformed_file(tmp_path: Path) -> None:
    write(tmp_path, "one.json", json.dumps({"text": BODY, "outlet": "Solo"}))
    write(tmp_path, "bad.json", '{"text": "x",\n  oops}')
    result = read_paths([tmp_path])
    art = only_article(result)
    assert art.path == str(tmp_path / "one.json") and art.outlet == "Solo"
    (bad,) = result.skipped
    assert bad.reason.startswith("malformed JSON: ") and bad.line == 2


# --- HTML --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Taliban claim Panjshir - The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Taliban claim full control of Panjshir">
<meta property="article:published_time" content="2021-09-06T11:43:00+05:30">
<link rel="canonical" href="https://www.dailyexample.com/world/taliban-panjshir">
<script>var tracking = "SCRIPT_IN_HEAD";</script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<header><div class="logo">The Daily Example</div></header>
<article>{h1}
<p>The Taliban said on Monday that they had taken full control of the Panjshir Valley,
the last holdout of the resistance forces in Afghanistan.</p>
<p>Resistance leaders denied the claim and said fighting would continue in the mountains,
according to statements posted online.</p>
<script>console.log("SCRIPT_IN_BODY")</script>
<p>Pakistan denied reports that its drones had been used in the offensive, a foreign
ministry spokesman said in Islamabad.</p></article>
<footer><p>Privacy policy and terms of use for this website</p></footer></body></html>"""


@pytest.mark.parametrize("h1", ["<h1>Taliban claim full control of Panjshir</h1>", ""])
def test_html_main_text_title_and_metadata(tmp_path: Path, h1: str) -> None:
    write(tmp_path, "page.html", PAGE.replace("{h1}", h1))
    art = only_article(read_paths([tmp_path]))
    assert art.format == "html"
    assert art.title == "Taliban claim full control of Panjshir"
    assert art.text.startswith(art.title + "\n\n")
    assert "The Taliban said on Monday" in art.text and "Islamabad." in art.text
    assert "SCRIPT_IN" not in art.text and "Privacy" not in art.text and "Home" not in art.text
    assert (art.outlet, art.published, art.published_from) == (
        "The Daily Example",
        "2021-09-06T11:43",
        "metadata",
    )
    assert art.url == "https://www.dailyexample.com/world/taliban-panjshir"
    assert_maps_back(art)


def test_html_time_from_meta_tag_when_the_url_gives_only_the_day(tmp_path: Path) -> None:
    dated_url = "https://www.dailyexample.com/world/2021/09/06/taliban-panjshir"
    page = PAGE.replace("{h1}", "").replace(
        "https://www.dailyexample.com/world/taliban-panjshir", dated_url
    )
    write(tmp_path, "page.html", page)
    art = only_article(read_paths([tmp_path]))
    assert (art.published, art.published_from, art.url) == (
        "2021-09-06T11:43",
        "metadata",
        dated_url,
    )


def test_html_fallback_when_extractor_finds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.ingest import formats

    monkeypatch.setattr(formats, "_trafilatura", lambda html: None)
    write(tmp_path, "page.htm", PAGE.replace("{h1}", ""))
    result = read_paths([tmp_path])
    art = only_article(result)
    assert "The Taliban said on Monday" in art.text and "SCRIPT_IN" not in art.text
    assert art.warnings and "trafilatura" in art.warnings[0]
    assert [n.reason for n in result.notices] == art.warnings


DEEP = 10_000  # far below libxml2's 256 levels, where trafilatura and lxml stop reading
DEEP_STORY = (
    "The council said on Monday that the new bridge over the Alder river would open in May "
    "&amp; that tolls would stay at two euros, a spokeswoman said."
)


def test_html_nested_too_deep_for_a_tree_falls_back_to_plain_text(tmp_path: Path) -> None:
    deep = (
        "<html><head><title>Bridge to open in May</title><style>p{color:red}</style></head>"
        f"<body>{'<div>' * DEEP}<p>{DEEP_STORY}</p>{'</div>' * DEEP}"
        "<script>var hidden = 'SCRIPT_TEXT';</script></body></html>"
    )
    write(tmp_path, "deep.html", deep)
    write(tmp_path, "normal.html", PAGE.replace("{h1}", ""))
    result = read_paths([tmp_path])
    by_name = {Path(a.path).name: a for a in result.articles}
    art = by_name["deep.html"]
    assert DEEP_STORY.replace("&amp;", "&") in art.text
    assert art.title == "Bridge to open in May"
    assert "SCRIPT_TEXT" not in art.text and "color" not in art.text
    assert art.warnings == ["main text not found by trafilatura; used the page's plain text"]
    assert [Path(n.path).name for n in result.notices] == ["deep.html"]
    assert_maps_back(art)
    # A normal page still goes through trafilatura, with no caveat.
    assert by_name["normal.html"].warnings == [] and "Home" not in by_name["normal.html"].text


def test_plain_text_reader_keeps_visible_blocks_only() -> None:
    from rashomon.ingest.html_text import plain_text

    page = (
        "<html><head><title>Budget\n  vote</title><meta charset=utf-8>"  # <head> never closed
        "<body><nav>Home | World</nav><h1>Council backs budget</h1>"
        "<p>The vote was 7&ndash;2,<br>with one&nbsp;abstention.</p><ul><li>Roads</li>"
        "<li>Schools</li></ul><noscript>Enable JS</noscript><template><p>T</p></template>"
        "<svg><title>icon</title></svg><footer>Privacy policy</footer></body></html>"
    )
    title, text = plain_text(page)
    assert title == "Budget vote"
    assert text.split("\n\n") == [
        "Council backs budget",
        "The vote was 7–2,",
        "with one abstention.",
        "Roads",
        "Schools",
    ]


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "empty.html", "<html><head><script>x()</script></head><body></body></html>")
    assert reasons(read_paths([tmp_path])) == {"empty.html": "no article text found in the HTML"}


# --- bad input ---------------------------------------------------------------------------


def test_bad_inputs_are_skipped_with_reasons(tmp_path: Path) -> None:
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "blank.txt", "  \n\t\n\u00a0 ")
    write(tmp_path, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    write(tmp_path, "short.txt", "Too short.")
    write(tmp_path, "good.txt", BODY)
    write(tmp_path, "copy.txt", BODY + "\n\n\n")
    names = [tmp_path, tmp_path / "missing.txt", "https://example.com/a", "www.example.com/b"]
    result = read_paths(names)
    got = reasons(result)
    assert got["empty.txt"] == "empty file"
    assert got["blank.txt"] == "empty file"
    assert got["binary.txt"] == "binary file, not text"
    assert got["short.txt"] == "too short"
    assert got["missing.txt"] == "no such file"
    assert got["a"] == got["b"] == "URLs are not fetched: download the page and pass the file"
    assert got["good.txt"] == f"duplicate of {tmp_path / 'copy.txt'}"
    assert [Path(a.path).name for a in result.articles] == ["copy.txt"]


def test_invalid_utf8_is_decoded_with_notice(tmp_path: Path) -> None:
    write(
        tmp_path,
        "cp.txt",
        f"{HEADLINE}\n\n\u201cWe will fight,\u201d he said. {BODY}".encode("cp1252"),
    )
    result = read_paths([tmp_path])
    art = only_article(result)
    assert "\u201cWe will fight,\u201d" in art.text
    assert art.warnings == ["not valid UTF-8; decoded as cp1252"]
    assert [(Path(n.path).name, n.reason) for n in result.notices] == [
        ("cp.txt", "not valid UTF-8; decoded as cp1252")
    ]


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + BODY.encode())
    write(tmp_path, "wide.txt", (HEADLINE + "\n\n" + BODY).encode("utf-16"))
    result = read_paths([tmp_path])
    assert len(result.articles) == 2 and not result.notices
    assert all(a.text.endswith("drones had been used.") for a in result.articles)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(int(23.4 * 2**20), "23.4 MB"), (20 * 2**20 + 1, "20.1 MB")],  # never "20.0 MB"
)
def test_file_too_large_names_its_size_and_the_limit(tmp_path: Path, size: int, shown: str) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(size)  # sparse: no data written
    reason = f"file too large: {shown}, the limit is 20 MB"
    assert reasons(read_paths([big])) == {"big.txt": reason}


def test_text_too_long_for_the_machine_is_skipped_with_the_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.ingest import files

    monkeypatch.setattr(files, "machine_memory", lambda: 2**30)  # a 1 GB machine
    paragraph = "The council met on Monday and voted to repair the bridge over the river.\n\n"
    write(tmp_path, "long.txt", paragraph * 30_000)  # 2.2 M characters
    write(tmp_path, "short.txt", BODY)
    result = read_paths([tmp_path])
    assert [Path(a.path).name for a in result.articles] == ["short.txt"]
    assert reasons(result) == {
        "long.txt": "text too long: 2.2 M characters need about 1.2 GB of memory; "
        "this machine has 1.0 GB"
    }
    with pytest.raises(ValueError, match="text too long"):
        read_text(paragraph * 30_000)


def test_file_larger_than_its_stat_size_is_refused_when_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after stat, or whose stat gives no size (/proc), is cut at the limit."""
    from rashomon.ingest import files

    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(files.MAX_BYTES + 1)
    real_stat = os.stat

    def stat_without_size(path: str | os.PathLike[str], *args: object, **kwargs: object):
        fields = list(real_stat(path, *args, **kwargs))  # type: ignore[arg-type]
        fields[6] = 0  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(files.os, "stat", stat_without_size)
    assert reasons(read_paths([big])) == {
        "big.txt": "file too large: over 20 MB, the limit is 20 MB"
    }


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", BODY)
    path.chmod(0)
    try:
        assert reasons(read_paths([path])) == {"locked.txt": "permission denied"}
    finally:
        path.chmod(0o644)


def test_permission_denied_reason_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rashomon.ingest import files

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, "locked.txt", BODY)
    monkeypatch.setattr(files, "open", deny, raising=False)
    assert reasons(read_paths([path])) == {"locked.txt": "permission denied"}


def test_symlink_loop_and_unsupported_files(tmp_path: Path) -> None:
    write(tmp_path, "d/a.txt", BODY)
    write(tmp_path, "d/notes.pdf", "%PDF-1.4")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    pdf = tmp_path / "d" / "notes.pdf"
    result = read_paths([tmp_path / "d", pdf, tmp_path / "self.txt"])
    assert [Path(a.path).name for a in result.articles] == ["a.txt"]
    assert reasons(result) == {
        "loop": "symlink loop",
        "notes.pdf": "unsupported file type",
        "self.txt": "symlink loop",
    }


def test_one_bad_file_never_stops_the_others(tmp_path: Path) -> None:
    write(tmp_path, "1.txt", b"\x00\x01\x02")
    write(tmp_path, "2.jsonl", "{nope\n")
    write(tmp_path, "3.txt", BODY)
    result = read_paths([tmp_path])
    assert [Path(a.path).name for a in result.articles] == ["3.txt"]
    assert len(result.skipped) == 2


# --- folders -----------------------------------------------------------------------------


def test_folder_recursion_order_hidden_and_progress(tmp_path: Path) -> None:
    for i, name in enumerate(["b/2.txt", "a/z.md", "a/sub/y.html", "c.text", "a.ndjson"]):
        body = f"{BODY} Number {i}."
        if name.endswith("html"):
            content = f"<html><body><article><p>{body}</p></article></body></html>"
        elif name.endswith("ndjson"):
            content = json.dumps({"text": body}) + "\n" + json.dumps({"text": body + " Two."})
        else:
            content = body
        write(tmp_path, name, content)
    write(tmp_path, ".hidden/x.txt", BODY + " hidden")
    write(tmp_path, "a/.secret.txt", BODY + " secret")
    write(tmp_path, "a/readme.rst", BODY)
    seen: list[int] = []
    result = read_paths([tmp_path / "c.text", tmp_path], progress=seen.append)
    rel = [os.path.relpath(a.path, tmp_path) for a in result.articles]
    assert rel == ["a/sub/y.html", "a/z.md", "a.ndjson:1", "a.ndjson:2", "b/2.txt", "c.text"]
    assert seen == [1, 2, 3, 4, 5]
    assert not result.skipped and not result.notices


def test_many_files_are_fast(tmp_path: Path) -> None:
    for i in range(400):
        write(tmp_path, f"f{i:04}.txt", f"{HEADLINE} {i}\n\nPosted on March 03, 2024\n\n{BODY} {i}")
    start = time.perf_counter()
    result = read_paths([tmp_path])
    assert len(result.articles) == 400
    assert time.perf_counter() - start < 10


# --- read_text ---------------------------------------------------------------------------


def test_read_text_with_metadata_and_errors() -> None:
    art = read_text(BODY, title=HEADLINE, outlet="Wire", published="2021-09-06", path="pasted")
    assert art.title == HEADLINE and art.text.startswith(HEADLINE + "\n\n" + BODY[:20])
    assert (art.outlet, art.published, art.path) == ("Wire", "2021-09-06", "pasted")
    assert_maps_back(art)
    with pytest.raises(ValueError, match="too short"):
        read_text("Hi.")
    with pytest.raises(ValueError, match="empty"):
        read_text(" \n ")
    html = read_text(PAGE.replace("{h1}", ""), fmt="html", outlet="Mine")
    assert html.outlet == "Mine" and html.published == "2021-09-06T11:43"


# --- the seed articles -------------------------------------------------------------------


def test_seed_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/data/seeds not present: {SEEDS}")
    result = read_paths([SEEDS])
    assert len(result.articles) == 5 and not result.skipped
    by_source = {a.source_text: a for a in result.articles}
    posted = [a for s, a in by_source.items() if "Posted on September 03, 2021, 1:43 pm" in s]
    published = [
        a
        for s, a in by_source.items()
        if "Published on: Monday, September 06, 2021, 11:43 AM IST" in s
    ]
    assert [a.published for a in posted] == ["2021-09-03T13:43"]
    assert [a.published for a in published] == ["2021-09-06T11:43"]
    for art in result.articles:
        for gone in (
            "Leave a Reply",
            "Also Read",
            "(not be published)",
            "Posted on",
            "Published on",
        ):
            assert gone not in art.text
        assert not any(
            line.strip(" \u2022").lower() in {"youtube", "facebook", "twitter"}
            for line in art.text.splitlines()
        )
        assert_maps_back(art)


# --- the demo corpus ---------------------------------------------------------------------


def test_demo_corpus_outlets_and_dates() -> None:
    """``rashomon.demo`` ANSWERS.md section 1."""
    from rashomon import demo

    result = read_paths(demo.article_paths())
    assert not result.skipped and not result.notices
    found = {Path(a.path).name: (a.outlet, a.published, a.published_from) for a in result.articles}
    assert found == {
        "01_meridian_wire.txt": ("Meridian Press Agency", "2024-03-03", "text"),
        "02_harbor_ledger.txt": ("The Harbor Ledger", None, None),
        "03_northgate_observer.html": ("Northgate Observer", "2024-03-04T16:20", "metadata"),
        "04_eastbridge_courier.txt": ("The Eastbridge Courier", "2024-03-04T18:15", "text"),
        "05_ridgeline_dispatch.txt": ("Ridgeline Dispatch", "2024-03-05", "text"),
        "06_news_feed.jsonl:1": ("Northgate Observer", "2024-03-05T09:30", "metadata"),
        "06_news_feed.jsonl:2": ("The Calderwick Times", "2024-03-05T14:00", "metadata"),
    }
    wire = result.articles[0]
    assert "MARAVEL" not in wire.text and "Meridian Press Agency)" not in wire.text
    for art in result.articles:
        assert "\u00a9" not in art.text and "Leave a Reply" not in art.text
        assert_maps_back(art)


# --- smaller contracts -------------------------------------------------------------------


def test_same_file_twice_and_a_single_path_argument(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY)
    assert len(read_paths([path, str(path), tmp_path]).articles) == 1
    assert not read_paths([path, tmp_path]).skipped
    assert len(read_paths(str(path)).articles) == 1


def test_local_file_named_like_a_host_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "www.example.com.txt", BODY)
    assert len(read_paths(["www.example.com.txt"]).articles) == 1


def test_article_warnings_become_notices(tmp_path: Path) -> None:
    write(tmp_path, "wire.txt", f"{HEADLINE}\n\nKABUL, Sept 5 (Reuters) - {BODY}")
    result = read_paths([tmp_path])
    (note,) = result.notices
    assert note.path.endswith("wire.txt") and "no year" in note.reason


def test_unreadable_metadata_date_falls_back_to_text(tmp_path: Path) -> None:
    record = {"text": f"{HEADLINE}\n\nPublished: 2021-09-06\n\n{BODY}", "date": "last week"}
    write(tmp_path, "a.jsonl", json.dumps(record))
    art = only_article(read_paths([tmp_path]))
    assert (art.published, art.published_from) == ("2021-09-06", "text")
    assert any("last week" in w for w in art.warnings)


def test_metadata_title_matches_a_reworded_headline_line() -> None:
    art = read_text(f"WORLD NEWS\n\n{HEADLINE}\n\n{BODY}", title=HEADLINE + " | Daily Example")
    assert art.title == HEADLINE
    assert art.text.startswith(HEADLINE + "\n\n") and art.text.count("Panjshir valley") == 1
    assert_maps_back(art)
