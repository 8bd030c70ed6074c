"""Attribution on small written cases: each pattern the extractor promises to handle."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.extract import attribution, claims
from rashomon.model import Article
from rashomon.nlp import sentences


def extract(nlp, text: str):
    doc = nlp(text)
    art = Article(id="t", path="<test>", text=text, source_text=text, outlet="The Test Post")
    return attribution.extract(art, doc, sentences("t", doc))


def one(nlp, text: str):
    atts = extract(nlp, text)
    assert len(atts) == 1, [(a.speaker, a.content.text) for a in atts]
    return atts[0]


def test_said_that(nlp):
    a = one(nlp, "Police chief Anna Berg said on Friday that three suspects had been arrested.")
    assert a.speaker == "Anna Berg" and a.speaker_kind == "person"
    assert a.cue.text == "said"
    assert a.content.text == "three suspects had been arrested"
    assert a.polarity == "asserts" and a.hedging == "asserted"


def test_quote_then_speaker(nlp):
    a = one(nlp, '"The bridge will reopen next week," said Tom Ferris, the mayor of Lintz.')
    assert a.speaker == "Tom Ferris"
    assert "The bridge will reopen next week" in a.content.text
    assert a.quote


def test_according_to_and_told_outlet(nlp):
    a = one(nlp, "According to the Harlow Gazette, the factory will close in May.")
    assert a.speaker == "Harlow Gazette" and a.cue.text == "According to"
    assert a.content.text == "the factory will close in May"
    b = one(nlp, "Minister Jan Oder told Radio Nova that the talks had failed.")
    assert b.speaker == "Jan Oder" and b.via == ["Radio Nova"]


def test_pronoun_speaker_resolved(nlp):
    atts = extract(
        nlp,
        "Carla Mendes said the strike would go ahead. "
        "She said more than 4,000 workers would join it.",
    )
    assert [a.speaker for a in atts] == ["Carla Mendes", "Carla Mendes"]


def test_multi_sentence_quote_with_speaker_after(nlp):
    text = (
        '"We have lost everything. The water came in the night. Nobody warned us," '
        "said Ivo Stanek, a farmer."
    )
    atts = extract(nlp, text)
    assert len(atts) >= 2
    assert {a.speaker for a in atts} == {"Ivo Stanek"}
    assert any("We have lost everything" in a.content.text for a in atts)


def test_chain_reported_quoting(nlp):
    a = one(nlp, "The Coast Herald reported, quoting port officials, that two ships had sunk.")
    assert a.via == ["Coast Herald"]
    assert a.speaker == "port officials" and a.speaker_kind == "anonymous"
    assert a.content.text == "two ships had sunk"


def test_according_to_nested_speaker(nlp):
    a, outer = extract(
        nlp,
        "According to a post by reporter Lena Fox, commander Piet Varo told her by "
        "phone that his unit had withdrawn.",
    )
    assert a.speaker == "Piet Varo"
    assert a.via == ["Lena Fox"]
    # PolNeAR annotates the outer "according to" attribution as well.
    assert outer.speaker == "Lena Fox" and outer.cue.text == "According to"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The ministry denied that its jets had bombed the market.", None),
        ("The rebels rejected the accusations.", "the accusations"),
    ],
)
def test_denials(nlp, text, target):
    a = one(nlp, text)
    assert a.polarity == "denies"
    if target:
        assert a.denied_target == target


def test_denial_words_and_hedges(nlp):
    a = one(nlp, '"This is a lie," said government spokesman Omar Dane.')
    assert a.polarity == "denies"
    b = one(nlp, "Unverified reports said the airport had been closed.")
    assert b.hedging == "hedged"
    c = one(nlp, "The army is said to have denied the attack.")
    assert c.polarity == "denies"


def test_negated_cue_is_no_statement(nlp):
    # PolNeAR marks "did not say" as an attribution; nobody holds its content, though.
    a = one(nlp, "The ministry did not say how many people were detained.")
    assert a.cue.text == "did not say" and a.content.text == "how many people were detained"
    assert not a.statement and a.polarity == "asserts"
    b = one(nlp, "The minister did not say that the report was false.")
    assert not b.statement and b.polarity == "asserts" and b.denied_target is None
    assert extract(nlp, "The ministry did not deny the strike.") == []


def test_passive_cue_without_agent_holds_its_subject(nlp):
    a = one(nlp, "On Thursday, the dissolution of the club was announced.")
    assert a.source is None and a.cue.text == "was announced"
    assert a.content.text == "the dissolution of the club" and not a.statement


def test_quote_regions():
    text = 'He said "one" and “two”.\n\n"unclosed'
    regions = attribution.quote_regions(text)
    assert [text[a:b] for a, b in regions] == ['"one"', "“two”", '"unclosed']


def test_stance_verbs_headline_colon_and_trailing_outlet(nlp):
    a = one(nlp, "Senator Mia Holt called for a ban on the new pipeline.")
    assert a.speaker == "Mia Holt" and a.cue.text == "called for"
    assert a.content.text == "a ban on the new pipeline"
    b = one(nlp, "Mia Holt: The pipeline will poison our rivers")
    assert b.cue.text == ":" and b.speaker == "Mia Holt"
    c = one(nlp, "The plant will close in June, reported Radio Nova.")
    assert c.speaker == "Radio Nova" and c.content.text == "The plant will close in June"
    d = one(nlp, "''We will rebuild,'' said Mayor Tom Ferris.")
    assert d.quote and d.speaker == "Tom Ferris"


def test_copula_stance_adjective(nlp):
    a = one(nlp, "Senator Lisa Crane was confident that the bill would pass.")
    assert a.speaker == "Lisa Crane" and a.cue.text == "was confident"
    assert a.content.text == "the bill would pass"
    b = one(nlp, "Mayor Tom Ferris was critical of the new budget.")
    assert b.speaker == "Tom Ferris" and b.cue.text == "was critical of"
    assert b.content.text == "the new budget"


def test_possessive_noun_cue(nlp):
    a = one(nlp, "Governor Anna Berg's claim that the plant was safe was wrong.")
    assert a.speaker == "Anna Berg" and a.cue.text == "claim"
    assert a.content.text == "the plant was safe"
    b = one(nlp, "Governor Anna Berg's criticism of the budget came on Monday.")
    assert b.cue.text == "criticism of" and b.content.text == "the budget"


def test_according_to_keeps_outer_and_nested(nlp):
    atts = extract(nlp, "The deal is dead, Jan Oder said, according to the Harlow Gazette.")
    assert {a.speaker for a in atts} == {"Harlow Gazette", "Jan Oder"}
    assert any(a.cue.text == "according to" for a in atts)


def test_passive_belief_has_no_source_and_stays_the_outlets_hedged_claim(nlp):
    text = "Major supplies to the valley are also believed to have been blocked by the militants."
    a = one(nlp, text)
    assert a.source is None and a.speaker is None and not a.statement
    doc = nlp(text)
    art = Article(id="t", path="<test>", text=text, source_text=text, outlet="The Test Post")
    sents = sentences("t", doc)
    (m,) = claims.extract(art, doc, sents, attribution.extract(art, doc, sents))
    assert m.speaker == "The Test Post" and m.hedging == "hedged"
    # The subject that speaks itself keeps its part: "is said to have denied".
    b = one(nlp, "The Taliban is said to have denied the attack on the convoy.")
    assert b.speaker == "Taliban" and b.polarity == "denies" and b.hedging == "hedged"


def test_outlet_back_references_and_kickers_are_no_sources(nlp):
    assert not extract(
        nlp,
        "As reported earlier, Tajikistan on Thursday awarded its highest honour to a commander.",
    )
    assert not extract(nlp, "Also Read: Tajikistan confers highest awards on two resistance icons")
    # Wire and archive furniture is no speaker either.
    assert not extract(nlp, "BYLINE: Amber Phillips")
    assert not extract(nlp, "SOURCE: Reuters")


def test_questions_attribute_nothing(nlp):
    assert not extract(nlp, "Do you support the governor's plan?")
    assert not extract(nlp, "Did the minister say that the bridge fell?")
    assert not extract(nlp, "Who said the bridge fell?")
    assert one(nlp, "He said the bridge fell, didn't he?").speaker == "He"


def test_as_clauses_name_the_source_of_the_main_clause(nlp):
    a = one(nlp, "As reported by the Ostrava Herald, rebels seized the bridge at Kolvin on Monday.")
    assert a.speaker == "Ostrava Herald"
    assert a.content.text == "rebels seized the bridge at Kolvin on Monday"
    b = one(nlp, "But as the ministry pointed out, the convoy never left the capital.")
    assert b.source.text == "the ministry" and b.content.text == "the convoy never left the capital"
    # An "as" clause without a source is the outlet's own framing, not an attribution.
    assert not extract(nlp, "As expected, the convoy left the capital at dawn.")


def test_a_relative_pronoun_speaks_for_its_antecedent(nlp):
    a = one(nlp, "Colonel Varga, who said the bridge would hold, left the city on Monday.")
    assert a.source.text == "who" and a.speaker == "Varga"
    assert a.content.text == "the bridge would hold"


def test_an_outer_statement_keeps_the_inner_one(nlp):
    atts = extract(
        nlp,
        "A ministry aide later clarified that the minister misspoke and intended to say "
        "that the border was closed.",
    )
    assert [a.cue.text for a in atts if a.source.text == "A ministry aide"] == ["clarified"]


def test_a_bare_attribution_after_quotations_takes_them_all(nlp):
    text = '"The bridge is gone!" "Where will they cross now?"\n\nMajor Kessel replied.'
    a = one(nlp, text)
    assert a.speaker == "Kessel"
    assert a.content.text == '"The bridge is gone!" "Where will they cross now?"'
    b = one(
        nlp,
        '"There are no ballots to recount."\n\nAnna Roe, the spokeswoman for the electoral board '
        "said in a statement.",
    )
    assert b.speaker == "Anna Roe" and b.content.text == '"There are no ballots to recount."'


def test_a_quotation_after_a_verb_without_object_is_its_content(nlp):
    a = one(nlp, 'She responded, "Well, probably the Republicans." Then she left.')
    assert a.speaker == "She" and "probably the Republicans" in a.content.text
    # The quotation runs on past the sentence the cue is in.
    b = extract(nlp, 'One activist tweeted: "Total chaos at the town hall. Still no answers."')
    assert b[0].speaker == "One activist" and "Total chaos" in b[0].content.text


def test_a_call_for_someone_to_act(nlp):
    a = one(nlp, "The opposition leader called for the minister to resign.")
    assert a.cue.text == "called for" and a.content.text == "the minister to resign"
    assert not a.statement  # a demand, not a proposition someone puts forward
    assert not extract(nlp, "The army waited for the storm to pass.")


def test_a_document_reads_the_quotation_before_it(nlp):
    # "editorial" taken for an adjective, "read" for a noun: still the editorial's words.
    a = one(nlp, '"The mayor should come to Veyla," the editorial read.')
    assert a.source.text == "the editorial" and a.cue.text == "read"
    assert a.content.text == "The mayor should come to Veyla"
    assert not extract(nlp, "It was a good read.")


def test_a_bare_attribution_before_the_quotation(nlp):
    a = extract(
        nlp,
        'Anna Roe, the spokeswoman for the electoral board said in a statement. "There are no '
        'ballots to recount."',
    )[0]
    assert a.speaker == "Anna Roe" and "no ballots to recount" in a.content.text


def test_a_verb_the_tagger_read_as_a_plural_noun(nlp):
    # "Trump" is also a common noun: the tagger reads "Trump claims" as a noun phrase.
    a = one(nlp, "Trump claims that the election was rigged.")
    assert a.speaker == "Trump" and a.cue.text == "claims"
    assert a.content.text == "the election was rigged"
    b = one(nlp, "Trump denies that he knew about the payments.")
    assert b.polarity == "denies"


def test_quoting_takes_the_first_object_as_the_source(nlp):
    a = one(
        nlp,
        "Recently Reuters, too, has reported, quoting Pakistani officials that Pakistan had sent "
        "security officials, possibly even the head of the intelligence agency, to Kabul.",
    )
    assert a.speaker == "Pakistani officials" and a.via == ["Reuters"]


def test_needless_to_say_is_a_discourse_marker(nlp):
    assert not extract(nlp, "Needlessly to say, Pakistan will be assisting the rebels there.")
    a = one(nlp, "Prager goes on to list reasons why a victory for the senator would be a loss.")
    assert a.speaker == "Prager"


def test_a_rank_with_a_full_stop_does_not_end_the_sentence(nlp):
    a = one(nlp, "Army Capt. Christian Pardo said the unit had left the base before dawn.")
    assert a.speaker == "Christian Pardo" and a.source.text == "Army Capt. Christian Pardo"
    doc = nlp("Then Sgt. Maj. Ray Cole said the convoy was safe.")
    assert len(list(doc.sents)) == 1


def test_a_possessive_source_keeps_its_marker_in_the_span_not_in_the_name(nlp):
    atts = extract(nlp, "Trump's claim that the election was rigged drew criticism from all sides.")
    a = next(a for a in atts if a.cue.text == "claim")
    assert a.source.text == "Trump's" and a.speaker == "Trump"
    assert a.content.text == "the election was rigged" and a.statement


def test_a_quote_read_from_a_tweet_is_the_tweets_authors(nlp):
    text = (
        '"The army is not fighting us alone. The rebels are helping them," read a tweet from an '
        "unverified account that is attributed to Ahmad Varga."
    )
    atts = extract(nlp, text)
    assert [a.speaker for a in atts] == ["Ahmad Varga", "Ahmad Varga"]
    assert all(a.hedging == "hedged" for a in atts)


def test_quoted_as_saying_is_one_statement(nlp):
    a = one(nlp, '"Most of those held are foreigners," reports had quoted him as saying.')
    assert a.cue.text == "had quoted"


def test_a_denial_of_something_in_general_is_no_claim(nlp):
    def mentions(text: str):
        doc = nlp(text)
        art = Article(id="t", path="<test>", text=text, source_text=text, outlet="The Test Post")
        sents = sentences("t", doc)
        return claims.extract(art, doc, sents, attribution.extract(art, doc, sents))

    assert not mentions("Both sides spent the day claiming victories and denying defeats.")
    assert [m.polarity for m in mentions("The ministry denied the report on Monday.")] == ["denies"]
    assert [m.polarity for m in mentions("The army dismissed reports on Monday.")] == ["denies"]
    assert [m.polarity for m in mentions("The ministry denied it on Monday.")] == ["denies"]


@pytest.mark.parametrize(
    "text",
    [
        "The former governor dismissed his defence team on Monday.",
        "The judge rejected a request to delay the trial.",
        "Parliament rejected the bill by 200 votes to 150.",
        "The court dismissed the case against him.",
        "Officials rejected the offer of talks.",
        "He refused to answer questions from reporters outside the court.",
        "The spokesman declined to confirm that the town had fallen.",
        "The archdiocese is yet to confirm if the priest will be allowed to preach again.",
        "Reporters asked whether the town had fallen.",
    ],
)
def test_acts_and_refusals_deny_nothing_and_claim_nothing(nlp, text):
    """Dismissing a team, rejecting a request or refusing to answer is an act: no denial, and
    what follows the verb is not something the speaker asserts. The act itself is the
    outlet's report."""
    doc = nlp(text)
    art = Article(id="t", path="<test>", text=text, source_text=text, outlet="The Test Post")
    sents = sentences("t", doc)
    atts = attribution.extract(art, doc, sents)
    assert all(a.polarity == "asserts" and not a.statement for a in atts)
    found = claims.extract(art, doc, sents, atts)
    assert all(m.polarity == "asserts" and m.speaker == "The Test Post" for m in found)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The governor's lawyer dismissed the charges as politically motivated.", "the charges"),
        ("The company disputed the figures.", "the figures"),
        ("The Taliban rejected any involvement in the attack.", "any involvement in the attack"),
        ("She has rejected the label.", "the label"),
        ("The ministry rejected it.", "it"),
    ],
)
def test_rejecting_what_was_said_is_a_denial(nlp, text, target):
    a = one(nlp, text)
    assert (a.polarity, a.denied_target) == ("denies", target)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "KABUL: Ahmad Massoud, son of Ahmad Shah Massoud, has claimed that Al-Qaeda has "
            "joined the offensive. Fighting went on north of Kabul on Monday.",
            "Ahmad Massoud",
        ),
        ("NEW DELHI: The government said on Monday that talks would resume.", "government"),
    ],
)
def test_a_dateline_is_never_a_speaker(nlp, text, speaker):
    a = one(nlp, text)
    assert a.speaker == speaker


