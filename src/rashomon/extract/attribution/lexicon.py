"""Word lists and patterns of attribution: speech, stance and denial words, hedges, titles."""

from __future__ import annotations

import re

SPEECH_LEMMAS = frozenset(
    """say tell claim state announce add report confirm deny insist allege accuse tweet post write
    warn reject dismiss assert argue note explain admit acknowledge suggest indicate contend quote
    reveal stress urge declare maintain mention repeat inform vow boast concede testify emphasise
    emphasize disclose brief predict estimate term describe dispute refute rebut threaten promise
    cite recount recall reiterate complain conclude charge think believe ask respond reply assure
    joke hope fear worry expect show find insist elaborate shout scream yell whisper quip muse
    brag gush rant fume retort scoff sneer marvel opine posit theorize speculate implore swear
    confess aver""".split()
)


# Verbs that need a content clause to count (they are common with other meanings).
WEAK_LEMMAS = frozenset(
    """add note write post describe term charge cite recall promise think believe ask respond
    reply assure joke hope fear worry expect show find""".split()
)


# Stance verbs: PolNeAR counts beliefs, wishes, support and criticism as attributions too ("X
# called for a ban", "X supports the bill", "X wants to run"). Their content may be a plain object
# or prepositional complement, not only a clause. Chosen on PolNeAR train: each lemma kept had
# at least 6 candidates there that matched a gold cue, and at least 40% of all its candidates
# did (adding one with precision p raises F1 while p > F1 / 2). Some entries are spaCy
# lemmatiser quirks ("hop" for "hoped", "retweete"): they are what the model produces.
STANCE_LEMMAS = frozenset(
    """
    accept adopt advocate agree aim answer apologize appear applaud appoint attack back bemoan
    blame blast call cast caution challenge chant cheer compare condemn congratulate consider
    continue convince credit criticize decide decline decry deem defend demand denounce
    determine disagree discuss echo email embrace encourage endorse enjoy expose express favor
    file fire hail highlight hint hop identify ignore imply intend invoke issue knock know
    lament lash lay learn like list look mock name nominate offer oppose order pass persuade
    pivot plan plead pledge point portray praise prefer press project promote propose publish
    push question rail read recognize recommend refer reference refuse release remark remember
    remind retweete rule see seek seem share signal slam sound sue support talk thank tout
    understand view voice vote want welcome wonder forecast lecture""".split()
)


# Stance adjectives after a copula: "X was optimistic about Y", "X is confident that Y". Chosen on
# PolNeAR train like STANCE_LEMMAS (at least 6 matching candidates, precision at least 0.4).
STANCE_ADJECTIVES = frozenset("concerned confident critical eager quick worried".split())


# Noun cues with a possessive holder: "X's claim that Y", "X's support for Y". Chosen the same way.
STANCE_NOUNS = frozenset(
    """attack claim criticism contention argument assertion allegation accusation insistence
    promise pledge call demand warning belief view""".split()
)


DOCUMENT_HEADS = frozenset(
    """poll polls survey surveys study report interview statement letter post tweet editorial
    memo speech column book article op-ed filing complaint lawsuit ruling""".split()
)


KICKER = re.compile(
    r"^(?:also read|read more|read also|related|see also|watch|listen|photos?|videos?|updated?|"
    r"breaking(?: news)?|exclusive|live|opinion|analysis|editorial|explainer|factbox|timeline|"
    r"fact check|correction|byline|by|dateline|section|length|load-date|copyright|credits?|"
    r"caption|source|previously|update|email|share|tags?|topics?|filed under|"
    r"editor[’']?s[’']?\s+note|note|reminder|a reminder|short reads|transcript|video transcript|"
    r"online|busted|boom|bombshell|wow|just in|developing|must (?:see|watch|read))$",
    re.I,
)


GATE = 0.2  # below this cue-model probability a stance word from the lists is not a cue


COPULAS = frozenset("be remain seem appear sound become feel".split())


# Prepositions that belong to a stance cue ("called for", "pushed for", "spoke about").
CUE_PREPS = frozenset("for about on against of to with as over at".split())


DENIAL_LEMMAS = frozenset("deny reject dismiss refute rebut dispute".split())


