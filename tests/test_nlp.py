"""Annotation: title-case headlines are parsed in sentence case, offsets unchanged."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon import nlp as nlp_mod
from rashomon.extract import attribution
from rashomon.model import Article

VERBS = frozenset({"claim", "admit", "shell", "call", "deny"})


def test_sentence_case_lowers_verbs_and_function_words_but_not_names():
    text = (
        "Obama Claims Hillary Most Qualified Candidate Ever\n\n"
        "President Obama spoke in Ohio. Hillary Clinton was there; most people agreed."
    )
    head = nlp_mod.sentence_case(text, VERBS).split("\n")[0]
    # Names the body writes capitalised stay; "most" is lower case in the body, "ever" is a
    # function word; nouns the body never writes stay as they are.
    assert head == "Obama claims Hillary most Qualified Candidate ever"


def test_sentence_case_leaves_acronyms_subtitles_and_plain_text_alone():
    plain = "The army said on Monday that it had retaken the town."
    assert nlp_mod.sentence_case(plain, VERBS) == plain
    text = "NATO Denies Strike: Officials Call Report False\n\nNo strike; the report was false."
    head = nlp_mod.sentence_case(text, VERBS).split("\n")[0]
    # "Officials" opens the subtitle after the colon and keeps its capital.
    assert head == "NATO denies strike: Officials call report false"


def test_title_case_headline_attribution_is_found(nlp):
    text = (
        "Rebel Commander Admits Fighters Shelled The Market.\n\n"
        "The commander, Ivo Brand, spoke to reporters on Monday."
    )
    plain = nlp(text)
    doc = nlp_mod.parse(text, nlp)
    assert doc.text == text and [t.idx for t in doc] == [t.idx for t in plain]
    art = Article(id="a", path="a", text=text, source_text=text)

    def heads(d):
        atts = attribution.extract(art, d, nlp_mod.sentences("a", d))
        return [(a.source.text, a.cue.text) for a in atts if a.sentence_index == 0 and a.source]

    assert heads(plain) == []  # the tagger reads the headline as one long name
    assert heads(doc) == [("Rebel Commander", "Admits")]
    assert doc[1].text == "Commander" and doc[2].lemma_ == "admit"


def test_annotate_applies_the_same_recasing(nlp):
    text = "Minister Denies Claims Of Fraud In Vote Count\n\nThe minister, Ana Velt, spoke."
    (doc,) = nlp_mod.annotate([text], nlp=nlp)
    assert doc.text == text
    assert doc[1].lemma_ == "deny" and doc[1].pos_ == "VERB"


# Titles, acronyms, names, breaks, and letters whose lower case is longer ("İ") or odd ("ǅ").
PIECES = "Trump Calls On A Denies NATO McCain İstanbul Straße the report : – . Said Ünal ǅemal ﬁles"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*PIECES.split(), "\n", "\n\n"]), max_size=30))
def test_sentence_case_changes_letter_case_only(words):
    text = " ".join(words)
    out = nlp_mod.sentence_case(text, VERBS)
    assert len(out) == len(text)
    assert all(a == b or a.lower() == b for a, b in zip(text, out))


def test_headings_are_short_unterminated_lines(nlp):
    text = (
        "Council Votes on the Budget\n\n"
        "The council met on Monday. (Its chairman is now the mayor's adviser.)\n\n"
        "Members included Jana Holt (D-N.Y.) and Tom Ferris (R-S.C.)\n\n"
        "Mayor Anna Berg at the town hall (Photo: Radio Nova)\n\n"
        + "The vote ran late into the night and many members " * 5
        + "left before the end"
    )
    doc = nlp(text)
    heading = {s.text.strip(): s.is_heading for s in nlp_mod.sentences("t", doc)}
    assert heading["Council Votes on the Budget"]
    assert heading["Mayor Anna Berg at the town hall (Photo: Radio Nova)"]
    assert not heading["(Its chairman is now the mayor's adviser.)"]
    assert not heading["Members included Jana Holt (D-N.Y.) and Tom Ferris (R-S.C.)"]
    # A paragraph that lost its full stop in scraping is still body text.
    assert not any(v for k, v in heading.items() if k.startswith("The vote ran late"))


def test_a_quotation_closed_with_an_opening_mark_ends_a_sentence(nlp):
    text = "Council Votes\n\nThe checkers rated the claim “Mostly False.“\n\nThe mayor disagreed."
    heading = {s.text.strip(): s.is_heading for s in nlp_mod.sentences("t", nlp(text))}
    assert heading["Council Votes"]
    assert not heading["The checkers rated the claim “Mostly False.“"]
