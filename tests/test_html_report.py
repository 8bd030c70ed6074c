"""report.html: anchors and links resolve, the article text survives intact, nothing that an
article carries can run, and the page stays quick to build with hundreds of articles."""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rashomon.model import AnalysisResult, ClaimMention, TimelineEntry
from rashomon.outputs.html import SCRIPT, claim_anchor, render_html, write_html

CHROMIUM = Path("/usr/bin/chromium")

PAYLOAD = (
    "<script>document.title='pwned'</script>\"><img src=x onerror=\"document.title='pwned'\">"
    '\'><svg onload=alert(1)></script><a href="javascript:alert(1)">x</a>'
    '<iframe src="javascript:alert(1)"></iframe>&lt;b&gt;'
)


class Page(HTMLParser):
    """Every element (tag, attrs, parent path), ids, links, script bodies and the text of
    each article body outside the claim labels."""

    VOID = {
        "meta",
        "br",
        "img",
        "input",
        "link",
        "hr",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "wbr",
        "rect",
        "path",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self.title = ""
        self.stack: list[str] = []
        self.article_text: dict[str, list[str]] = {}
        self._art: str | None = None
        self._text_depth: int | None = None
        self._sup = 0
        self._in_script = False
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"] or "")
        if "href" in a:
            self.hrefs.append(a["href"] or "")
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "title" and "head" in self.stack:
            self._in_title = True
        if tag == "article" and (a.get("id") or "").startswith("art-"):
            self._art = a["id"][4:]
        if tag == "div" and a.get("class") == "text" and self._art:
            self._text_depth = len(self.stack)
            self.article_text[self._art] = []
        if tag == "sup":
            self._sup += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-3:]}"
        self.stack.pop()
        if tag == "script":
            self._in_script = False
        if tag == "title":
            self._in_title = False
        if tag == "sup":
            self._sup -= 1
        if self._text_depth is not None and len(self.stack) == self._text_depth:
            self._text_depth = None
            self._art = None

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._in_title:
            self.title += data
        if self._text_depth is not None and self._art and not self._sup:
            self.article_text[self._art].append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    p.close()
    assert p.stack == [], p.stack[-5:]
    return p


@pytest.fixture(scope="module")
def demo_html(demo_result):
    return render_html(demo_result)


@pytest.fixture(scope="module")
def demo_page(demo_html):
    return parse(demo_html)


def test_demo_renders_all_sections(demo_html, demo_page):
    for sec in (
        "brief",
        "matrix",
        "contradictions",
        "entities",
        "provenance",
        "timeline",
        "articles",
    ):
        assert f'id="{sec}"' in demo_html
    assert "2024-03-03" in demo_html  # the day of the drone strike, on the timeline
    assert demo_page.title == "rashomon report"
    assert "<svg" in demo_html and "Meridian Press Agency" in demo_html
    # offline: nothing is loaded from anywhere
    assert not any("src" in attrs for _, attrs in demo_page.elements)
    assert "<link" not in demo_html and "@import" not in demo_html and "url(" not in demo_html


def test_every_mention_has_its_mark_and_every_link_resolves(demo_result, demo_page):
    ids = demo_page.ids
    assert len(ids) == len(set(ids)), "duplicate ids"
    idset = set(ids)
    marks = {a["id"] for tag, a in demo_page.elements if tag == "mark" and a.get("id")}
    mentions = [m for c in demo_result.claims for m in c.mentions]
    assert mentions
    for m in mentions:
        assert re.fullmatch(r"a[0-9a-f]+-m\d+", m.id)
        assert m.id in marks, m.id
    for c in demo_result.claims:
        assert f"claim-{c.id}" in idset
    local = [h for h in demo_page.hrefs if h.startswith("#")]
    assert len(local) > len(mentions)
    for h in local:
        assert h[1:] in idset, h
    # every statement is cited from its claim card: a link per mention
    for m in mentions:
        assert f"#{m.id}" in demo_page.hrefs
    # every contradiction side links somewhere that exists (mentions or descriptor spans)
    assert sum(1 for h in local if h.startswith("#d-")) >= 2


def test_article_text_is_kept_whole_under_the_highlights(demo_result, demo_page):
    for a in demo_result.articles:
        assert "".join(demo_page.article_text[a.id]) == a.text


def test_overlapping_and_broken_spans_still_render(demo_result):
    r = copy.deepcopy(demo_result)
    c = r.claims[0]
    m0 = c.mentions[0]
    art = next(a for a in r.articles if a.id == m0.article_id)
    # a mention that overlaps the first one half-way, and one whose span is out of range
    extra = dataclasses.replace(m0, id=f"{art.id}-m901", start=m0.start + 5, end=m0.end + 12)
    broken = dataclasses.replace(
        m0, id=f"{art.id}-m902", start=len(art.text) + 50, end=len(art.text) + 40
    )
    c.mentions.extend([extra, broken])
    page = parse(render_html(r))
    assert "".join(page.article_text[art.id]) == art.text
    assert {extra.id, broken.id, m0.id} <= set(page.ids)
    assert len(page.ids) == len(set(page.ids))