_PIECES = [
    "The minister said",
    "Maher replied.",
    "Officials, who spoke on condition of anonymity, said that",
    "As reported by the Herald,",
    "She responded,",
    "the rebels took the bridge",
    "Do you support the plan?",
    "called for the mayor to resign",
    '"The bridge is gone!"',
    '"We will hold the valley.',
    "“Nobody crossed,”",
    "he wrote:",
    "BYLINE: A. Writer",
    "according to local media",
    ", ",
    ". ",
    "\n\n",
    "”",
    '"',
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12))
def test_spans_always_index_the_text(nlp, pieces):
    """Any mix of cues, quotes (closed or not) and breaks: no crash, every span is the text's."""
    text = " ".join(pieces)
    for a in extract(nlp, text):
        for span in (a.content, a.source, a.cue):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text


def test_relative_clause_object_is_the_content(nlp):
    # PolNeAR's convention: the relative pronoun stands for what is held.
    a = one(nlp, "The tax, which Governor Ray Holt opposes, passed on Monday.")
    assert (a.speaker, a.cue.text, a.content.text) == ("Ray Holt", "opposes", "which")
    assert not a.statement


def test_reportedly_is_an_unnamed_hedged_source(nlp):
    text = "The militia reportedly seized the airport on Monday."
    a = one(nlp, text)
    assert a.source is None and a.cue.text == "reportedly" and a.hedging == "hedged"
    assert a.content.text == "The militia reportedly seized the airport on Monday"
    assert not a.statement  # the sentence stays the outlet's own, hedged report
    b = one(nlp, 'Trump was reportedly yelling: "Get him out of here!"')
    assert b.speaker == "Trump" and "reportedly" in b.cue.text


