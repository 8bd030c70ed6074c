"""The last resort for HTML: every visible paragraph of a page, read without a tree.

trafilatura and lxml build a tree, and libxml2 gives up below 256 levels of nesting: a page
of 10,000 nested ``<div>``s around its story yields no text from either. The standard
library's event parser keeps no stack, so no depth stops it.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements whose content is never article text: code, styling, metadata, page furniture.
HIDDEN = frozenset(
    """script style noscript template head svg math iframe object canvas nav aside footer
    form button select textarea""".split()
)
# Elements that begin and end a block of text: each becomes a paragraph of its own.
BLOCKS = frozenset(
    """address article blockquote body br caption dd details div dl dt fieldset figcaption
    figure h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary table td th tr
    ul""".split()
)


def plain_text(html: str) -> tuple[str | None, str]:
    """(title, text) of a page: its visible text, one paragraph per block element.

    >>> plain_text("<title>T &amp; C</title><div><div><p>One &lt;b&gt;</p>two<br>three")
    ('T & C', 'One <b>\\n\\ntwo\\n\\nthree')
    >>> plain_text("<p>Shown</p><script>hidden()</script><nav>Menu</nav>")
    (None, 'Shown')
    """
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return reader.title(), reader.text()


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities arrive unescaped
        self.blocks: list[list[str]] = [[]]
        self.title_parts: list[str] | None = None  # collecting while a <title> is open
        self.found_title: str | None = None
        self.hidden: list[str] = []  # open hidden elements, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.title_parts is not None:
            self.handle_endtag("title")  # "<title>Page<body>...": a title ends at the next tag
        if tag == "body":
            # A page that never closes its <head> still shows its body.
            self.hidden = [t for t in self.hidden if t != "head"]
        if tag == "title" and self.found_title is None and "svg" not in self.hidden:
            self.title_parts = []
        elif tag in HIDDEN:
            self.hidden.append(tag)
        elif tag in BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:  # "<br/>"; a self-closed hidden element hides nothing
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title_parts is not None:
            self.found_title = " ".join("".join(self.title_parts).split()) or None
            self.title_parts = None
        elif tag in self.hidden:
            # Close it and whatever was left open inside it.
            del self.hidden[len(self.hidden) - 1 - self.hidden[::-1].index(tag) :]
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
        elif not self.hidden:
            self.blocks[-1].append(data)

    def _break(self) -> None:
        if self.blocks[-1]:
            self.blocks.append([])

    def title(self) -> str | None:
        return self.found_title

    def text(self) -> str:
        paragraphs = (" ".join("".join(parts).split()) for parts in self.blocks)
        return "\n\n".join(p for p in paragraphs if p)