# "Reject", "dismiss" and "dispute" deny a claim only when their object is one: an account, a
# charge, a figure, a role one is said to have had ("rejected the accusations", "dismissed
# reports that ...", "disputed the toll", "rejected any involvement"). With any other object
# they are acts, not denials: "dismissed his defence team", "rejected a request to delay the
# trial", "rejected the bill". "Deny", "refute" and "rebut" deny whatever they take ("denied
# the attack"). The nouns are the communication and assessment nouns that news uses for what
# is said, and the roles and links a side is accused of.
PROPOSITION_LEMMAS = frozenset("dismiss reject dispute".split())
PROPOSITION_NOUNS = frozenset(
    """claim report account allegation accusation charge rumour rumor story suggestion
    assertion statement notion idea theory speculation assessment characterisation
    characterization description portrayal version narrative interpretation conclusion finding
    result figure number toll count estimate tally data statistic evidence information news
    word remark comment testimony insinuation impression perception reading premise
    contention argument criticism critique objection attack label smear complaint warning threat
    view opinion belief fear concern
    involvement role responsibility presence link connection tie participation complicity
    knowledge wrongdoing guilt existence authenticity veracity validity accuracy truth
    credibility""".split()
)


FIRST_PERSON = frozenset("i we us our my me".split())
# A transcript turn speaks to its audience; a dateline's statement is in the third person.
FIRST_SECOND_PERSON = FIRST_PERSON | {"you", "your"}


# "Refused to answer questions", "declined to comment": what follows is what the speaker would
# not do, never something the speaker asserts.
REFUSAL_LEMMAS = frozenset("refuse decline".split())


REPORTING_LEMMAS = SPEECH_LEMMAS | DENIAL_LEMMAS  # the subject of "is said to <these>" speaks


DENIAL_WORDS = re.compile(
    r"\b(lie|lies|lying|false|falsehood|fabricat\w*|baseless|groundless|propaganda|untrue|"
    r"not true|disinformation|misinformation|fake news|nonsense|hoax|no truth)\b",
    re.I,
)


HEDGE_WORDS = re.compile(
    r"\b(reportedly|allegedly|purportedly|apparently|unverified|unconfirmed|rumou?red|"
    r"if confirmed|if true|if (?:they|it) happened|(?:is|are|was|were) (?:\w+ )?(?:said|believed|"
    r"thought|understood|alleged|reported) to|some reports|it is claimed|"
    r"could not be (?:independently )?verified|cannot be (?:independently )?verified|possibly)\b",
    re.I,
)


ANONYMOUS_HEADS = frozenset(
    """source sources official officials report reports media commander commanders leader leaders
    resident residents witness witnesses people person account accounts spokesman spokesperson
    spokeswoman analyst analysts observer observers expert experts diplomat diplomats member
    members insider insiders journalist journalists outlet outlets agency news thread tweet post
    statement video message""".split()
)


MEDIA_HEADS = frozenset(
    "report reports media news outlet outlets agency tweet thread post statement video".split()
)


PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "they": "GROUP"}


QUOTE_OPEN = '"“«„'


QUOTE_CLOSE = '"”»“'


INSTITUTION_HEADS = frozenset(
    """ministry government army police military office council embassy command front party
    administration agency authority authorities presidency cabinet parliament court navy force
    forces movement group committee commission department service""".split()
)


ADDRESSEE_LEMMAS = frozenset(
    "tell ask warn remind urge press inform assure brief notify advise question caution".split()
)


ADDRESSEE_WORDS = frozenset("me you him her us them voters reporters supporters audience".split())


# Objects that only carry a stance or a text; what they are about is what is held.
MEDIUM_OBJECTS = DOCUMENT_HEADS | frozenset(
    """support backing endorsement opposition wish hope concern concerns confidence praise
    criticism doubt doubts objection objections warning""".split()
)


_TRAILING_DEPS = frozenset("npadvmod advmod prep pobj det amod compound".split())


# Common nouns that can speak before a headline colon ("Clinton camp: ...", "Report: ...");
# any other common noun there labels a section ("Another problem for Sanders: ...").
SPEAKERS = (
    DOCUMENT_HEADS
    | ANONYMOUS_HEADS
    | INSTITUTION_HEADS
    | frozenset("camp campaign team aides allies".split())
)