def test_manner_of_speaking_verbs_are_cues(nlp):
    a = one(nlp, '"The bridge will hold," the engineer Ida Marsh quipped.')
    assert a.speaker == "Ida Marsh" and a.cue.text == "quipped" and a.quote
    b = one(nlp, "Analyst Tom Reyes speculated that the talks would collapse.")
    assert b.speaker == "Tom Reyes" and b.content.text == "the talks would collapse"


def test_possessed_noun_cues(nlp):
    a = one(nlp, "Senator Ana Velt's main claim was that the army had shelled the market.")
    assert a.speaker == "Ana Velt" and a.cue.text == "claim was" and a.statement
    assert a.content.text.endswith("the army had shelled the market")
    b = one(nlp, "Despite George Brand's call to abandon the plan, the council voted for it.")
    assert b.speaker == "George Brand" and b.cue.text == "call"
    assert b.content.text == "to abandon the plan" and not b.statement


def test_addressee_is_not_the_content(nlp):
    a = one(nlp, "Mayor Ana Velt told Radio Nova about her decision.")
    assert a.speaker == "Ana Velt" and a.content.text == "her decision"
    b = one(nlp, "The senator warned voters about the risks of the deal.")
    assert b.content.text == "the risks of the deal"


def test_unnamed_sources_are_not_their_subjects(nlp):
    # The one asked, an expletive "it" and a raising verb's subject speak for no one.
    for text, content in [
        ("Mayor Ray Holt was asked whether he would resign.", "whether he would resign"),
        ("It was reported that the army had retaken the town.", "the army had retaken the town"),
        ("The leaked memo appears to contradict the minister.", "to contradict the minister"),
    ]:
        a = one(nlp, text)
        assert a.source is None and a.speaker is None and not a.statement, text
        assert a.content.text.endswith(content), (text, a.content.text)


