"""Texts longer than spaCy's max_length: split at paragraph breaks, parsed, joined exactly."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon import nlp as nlp_mod
from rashomon.demo import corpus_dir
from rashomon.extract import attribution
from rashomon.model import Article

# --- the splitter -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab .\n\n ”“")), max_size=300),
    st.integers(min_value=2, max_value=40),
)
def test_pieces_join_back_and_fit_the_limit(text: str, limit: int) -> None:
    pieces = nlp_mod.split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    # Each cut falls in the second half of its window: no run of tiny pieces.
    assert all(len(p) > limit // 2 for p in pieces[:-1])
    assert all(pieces) or pieces == [""]


def test_cuts_prefer_paragraphs_then_lines_then_sentences_then_spaces() -> None:
    paragraphs = "\n\n".join(f"Paragraph {i} says something. It ends here." for i in range(40))
    pieces = nlp_mod.split_text(paragraphs, 200)
    assert all(p.endswith(".\n\n") for p in pieces[:-1])
    lines = paragraphs.replace("\n\n", "\n")
    assert all(p.endswith(".\n") for p in nlp_mod.split_text(lines, 200)[:-1])
    one_line = paragraphs.replace("\n\n", " ")  # no line break at all
    pieces = nlp_mod.split_text(one_line, 200)
    assert len(pieces) > 5 and all(p.endswith(". ") for p in pieces[:-1])
    words = re.sub(r"[.]", "", one_line)  # no sentence end either: cut at a space
    assert all(p.endswith(" ") for p in nlp_mod.split_text(words, 200)[:-1])


def test_text_with_no_space_at_all_is_cut_hard_and_whitespace_alone_is_kept() -> None:
    assert nlp_mod.split_text("x" * 1000, 300) == ["x" * 300] * 3 + ["x" * 100]
    blank = " \n \t\n" * 100
    pieces = nlp_mod.split_text(blank, 64)
    assert "".join(pieces) == blank and all(len(p) <= 64 for p in pieces)
    assert nlp_mod.split_text("", 10) == [""]


def test_a_short_text_is_one_piece() -> None:
    text = "One paragraph.\n\nAnother."
    assert nlp_mod.split_text(text) == [text]


# --- parsing in pieces ----------------------------------------------------------------------

STORY = (
    "Minister Denies Claims Of Fraud In Vote Count\n\n"
    "The minister, Ana Velt, spoke to reporters in Maravel on Monday.\n\n"
    "“We have counted every ballot twice.\n\n"
    "“Nobody in this office has changed a single figure,” Velt said.\n\n"
    "Observers from the Harbor Institute said 12 polling stations had opened late.\n\n"
    "Rebel Commander Admits Fighters Shelled The Market\n\n"
    "The commander, Ivo Brand, told Radio Nova that his men had fired on the town."
)


# Pieces of at most 160 characters end at paragraph breaks, one of them inside the
# two-paragraph quotation; pieces of 90 also end mid-sentence (a text with no breaks).
PARAGRAPH_PIECES, SENTENCE_PIECES = 160, 90


@pytest.mark.parametrize("chunk", [PARAGRAPH_PIECES, SENTENCE_PIECES])
def test_pieces_join_into_one_doc_of_the_exact_text(nlp, chunk: int) -> None:
    whole = nlp_mod.parse(STORY, nlp)
    pieces = nlp_mod.split_text(STORY, chunk)
    assert len(pieces) >= 3
    doc = nlp_mod.parse(STORY, nlp, chunk_chars=chunk)
    assert doc.text == STORY
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    # Every piece starts a sentence; entities sit on their own characters.
    starts = {t.idx for t in doc if t.is_sent_start}
    offset = 0
    for piece in pieces:
        assert offset in starts
        offset += len(piece)
    assert doc.ents and all(STORY[e.start_char : e.end_char] == e.text for e in doc.ents)
    assert all(STORY[s.start : s.end] == s.text for s in nlp_mod.sentences("a", doc))


def test_cuts_at_paragraph_breaks_change_no_sentence(nlp) -> None:
    pieces = nlp_mod.split_text(STORY, PARAGRAPH_PIECES)
    assert all(p.endswith("\n\n") for p in pieces[:-1])
    doc = nlp_mod.parse(STORY, nlp, chunk_chars=PARAGRAPH_PIECES)
    whole = nlp_mod.parse(STORY, nlp)
    assert nlp_mod.sentences("a", doc) == nlp_mod.sentences("a", whole)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in whole.ents]


def test_title_case_lines_are_recased_in_every_piece(nlp) -> None:
    doc = nlp_mod.parse(STORY, nlp, chunk_chars=PARAGRAPH_PIECES)
    # "Admits" sits in a later piece than the first headline: both are read as verbs.
    assert doc[1].text == "Denies" and doc[1].lemma_ == "deny"
    admits = next(t for t in doc if t.text == "Admits")
    assert admits.lemma_ == "admit" and admits.pos_ == "VERB"


def test_a_quotation_across_a_cut_keeps_its_speaker(nlp) -> None:
    art = Article(id="a", path="a", text=STORY, source_text=STORY)

    def said(doc):
        atts = attribution.extract(art, doc, nlp_mod.sentences("a", doc))
        # The tagger sees a few words past a cut less well: the opening mark of a piece's
        # first quotation may hang off another verb, so marks are not compared.
        return [(a.source.text, a.cue.text, a.content.text.strip("“”")) for a in atts]

    pieces = said(nlp_mod.parse(STORY, nlp, chunk_chars=PARAGRAPH_PIECES))
    assert pieces == said(nlp_mod.parse(STORY, nlp))
    assert ("Velt", "said", "Nobody in this office has changed a single figure") in pieces


def test_annotate_keeps_order_and_joins_only_long_texts(nlp) -> None:
    texts = ["Short one. Ana Velt spoke.", STORY, "Another short text from Maravel."]
    docs = list(nlp_mod.annotate(texts, nlp=nlp, chunk_chars=PARAGRAPH_PIECES))
    assert [d.text for d in docs] == texts


def test_doc_entities_are_listed_once_and_refreshed_when_set(nlp) -> None:
    doc = nlp_mod.parse(STORY, nlp)
    assert doc.ents is doc.ents  # built once, not on every access
    sent = next(iter(doc.sents))
    assert list(sent.ents) == [e for e in doc.ents if e.end <= sent.end]
    doc.ents = doc.ents[:1]
    assert len(doc.ents) == 1


# --- the whole pipeline on a text over spaCy's max_length --------------------------------


def long_story(chars: int, seed: int = 7) -> str:
    """Varied news prose: demo sentences with their names, places and numbers swapped.

    Every paragraph differs (other people, towns, counts and days), so the story is not one
    claim repeated; headlines and quotations keep the attribution rules busy.
    """
    rng = random.Random(seed)
    sentences = [
        s
        for path in sorted(corpus_dir().glob("*.txt"))
        for s in re.split(r"(?<=[.!?”])\s+", path.read_text(encoding="utf-8"))
        if len(s) > 40 and "\n" not in s.strip()
    ]
    first = "Anika Marta Paul Lena Petra Tomas Ilse Jorin Mireille Oskar Rhea Stefan".split()
    last = "Strand Kessel Merrow Torvik Lindqvar Halden Brask Tavor Ostrem Vanek Dahl".split()
    towns = "Veyla Brenmark Maravel Ildara Castrel Tovan Ressik Oldmere Kalvik Sarn".split()
    days = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
    out: list[str] = ["Valley conflict: the full record\n"]
    size = len(out[0])
    while size < chars:
        n = rng.randint(1, 4)
        para = " ".join(rng.choice(sentences) for _ in range(n))
        para = re.sub(
            r"\b(?:Veyla|Brenmark|Maravel|Ildara|Castrel)\b", lambda _: rng.choice(towns), para
        )
        para = re.sub(r"\b(?:Marta|Petra|Lena|Anika|Paul)\b", lambda _: rng.choice(first), para)
        para = re.sub(r"\b(?:Kessel|Lindqvar|Torvik|Strand)\b", lambda _: rng.choice(last), para)
        para = re.sub(r"\b\d+\b", lambda _: str(rng.randint(2, 400)), para)
        para = re.sub(r"\b(?:Sunday|Monday|Saturday)\b", lambda _: rng.choice(days), para)
        if rng.random() < 0.05:
            para = f"Fighting near {rng.choice(towns)}"  # a heading
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def long_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    """``rashomon analyze`` on a 1.05 MB record next to a normal wire story."""
    from click.testing import CliRunner

    from rashomon.cli import main

    folder = tmp_path_factory.mktemp("long")
    (folder / "record.txt").write_text(long_story(1_050_000), encoding="utf-8")
    shutil.copy(corpus_dir() / "01_meridian_wire.txt", folder / "wire.txt")
    out = folder / "report"
    run = CliRunner().invoke(main, ["analyze", str(folder), "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output + repr(run.exception)
    return json.loads((out / "report.json").read_text(encoding="utf-8")), out


def test_a_text_over_max_length_is_analysed_with_exact_offsets(long_run) -> None:
    report, out = long_run
    by_name = {Path(a["path"]).name: a for a in report["articles"]}
    record = by_name["record.txt"]
    text = record["text"]
    assert len(text) > 1_000_000  # spaCy's max_length
    assert not report["skipped"] and not [n for n in report["notices"] if "failed" in n["reason"]]
    sentences = [s for s in report["sentences"] if s["article_id"] == record["id"]]
    assert len(sentences) > 5_000
    assert all(text[s["start"] : s["end"]] == s["text"] for s in sentences)
    # Sentences run to the end of the text, across every piece it was parsed in.
    assert sentences[-1]["end"] > len(text) - 1_000
    mentions = [m for c in report["claims"] for m in c["mentions"]]
    long_mentions = [m for m in mentions if m["article_id"] == record["id"]]
    assert len(long_mentions) > 1_000
    assert all(text[m["start"] : m["end"]] == m["text"] for m in long_mentions)
    assert {p.name for p in out.iterdir()} >= {"report.json", "report.html", "rashomon.db"}


def test_the_article_beside_a_long_text_keeps_its_claims(long_run) -> None:
    report, _ = long_run
    wire = next(a for a in report["articles"] if Path(a["path"]).name == "wire.txt")
    said = [
        m["text"] for c in report["claims"] for m in c["mentions"] if m["article_id"] == wire["id"]
    ]
    assert any("struck an army fuel depot in the town of Veyla" in t for t in said)
    assert any("Twelve people were killed" in t for t in said)