def _evil_result(demo_result) -> AnalysisResult:
    r = copy.deepcopy(demo_result)
    r.generated_at = PAYLOAD
    a0, a1 = r.articles[0], r.articles[1]
    a0.title, a0.outlet, a0.path = PAYLOAD, PAYLOAD, PAYLOAD
    a0.url = "javascript:alert(document.domain)"
    a1.url = 'https://x.example/"><script>alert(1)</script>'
    a0.warnings = [PAYLOAD]
    start = len(a0.text) + 2
    a0.text = a0.text + "\n\n" + PAYLOAD
    c = r.claims[0]
    c.summary = PAYLOAD
    c.origins = [PAYLOAD]
    c.status = PAYLOAD  # type: ignore[assignment]
    c.mentions.append(
        ClaimMention(
            id=f"{a0.id}-m999",
            article_id=a0.id,
            sentence_index=99,
            sentence=PAYLOAD,
            start=start,
            end=len(a0.text),
            text=PAYLOAD,
            orig_start=start,
            orig_end=len(a0.text),
            speaker=PAYLOAD,
            speaker_kind=PAYLOAD,
            via=[PAYLOAD, "javascript:alert(1)"],
            cue=PAYLOAD,
            hedged=False,
            hedging="asserted",
            polarity="asserts",
            origin=PAYLOAD,
        )
    )
    e = r.entities[0]
    e.name, e.type, e.aliases = PAYLOAD, PAYLOAD, [PAYLOAD]
    for ent in r.entities:
        for d in ent.descriptors:
            d.text, d.kind = PAYLOAD, PAYLOAD
    for x in r.contradictions:
        x.explanation, x.kind = PAYLOAD, PAYLOAD
    r.timeline = [
        _entry("2024-03-03", PAYLOAD, status=PAYLOAD, claim_ids=[c.id, PAYLOAD]),
        _entry(PAYLOAD, "undated", event_id=PAYLOAD),
        _entry(None, "", event_type=PAYLOAD, sources=[PAYLOAD]),  # no label: its fields
    ]
    return r


def _assert_inert(text: str) -> Page:
    page = parse(text)
    # the only script is ours, and it is the only one
    assert page.scripts == [SCRIPT]
    assert text.count("<script") == 1
    for tag, attrs in page.elements:
        assert tag not in {"img", "iframe", "object", "embed", "base", "form", "link"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"src", "srcdoc", "formaction", "style"}, (tag, name)
            if name in {"href", "xlink:href", "action"}:
                v = (value or "").strip().lower()
                assert v.startswith("#") or v.startswith("https://") or v.startswith("http://")
                assert "javascript:" not in v and '"' not in v
        if tag == "meta" and "http-equiv" in attrs:
            assert attrs["http-equiv"] == "Content-Security-Policy"
    assert "pwned" not in page.title
    # the payload is still there, as text
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in text
    return page


def test_untrusted_text_is_inert(demo_result):
    evil = _evil_result(demo_result)
    text = render_html(evil)
    page = _assert_inert(text)
    assert 'id="timeline"' in text and '<svg class="chart"' in text
    a0 = evil.articles[0]
    assert "".join(page.article_text[a0.id]) == a0.text
    csp = [a for t, a in page.elements if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_untrusted_article_through_the_pipeline(tmp_path):
    from rashomon import analyze

    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Council <script>alert(1)</script> vote delayed\n\n"
        'The council said on Monday that the vote "><img src=x onerror=alert(1)> had been '
        'postponed by two weeks, according to </script><a href="javascript:alert(1)">x</a>.\n\n'
        "Mayor Ana Brix told reporters that <script>alert(2)</script> the budget was cut.\n"
    )
    result = analyze([evil])
    assert any("<script>" in m.text or "<img" in m.text for c in result.claims for m in c.mentions)
    _assert_inert_pipeline(render_html(result))