def test_passive_subject_is_the_target_not_the_source(nlp):
    a = one(nlp, "Senator Ray Holt was criticized for his remarks.")
    assert a.source is None and a.speaker is None and a.cue.text == "was criticized for"
    b = one(nlp, "The rebel commander is said to have denied the attack.")
    assert b.source.text == "The rebel commander" and b.cue.text == "is said"


def test_asked_participle_has_no_source(nlp):
    atts = extract(nlp, "Asked whether he would resign, Mayor Ray Holt said he would not.")
    asked = next(a for a in atts if a.cue.text == "Asked")
    said = next(a for a in atts if a.cue.text == "said")
    assert asked.source is None and not asked.statement
    assert said.speaker.endswith("Ray Holt")


def test_medium_object_gives_way_to_its_topic(nlp):
    a = one(nlp, "The inspector general issued a scathing report on the ministry's spending.")
    assert a.content.text == "the ministry's spending"
    assert a.cue.text == "issued a scathing report on"
    b = one(nlp, "Mayor Ana Velt threw her support behind the port expansion.")
    assert b.content.text == "the port expansion" and not b.statement


def test_the_following_introduces_the_next_paragraph(nlp):
    text = "Spokesman Ivo Brand tweeted the following:\n\nThe convoy reached the city at dawn."
    atts = extract(nlp, text)
    assert [(a.speaker, a.content.text) for a in atts] == [
        ("Spokesman Ivo Brand", "The convoy reached the city at dawn")
    ]


