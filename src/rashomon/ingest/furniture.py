"""Page furniture: lines of a web page that are not part of the story.

Every pattern matches a whole (normalised) line, never part of one, and most only
apply to short lines, so a story sentence that happens to start with "Click here"
or "Share" in a long paragraph survives.
"""

from __future__ import annotations

import re

_BULLET = re.compile(r"^[•·▪●◦►▸‣*\-\u2013\u2014]+\s*")
_SOCIAL = (
    r"(?:facebook|twitter|x|youtube|instagram|linkedin|whatsapp|telegram|pinterest|reddit"
    r"|tiktok|snapchat|threads|mastodon|bluesky|flipboard|tumblr|vk|koo|google news|messenger"
    r"|e-?mail|mail|print|rss|copy link|copy|tweet|pin it|share)"
)
_SEP = r"\s*[•·▪|/,\-\u2013]?\s*"
_SOCIAL_LINE = re.compile(rf"{_SOCIAL}(?:{_SEP}{_SOCIAL})*{_SEP}", re.IGNORECASE)
# A navigation menu: three or more short items between separators.
_MENU_LINE = re.compile(r"[^|•·\n]{1,25}(?:\s*[|•·]\s*[^|•·\n]{1,25}){2,}\s*[|•·]?")
_NAV_WORDS = (
    r"(?:home|menu|main menu|search|close|sign in|sign up|log ?in|log ?out|register|my account"
    r"|toggle navigation|open menu|navigation|back to top|next|previous|prev|next article"
    r"|previous article|print this page|listen(?: to (?:this )?article)?|font size|a-|a\+|aa)"
)
_NAV_LINE = re.compile(rf"{_NAV_WORDS}[.:]?", re.IGNORECASE)

# (pattern, longest line it may remove)
_FURNITURE: list[tuple[re.Pattern[str], int]] = [
    (_SOCIAL_LINE, 120),
    (_NAV_LINE, 40),
    (re.compile(r"[^\w]*", re.UNICODE), 200),  # bullets, rules, emoji-only lines
    (
        re.compile(
            r"(?:also read|read also|read more|more to read|see also|also see|related"
            r"(?: articles?| stories| news| posts| coverage)?|recommended(?: for you| stories)?"
            r"|must read|don'?t miss|you (?:may|might) also like|more stories|trending"
            r"(?: now| stories)?|top stories|latest news|editor'?s picks?)"
            r"(?:\s*[:|\-\u2013\u2014»\u203a>]\s*.*|\s*\.{3}|…)?",
            re.IGNORECASE,
        ),
        300,
    ),
    (
        re.compile(
            r"share(?: this| the)?(?: article| story| post| page| link)?"
            r"(?: (?:on|via|to|with) .{1,40})?[:!.]?",
            re.IGNORECASE,
        ),
        80,
    ),
    (
        re.compile(
            r"(?:subscribe|sign up|sign-up|register|join)\b.{0,100}\b(?:newsletters?|updates"
            r"|alerts|channel|mailing list|inbox|briefing)\b.*"
            r"|subscribe(?: now| today| here)?[.!]?",
            re.IGNORECASE,
        ),
        160,
    ),
    (re.compile(r"(?:click|tap) here\b.*", re.IGNORECASE), 200),
    (re.compile(rf"follow (?:us\b|@\w).*|follow .{{1,60}}\bon {_SOCIAL}\b.*", re.IGNORECASE), 160),
    (
        # The comment form's note, not "asked that her name not be published".
        re.compile(
            r"\(?(?:will )?not be published\)?\.?|.*\be-?mail\b.{0,40}\bnot be published\b.*"
            r"|required fields are marked.*",
            re.IGNORECASE,
        ),
        200,
    ),
    (
        re.compile(
            r"(?:advertisements?|advert|ads?|sponsored(?: content| post)?|promoted(?: content)?"
            r"|paid content|(?:story|article) continues below(?: (?:this )?advertisement)?"
            r"|scroll to continue(?: with content)?|continue reading(?: below)?"
            r"|skip (?:to )?(?:main )?content|skip ad)[.:]?",
            re.IGNORECASE,
        ),
        60,
    ),
    (
        re.compile(
            r"(?:(?:estimated )?(?:reading|read) time\s*:?\s*)?(?:about |less than )?"
            r"(?:\d+|a|one)\s*(?:min|mins|minutes?)(?:\s+(?:read|reading|to read))?\.?",
            re.IGNORECASE,
        ),
        40,
    ),
    (re.compile(r"(?:tags?|topics?|filed under|categories|category)\s*:.*", re.IGNORECASE), 300),
    (re.compile(r"\d+ comments?|all rights reserved\.?|\d{1,4}", re.IGNORECASE), 40),
    (re.compile(r".*\bbe the first to comment\b.*", re.IGNORECASE), 150),
]