def _assert_inert_pipeline(text: str) -> None:
    page = parse(text)
    assert page.scripts == [SCRIPT]
    for tag, attrs in page.elements:
        assert tag not in {"img", "iframe"}
        assert not any(n.startswith("on") for n in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def _entry(date, label, **kw) -> TimelineEntry:
    fields = {
        "date_end": None,
        "granularity": "day" if date else None,
        "event_id": "ev1",
        "event_type": "attack",
        "status": "single-origin",
        "claim_ids": [],
        "sources": [],
    }
    fields.update(kw)
    return TimelineEntry(date=date, label=label, **fields)


def test_timeline_entries(demo_result):
    r = copy.deepcopy(demo_result)
    r.timeline = [
        _entry("2024-03-03", "strike on depot", claim_ids=[r.claims[0].id, "no-such-claim"]),
        _entry("2024-03-03", "car bomb"),
        _entry("2024-03-05T10:00", "flag raised", status="disputed"),
        _entry(None, "undated thing", status=""),
        _entry(None, "", event_type="mystery"),
    ]
    text = render_html(r)
    assert "strike on depot" in text and "flag raised" in text and "undated thing" in text
    assert "2024-03-03: 2" in text  # the bar of the per-day chart
    assert f'href="#{claim_anchor(r.claims[0].id)}"' in text and "no-such-claim" not in text
    assert "event_type: mystery" in text  # an entry without a label shows its fields
    parse(text)


def test_write_html_is_atomic(demo_result, tmp_path):
    path = tmp_path / "r" / "report.html"
    write_html(demo_result, path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


def _scaled(result: AnalysisResult, copies: int) -> AnalysisResult:
    """The demo repeated: each copy with its own article, mention and claim ids."""
    r = copy.deepcopy(result)
    arts, sents, claims, ents, contra = [], [], [], [], []
    for k in range(copies):
        ren = {a.id: f"{a.id}{k:03d}" for a in result.articles}
        for a in result.articles:
            arts.append(dataclasses.replace(a, id=ren[a.id], outlet=f"{a.outlet} {k % 40}"))
        for s in result.sentences:
            sents.append(dataclasses.replace(s, article_id=ren[s.article_id]))
        for c in result.claims:
            ms = [
                dataclasses.replace(
                    m,
                    id=m.id.replace(m.article_id, ren[m.article_id]),
                    article_id=ren[m.article_id],
                    origin=f"{m.origin} {k % 60}",
                )
                for m in c.mentions
            ]
            claims.append(dataclasses.replace(c, id=f"{c.id}k{k}", mentions=ms))
        for e in result.entities:
            ents.append(
                dataclasses.replace(
                    e,
                    id=f"{e.id}k{k}",
                    mentions=[
                        dataclasses.replace(m, article_id=ren[m.article_id]) for m in e.mentions
                    ],
                    descriptors=[
                        dataclasses.replace(d, article_id=ren[d.article_id]) for d in e.descriptors
                    ],
                )
            )
        for x in result.contradictions:

            def rn(ref: str, ren: dict[str, str] = ren) -> str:
                art = ref.split(":")[0].split("-m")[0]
                return ref.replace(art, ren.get(art, art), 1)

            contra.append(
                dataclasses.replace(
                    x,
                    id=f"{x.id}k{k}",
                    claim_id=f"{x.claim_id}k{k}" if x.claim_id else "",
                    mention_a=rn(x.mention_a),
                    mention_b=rn(x.mention_b),
                )
            )
    r.articles, r.sentences, r.claims, r.entities, r.contradictions = (
        arts,
        sents,
        claims,
        ents,
        contra,
    )
    return r


def test_hundreds_of_articles_render_quickly(demo_result):
    big = _scaled(demo_result, 50)  # 350 articles, 2250 claims
    t0 = time.perf_counter()
    text = render_html(big)
    elapsed = time.perf_counter() - t0
    assert elapsed < 20, elapsed
    assert len(text) < 40_000_000
    page = parse(text)
    idset = set(page.ids)
    assert len(idset) == len(page.ids)
    assert all(h[1:] in idset for h in page.hrefs if h.startswith("#"))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed")
def test_in_a_real_browser_nothing_injected_runs_and_our_script_does(demo_result, tmp_path):
    evil = _evil_result(demo_result)
    path = tmp_path / "report.html"
    write_html(evil, path)
    profile = tempfile.mkdtemp(prefix="rashomon-chromium-")
    try:
        proc = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--dump-dom",
                path.as_uri() + "#" + evil.claims[0].mentions[0].id,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    dom = proc.stdout
    assert "<title>rashomon report</title>" in dom, proc.stderr[-2000:]
    page = parse(dom)
    assert page.title == "rashomon report"  # an injected script would have changed it
    html_el = page.elements[0]
    assert html_el[0] == "html" and html_el[1].get("data-js") == "ok"  # our script ran
    for tag, attrs in page.elements:
        assert tag not in {"img", "iframe"}, tag
        assert not any(n.startswith("on") for n in attrs), (tag, attrs)
    byid = {a.get("id"): a for _, a in page.elements if a.get("id")}
    # the highlight navigation picked up the fragment
    assert "on" in (byid["nav-m"].get("class") or "").split()
    assert "hl" in (byid[evil.claims[0].mentions[0].id].get("class") or "").split()


def test_matrix_rows_can_be_found_by_source_and_entity(demo_result, demo_html):
    strike = next(
        c
        for c in demo_result.claims
        if any("Drones launched from Drevanian" in m.text for m in c.mentions)
    )
    row = demo_html.split(f'href="#{claim_anchor(strike.id)}"')[0].rsplit("<tr ", 1)[1]
    assert 'data-search="' in row
    for needle in ("Petra Lindqvar", "Meridian Press Agency", "Northgate Observer"):
        assert needle in row