def test_trailing_speech_participle_is_a_second_statement(nlp):
    text = (
        "Lena Ortiz said her father had been an advocate for workers and would do the same as "
        "governor, saying that he supports equal pay."
    )
    atts = extract(nlp, text)
    assert [(a.speaker, a.cue.text) for a in atts] == [
        ("Lena Ortiz", "said"),
        ("Lena Ortiz", "saying"),
    ]
    assert atts[0].content.text.endswith("would do the same as governor")
    assert atts[1].content.text.endswith("he supports equal pay") and atts[1].statement


def test_it_seems_has_no_source(nlp):
    a = one(nlp, "It seems the ceasefire will hold until the talks resume.")
    assert a.source is None and a.cue.text == "seems" and not a.statement
    assert a.content.text == "the ceasefire will hold until the talks resume"


def test_who_said_after_an_inverted_speaker_is_its_own_statement(nlp):
    text = (
        '"The road is open," said Captain Ivo Brand, who said he would not comment on the shelling.'
    )
    atts = extract(nlp, text)
    assert [(a.source.text, a.cue.text) for a in atts] == [
        ("Captain Ivo Brand", "said"),
        ("who", "said"),
    ]
    assert atts[1].speaker == atts[0].speaker


def test_speaker_set_off_by_commas_mid_sentence(nlp):
    a = one(nlp, "This sort of opining, the network claimed, violates its code of practice.")
    assert a.source.text == "the network" and a.cue.text == "claimed"
    assert a.content.text.startswith("This sort of opining")
    assert a.content.text.endswith("violates its code of practice")


