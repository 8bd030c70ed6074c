"""Entity resolution within and across articles, entity descriptors, and conflation checks.

One entity, one identity. Names are normalised (:func:`normalise`: case, "the", titles and
ranks, possessives, dots, hyphens, diacritics) and then linked by rules that each generalise
beyond one story:

* spelling variants and transliterations (Gaddafi / Qadhafi, Zelensky / Zelenskyy,
  Hezbollah / Hizbullah / Hizb-Allah): a phonetic form (q→k, dh→d, y→i, doubled letters
  collapsed...) and its consonant skeleton must agree, and a rapidfuzz ratio must pass; guarded
  by type (person with person, group with group, place with place) and by context (two
  spellings that occur in the *same* article name two different things);
* acronyms: defined in brackets either way round ("International Atomic Energy Agency (IAEA)",
  "IAEA (International Atomic Energy Agency)"), or matching the initials of exactly one
  organisation name of the story;
* titles and ranks (Lt Gen / Lieutenant General / General / President ...) are stripped, and
  kept as descriptors;
* short forms: a surname alone, or a first name + surname without the middle initial, is
  linked to the one full name it fits — first among the names of its own article, then among
  the story's. When two full names fit (George W. Bush / George H. W. Bush; two brothers), the
  short form stays on its own: it is ambiguous. Organisation short forms are prefixes of
  two words or more ("Meridian Press" → "Meridian Press Agency"), never a sub-unit
  ("Hamas" is not "Hamas's armed wing"; "Syrian Army" is not "Free Syrian Army");
* demonyms stand for their state when used alone ("Russian drones" → Russia), from a small
  table of irregular forms plus suffix rules (-ian, -an, -ese, -i, -ish), but "the Russian
  army" stays an entity of its own;
* labels are fixed by voting across every mention of a name, with generic hints (a title in
  front means a person; a head word like "Agency"/"Front"/"Army" means an organisation; a
  short all-capitals name is not a person).

:func:`cluster_mentions` runs the same linking on given mentions (name strings with their
document), plus head-lemma matching for common nouns and pronoun attachment; the ECB+
evaluation uses it with gold mentions. :func:`resolve` runs it on spaCy's entities of whole
articles and also collects :class:`~rashomon.model.Descriptor` facts; :func:`conflations`
flags entities whose descriptors conflict across articles.

The package holds: :mod:`.vocabulary` (word lists and patterns), :mod:`.names` (normalising
and comparing names), :mod:`.linking` (the linking rules), :mod:`.clustering`
(:func:`cluster_mentions`), :mod:`.resolution` (:func:`resolve`, :func:`lookup`),
:mod:`.descriptors` and :mod:`.conflation` (:func:`conflations`). The public names (and
``_translit_equal``, which the tests check) are re-exported here, so ``entities.X`` works as it
did when this was one module.
"""

from __future__ import annotations

from .clustering import MentionInput, cluster_mentions, head_lemma_baseline
from .conflation import conflations
from .linking import NameMention
from .names import _translit_equal as _translit_equal  # checked by the tests
from .names import demonym_countries, demonym_country, normalise
from .resolution import NameIndex, lookup, resolve
from .vocabulary import LABELS, TITLES

__all__ = [
    "LABELS",
    "TITLES",
    "MentionInput",
    "NameIndex",
    "NameMention",
    "cluster_mentions",
    "conflations",
    "demonym_countries",
    "demonym_country",
    "head_lemma_baseline",
    "lookup",
    "normalise",
    "resolve",
]