# Where the story ends and the comment form begins.
_COMMENTS_MARKER = re.compile(
    r"(?:leave a (?:reply|comment)|post a comment|add (?:a |your )?comment|write a comment"
    r"|\d+ comments?|comments?(?: \(\d+\))?|join the (?:conversation|discussion))\s*[:.]?",
    re.IGNORECASE,
)
# The story is over once only a comment form is left: a short tail. (Mid-article comment
# widgets exist too; there only the marker line goes.)
TAIL_MAX_CHARS = 1000
TAIL_MAX_SHARE = 0.35
# A heading over a list of links to other stories; the list can sit mid-article.
_LINKS_HEADING = re.compile(
    r"(?:related(?: posts| articles?| stories| news| coverage| content)?|more stories"
    r"|more from [\w .'\u2019-]{1,30}|you (?:may|might) also like|recommended(?: for you| stories)?"
    r"|most (?:read|popular|viewed)|trending(?: now| stories)?|top stories|latest news"
    r"|editor'?s picks?|see also|also read|read also|read more|must read|don'?t miss)\s*[:.]?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.,;:][\"'\u2019\u201d)]?$")
_COPYRIGHT = re.compile(
    r"(?:(?:copyright\s*)?(?:©|\(c\))\s*|copyright\s+(?=\d{4}))(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?[,.]?\s*"
    r"(?P<name>[^\n]*?)\s*(?:[.,]?\s*all rights reserved\b.*)?\.?",
    re.IGNORECASE,
)
_NAME = r"(?P<name>(?:[Tt]he )?[A-Z][\w&'\u2019.-]*(?: (?:of |the |& )?[A-Z][\w&'\u2019.-]*){0,4})"
_SELF_DESCRIPTION = re.compile(
    rf"{_NAME} (?:brings (?:you )?(?:the )?(?:latest|best|perspectives?|news|voices?|stories"
    r"|coverage)\b|is (?:your|a|an|the) (?:[\w-]+ ){0,3}(?:news|media) (?:portal|website|site"
    r"|outlet|platform|source|organi[sz]ation|channel|publication|network)\b).*"
)
# "(c) AP Photo/ John Doe" credits a picture, not the page.
_CREDIT = re.compile(r"/|\b(?:photos?|images?|pic(?:ture)?s?|getty|shutterstock)\b", re.I)
_BRAND = re.compile(r"[\w&'\u2019.-]+(?: [\w&'\u2019.-]+){0,3}")


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1)


def is_furniture(line: str) -> bool:
    bare = strip_bullet(line)
    return any(len(bare) <= limit and p.fullmatch(bare) for p, limit in _FURNITURE)


def is_menu(line: str) -> bool:
    bare = strip_bullet(line)
    return bool(
        len(line) <= 120
        and (
            _SOCIAL_LINE.fullmatch(bare) or _NAV_LINE.fullmatch(bare) or _MENU_LINE.fullmatch(line)
        )
    )


def is_comments_marker(line: str) -> bool:
    return len(line) <= 60 and _COMMENTS_MARKER.fullmatch(strip_bullet(line)) is not None


def is_links_heading(line: str) -> bool:
    return len(line) <= 60 and _LINKS_HEADING.fullmatch(strip_bullet(line)) is not None


def is_link_line(line: str) -> bool:
    """A linked headline in a list: short, and not ending like a sentence of the story."""
    return len(line) <= 150 and _SENTENCE_END.search(line) is None


def copyright_outlet(line: str) -> str | None:
    """The name in a "© 2024 The Daily X. All rights reserved." line."""
    if len(line) > 120:
        return None
    m = _COPYRIGHT.fullmatch(line)
    if m is None or _CREDIT.search(m.group("name")):
        return None
    return _clean_name(m.group("name"), max_words=6)


def self_description_outlet(line: str) -> str | None:
    """The name in a boilerplate line such as "The Daily X brings you the latest news."."""
    if len(line) > 200 or re.search(r"[.!?] \S", line):  # one sentence only
        return None
    m = _SELF_DESCRIPTION.fullmatch(line)
    return _clean_name(m.group("name"), max_words=5) if m else None


def brand_outlet(line: str) -> str | None:
    """A short line that names the site, as found just above a menu."""
    if len(line) > 40 or not _BRAND.fullmatch(line) or is_furniture(line):
        return None
    return _clean_name(line, max_words=4)


def _clean_name(name: str, *, max_words: int) -> str | None:
    name = name.strip(" .,;:-\u2013\u2014|")
    if not name or not name[0].isalpha() or len(name.split()) > max_words or len(name) > 60:
        return None
    return name