def test_a_trailing_denial_is_the_participles_not_the_first_statements(nlp):
    text = "Lena Ortiz said her father would do the same as governor, saying the report was false."
    said, saying = extract(nlp, text)
    assert (said.polarity, saying.polarity) == ("asserts", "denies")
    assert saying.content.text == "the report was false"


def test_transcript_turn_in_quotes_and_document_before_colon(nlp):
    a = one(nlp, '"WALLACE: Let us start with the news on the debate story.')
    assert a.speaker == "WALLACE" and a.cue.text == ":"
    assert a.content.text.startswith("Let us start")
    b = one(nlp, "Poll: Voters in the north are turning against the mayor")
    assert b.source.text == "Poll" and b.cue.text == ":"


def test_signed_quotations_and_posts(nlp):
    text = (
        "Readers wrote in after the debate.\n\n"
        "“The bridge was never safe. We told them so.” ― Jana Holt\n"
        "“Nobody listened to the farmers.”― Petr Novak.\n\n"
        '"The valley will be rebuilt by spring."\n\n'
        "- Tom Ferris.\n\n"
        "The mayor is relying on the regional fund.\n\n"
        "The dam will hold. — Radio Nova (@radionova) May 2, 2024\n\n"
        "The council met on Monday to vote on the budget.\n\n"
        "- Anna Berg."
    )
    atts = [a for a in extract(nlp, text) if a.cue is not None and a.cue.text in "―—-"]
    by_speaker = {a.speaker: a for a in atts}
    assert set(by_speaker) == {"Jana Holt", "Petr Novak", "Tom Ferris", "Radio Nova"}
    holt = [a.content.text for a in atts if a.speaker == "Jana Holt"]
    assert holt == ["“The bridge was never safe.", "We told them so.”"]  # one per sentence
    assert all(a.quote for a in atts if a.speaker == "Jana Holt")
    assert not by_speaker["Radio Nova"].quote
    assert by_speaker["Petr Novak"].content.text.startswith("“Nobody listened")
    assert by_speaker["Tom Ferris"].content.text == '"The valley will be rebuilt by spring."'
    assert by_speaker["Tom Ferris"].source.text == "Tom Ferris"  # the full stop is not the name
    assert by_speaker["Radio Nova"].content.text == "The dam will hold."
    # A reporter's name under a paragraph of prose signs the outlet's own writing.
    assert "Anna Berg" not in by_speaker


