"""``rashomon serve``: the local web front end, driven over HTTP (urllib) and in a real browser."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from rashomon.web.app import MAX_FILE, MAX_REQUEST, make_server

CHROMIUM = os.environ.get("RASHOMON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _req(base: str, path: str, data: bytes | None = None, ctype: str | None = None):
    """(status, headers, body text) of one request; redirects are not followed."""
    req = urllib.request.Request(
        base + path, data=data, method="POST" if data is not None else "GET"
    )
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with _OPENER.open(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


_TOKENS: dict[str, str] = {}


def _token(base: str) -> str:
    """The server's CSRF token, as a script gets it: from the hidden input of the index form."""
    if base not in _TOKENS:
        status, _, page = _req(base, "/")
        assert status == 200
        m = re.search(r'<input type=hidden name=csrf value="([^"]+)">', page)
        assert m, "the index form carries no CSRF token"
        _TOKENS[base] = m.group(1)
    return _TOKENS[base]


def _form(base: str, **fields: str) -> bytes:
    from urllib.parse import urlencode

    return urlencode({"csrf": _token(base), **fields}).encode()


def _multipart(base: str, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
        f"{_token(base)}\r\n".encode()
    ]
    for name, data in files:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def _wait_done(base: str, name: str, timeout: float = 300) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        status, _, body = _req(base, f"/story/{name}/status")
        assert status == 200
        state = json.loads(body)
        if state["state"] != "running":
            return state
        time.sleep(0.3)
    raise AssertionError(f"analysis of {name} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "stories.db"
    srv = make_server(db, "127.0.0.1", 0)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    host, port = srv.server_address[:2]
    yield f"http://{host}:{port}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def demo_story(server):
    """The demo corpus uploaded as files to the story 'demo', analysed."""
    from rashomon.demo import article_paths

    status, headers, _ = _req(
        server, "/stories", _form(server, name="demo"), "application/x-www-form-urlencoded"
    )
    assert status == 303 and headers["Location"] == "/story/demo"
    body, ctype = _multipart(server, [(p.name, p.read_bytes()) for p in article_paths()])
    status, headers, _ = _req(server, "/story/demo/upload", body, ctype)
    assert status == 303, _
    state = _wait_done(server, "demo")
    assert state["state"] == "done", state
    return state


def test_index_lists_and_has_strict_csp(server):
    status, headers, body = _req(server, "/")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "<form" in body and 'action="/stories"' in body


def test_upload_demo_and_report(server, demo_story, demo_result):
    assert demo_story["added"] == len(demo_result.articles)
    status, headers, page = _req(server, "/story/demo")
    assert status == 200 and 'href="/story/demo/report"' in page
    status, headers, report = _req(server, "/story/demo/report")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    # Only the report's own script may run: its hash, never 'unsafe-inline'.
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    scripts = re.findall(r"<script>(.*?)</script>", report, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert script_src.split() == ["script-src", f"'sha256-{digest}'"]
    assert 'id="matrix"' in report or "id=matrix" in report
    # The main claims of the demo story appear in the served report.
    import html as _html

    found = [
        c for c in demo_result.claims[:5] if _html.escape(c.summary[:40], quote=True) in report
    ]
    assert len(found) >= 3, [c.summary for c in demo_result.claims[:5]]
    assert "upload/01_meridian_wire.txt" in report  # the shown name, not the temp path
    assert "rashomon-upload-" not in report
    status, _, listing = _req(server, "/")
    assert 'href="/story/demo"' in listing


def test_bad_file_type_is_refused(server, demo_story):
    body, ctype = _multipart(server, [("evil.exe", b"MZ...")])
    status, _, page = _req(server, "/story/demo/upload", body, ctype)
    assert status == 415 and "unsupported file type" in page


def test_oversize_file_and_request_get_413(server, demo_story):
    body, ctype = _multipart(server, [("big.txt", b"a" * (MAX_FILE + 1))])
    status, _, page = _req(server, "/story/demo/upload", body, ctype)
    assert status == 413 and "file too large" in page
    body, ctype = _multipart(server, [(f"b{i}.txt", b"a" * (MAX_FILE - 10)) for i in range(5)])
    assert len(body) > MAX_REQUEST
    status, _, page = _req(server, "/story/demo/upload", body, ctype)
    assert status == 413 and "Request too large" in page


@pytest.mark.parametrize(
    "path",
    [
        "/story/../x",
        "/story/%2e%2e/x",
        "/story/..%2fetc%2fpasswd",
        "/story/a/b/c",
        "/nope",
        "/story/unknown-story",
        "/story/%2e%2e",
    ],
)
def test_traversal_and_unknown_paths_are_404(server, path):
    status, _, _ = _req(server, path)
    assert status == 404


def test_bad_story_names_are_refused(server):
    for name in ("../etc", "a/b", "", "x" * 65, "<script>"):
        status, _, page = _req(
            server, "/stories", _form(server, name=name), "application/x-www-form-urlencoded"
        )
        assert status == 400, name
        assert "<script>" not in page


def test_get_does_not_change_anything(server):
    status, _, _ = _req(server, "/story/demo/upload")
    assert status in (404, 405)


def test_pasted_text_is_escaped(server):
    status, _, _ = _req(
        server, "/stories", _form(server, name="pasted"), "application/x-www-form-urlencoded"
    )
    assert status == 303
    text = (
        "Officials said on Monday that <script>alert('x')</script> the bridge over the river "
        "was destroyed by shelling, according to the regional governor. Residents said the "
        "crossing had been closed since the weekend and that the army denied any involvement."
    )
    data = _form(server, title="<img src=x onerror=alert(1)>", text=text)
    status, _, _ = _req(server, "/story/pasted/paste", data, "application/x-www-form-urlencoded")
    assert status == 303
    state = _wait_done(server, "pasted")
    assert state["state"] == "done", state
    status, headers, report = _req(server, "/story/pasted/report")
    assert status == 200
    assert "<script>alert" not in report and "&lt;script&gt;alert" in report
    assert "<img src=x" not in report


# -- a real browser ------------------------------------------------------------------------------


def _playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)")
    return sync_playwright


def test_browser_upload_and_report(server, tmp_path):
    sync_playwright = _playwright()
    from rashomon.demo import article_paths

    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"chromium would not start under playwright: {exc}")
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on(  # a CSP violation is only logged to the console
                "console",
                lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
            )
            page.goto(server + "/")
            page.fill("input[name=name]", "browser")
            page.click("text=Create")
            page.wait_for_url("**/story/browser")
            page.set_input_files("input[type=file]", [str(p) for p in article_paths()])
            page.click("text=Upload and analyse")
            page.wait_for_selector("#report", timeout=300_000)  # the page refreshes until done
            assert "done" in page.inner_text("#status")
            page.click("#report")
            page.wait_for_url("**/story/browser/report")
            assert page.locator("#brief").count() == 1
            rows = page.locator("#matrix-table tbody tr").count()
            assert rows >= 5, rows
            assert page.get_attribute("html", "data-js") == "ok"  # the script ran under CSP
            link = page.locator("#brief a[href^='#a']").first
            target = link.get_attribute("href")
            assert target
            link.click()
            assert page.locator(f"mark[id='{target[1:]}']").count() == 1
            page.goto(server + "/story/browser/report#matrix")
            shot = tmp_path / "web.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            shutil.copy(shot, "/tmp/web.png")
            assert not errors, errors
        finally:
            browser.close()