def test_dash_in_prose_is_no_signature(nlp):
    text = (
        "WASHINGTON — The council met on Monday. The vote was close — closer than expected.\n\n"
        '"We will appeal," the mayor said - and left the room.'
    )
    assert not [a for a in extract(nlp, text) if a.cue is not None and a.cue.text in "―—-"]


def test_speech_verb_whose_clause_the_parser_made_adverbial(nlp):
    a = one(nlp, "Trump said after the convention he would not accept Cruz's endorsement.")
    assert a.cue.text == "said" and a.speaker == "Trump"
    assert a.content.text == "he would not accept Cruz's endorsement"


def test_fragment_before_a_trailing_speaker(nlp):
    text = '"We need people of substance."\n\nPeople like Jana Holt, he said.'
    a = [x for x in extract(nlp, text) if x.sentence_index == 1]
    assert len(a) == 1 and a[0].cue.text == "said" and a[0].content.text == "People like Jana Holt"
    b = one(nlp, "Rules unclear on whether single farmers are covered, experts say.")
    assert b.source.text == "experts"
    assert b.content.text == "Rules unclear on whether single farmers are covered"
    # An opening circumstance is not what was said.
    c = extract(nlp, "On Sunday, she disclosed that the plant had been sold.")
    assert [x.content.text for x in c] == ["the plant had been sold"]


def test_quotation_the_parser_made_a_second_subject(nlp):
    text = (
        '"He would be a great mayor. Not good, great. One of the brightest members of the '
        'entire council," Jana Holt said in a phone interview.'
    )
    atts = [a for a in extract(nlp, text) if a.cue is not None]
    said = [a for a in atts if a.cue.text == "said"]
    assert said and said[-1].speaker == "Jana Holt"
    assert "One of the brightest members" in said[-1].content.text


def test_set_off_speaker_with_the_one_told(nlp):
    a = one(nlp, "The plan, she told me on Monday, was never approved by the council.")
    assert a.cue.text == "told" and a.source.text == "she"
    assert a.content.text.endswith("was never approved by the council")
    # An object that is what is held is no aside: "describes X as Y, and ..." is not set off.
    b = extract(nlp, 'On the stump, Jana Holt describes the party as "a bridge," and she smiles.')
    assert all(x.content.text != "On the stump" for x in b)


def test_responded_by_saying_is_one_cue(nlp):
    a = one(nlp, "Mayor Tom Ferris responded by saying that the bridge was safe.")
    assert a.cue.text == "responded by saying" and a.speaker == "Tom Ferris"
    assert a.content.text == "the bridge was safe"


def test_paragraph_opening_with_a_closing_mark_is_a_quotation(nlp):
    text = "Readers wrote in.\n\n”The bridge was never safe. Thanks, Jana!” wrote Petr Novak."
    regions = attribution.quote_regions(text)
    assert [text[a:b] for a, b in regions] == ["”The bridge was never safe. Thanks, Jana!”"]
    novak = [a for a in extract(nlp, text) if a.speaker == "Petr Novak"]
    assert novak and "The bridge was never safe" in " ".join(a.content.text for a in novak)
    # Mid-line, "”" still only closes.
    assert attribution.quote_regions("He said ” no.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Editor’s note: The mayor has never answered our questions about the bridge",
        "BOOM: The Mayor Just Lost the Vote on the Bridge",
        "Another problem for Ferris: There are fewer voters in the valley than before",
        "Voter participation: Ferris, whose coalition includes farmers, wants more stations",
    ],
)
def test_colon_after_page_furniture_or_a_section_label_attributes_nothing(nlp, text):
    assert not [a for a in extract(nlp, text) if a.cue is not None and a.cue.text == ":"]


def test_colon_speakers_that_look_like_labels_still_speak(nlp):
    for text, source in [
        ("KATE TAPPER: The council released a video on Friday.", "KATE TAPPER"),
        ("Ferris Addresses Valley Flood: ‘This Cannot Continue.’", "Ferris Addresses Valley Flood"),
        ("Holt camp: Ferris lied about the bridge to the council", "Holt camp"),
    ]:
        atts = [a for a in extract(nlp, text) if a.cue is not None and a.cue.text == ":"]
        assert [a.source.text for a in atts] == [source], text
    text = "Readers asked about it.\n\nCORRECTION:\n\nThe vote was held on Monday, not Sunday."
    assert not [a for a in extract(nlp, text) if a.cue is not None and a.cue.text == ":"]


# --- the rules _attribution_from_verb is made of, one at a time --------------------------------


def _token(doc, text: str):
    return next(t for t in doc if t.text == text)


def test_discourse_say_is_no_cue(nlp):
    from types import SimpleNamespace

    from rashomon.extract.attribution.verbs import _is_discourse_say

    # The parser's reading varies ("to say" is often an xcomp), so the marker is built by hand.
    to = SimpleNamespace(dep_="aux", lower_="to")
    marker = SimpleNamespace(dep_="parataxis", children=[to])
    assert _is_discourse_say(marker, "say")  # type: ignore[arg-type]
    cue = _token(nlp("The mayor said the bridge will close."), "said")
    assert not _is_discourse_say(cue, "say")


def test_climbed_subject_borrows_the_governing_verbs_subject(nlp):
    from rashomon.extract.attribution.verbs import _climbed_subject

    doc = nlp("The mayor criticised the plan and said it would fail.")
    assert [t.text for t in _climbed_subject(_token(doc, "said"))] == ["mayor"]


def test_names_no_one_for_expletive_it_and_bare_this(nlp):
    from rashomon.extract.attribution.verbs import _names_no_one

    it = _token(nlp("It seems that the bridge will close."), "It")
    assert _names_no_one(it, "seem", [])
    assert not _names_no_one(it, "say", [])  # "it said": an organisation or a document
    this = _token(nlp("This shows that the plan failed."), "This")
    assert _names_no_one(this, "show", [])


def test_the_following_introduces_what_comes_next(nlp):
    from rashomon.extract.attribution.verbs import _introduces_following

    doc = nlp("The mayor tweeted the following:")
    sent = next(iter(doc.sents))
    assert _introduces_following([_token(doc, "the"), _token(doc, "following")], sent)
    assert not _introduces_following([_token(doc, "mayor")], sent)


def test_deeper_source_speaks_and_the_carrier_joins_via():
    from rashomon.extract.attribution.verbs import _deeper_source

    inner = [("Local officials", "anonymous")]
    assert _deeper_source("CNN", "media", [], inner, "report") == (
        "Local officials",
        "anonymous",
        ["CNN"],
    )
    assert _deeper_source("CNN", "media", [], inner, "quote") == ("CNN", "media", [])
    assert _deeper_source("CNN", "media", [], [], "report") == ("CNN", "media", [])
