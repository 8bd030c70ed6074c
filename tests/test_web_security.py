"""``rashomon serve`` under attack, over real sockets: cross-site posts (CSRF), foreign Host
names (DNS rebinding), slow and idle clients, connection floods, and the report's script
policy. The server runs with tiny limits so that every deadline passes in about a second."""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import select
import socket
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from rashomon.web.app import Limits, make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LIMITS = Limits(
    idle_timeout=1.0,
    header_timeout=1.0,
    transfer_floor=1.0,
    transfer_rate=1e9,
    max_connections=16,
)
SLACK = 1.5  # how much later than its deadline a connection may be closed
FORM = "application/x-www-form-urlencoded"
OWN = "(the server's own address)"

TINY = [
    "Officials said on Monday that the bridge over the river was destroyed by shelling, "
    "according to the regional governor. The army denied any involvement.",
    "The army said on Tuesday that the bridge was not destroyed by shelling. The regional "
    "governor said the crossing had been closed since the weekend.",
]


def _start(db: Path, **kwargs: Any) -> Any:
    srv = make_server(db, "127.0.0.1", 0, **kwargs)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    srv = _start(
        tmp_path_factory.mktemp("websec") / "stories.db",
        limits=LIMITS,
        extra_hosts=["Rashomon.Test"],
    )
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def tiny_story(srv):
    """A story with a report, put in the store directly (no upload, a quick analysis)."""
    from rashomon.ingest import read_text
    from rashomon.model import IngestResult

    arts = [read_text(t, path=f"t{i}", title=f"Tiny {i}") for i, t in enumerate(TINY)]
    with srv.app.store() as st:
        st.add("tiny", IngestResult(arts, [], []))
    return "tiny"


def _hostport(srv: Any) -> str:
    return f"127.0.0.1:{srv.server_address[1]}"


def _own(srv: Any) -> str:
    return f"http://{_hostport(srv)}"


def _request(
    srv: Any,
    method: str,
    path: str,
    body: bytes = b"",
    headers: Sequence[tuple[str, str]] = (),
    host: str | None = OWN,
) -> tuple[int, http.client.HTTPMessage, str]:
    """One request; ``host`` None sends no Host header at all."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", _hostport(srv) if host is OWN else host)
        for k, v in headers:
            conn.putheader(k, v)
        if method == "POST":
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        resp = conn.getresponse()
        return resp.status, resp.headers, resp.read().decode("utf-8")
    finally:
        conn.close()


def _post_form(
    srv: Any,
    path: str,
    fields: dict[str, str],
    headers: Sequence[tuple[str, str]] | None = None,  # None: our own Origin
    host: str | None = OWN,
) -> tuple[int, http.client.HTTPMessage, str]:
    hdrs = [("Content-Type", FORM), *([("Origin", _own(srv))] if headers is None else headers)]
    return _request(srv, "POST", path, urlencode(fields).encode(), hdrs, host)


def _exists(srv: Any, name: str) -> bool:
    return _request(srv, "GET", f"/story/{name}")[0] == 200


def _multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    b = uuid.uuid4().hex
    out = [
        f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    for name, data in files:
        out.append(
            f'--{b}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    out.append(f"--{b}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={b}"


def _connect(srv: Any) -> socket.socket:
    return socket.create_connection(("127.0.0.1", srv.server_address[1]), timeout=5)


def _until_closed(sock: socket.socket, give_up: float) -> tuple[bytes, float | None]:
    """(what came, seconds until the server closed) reading ``sock``; None: still open."""
    start, data = time.monotonic(), b""
    while (left := give_up - (time.monotonic() - start)) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            return data, time.monotonic() - start
        if not chunk:
            return data, time.monotonic() - start
        data += chunk
    return data, None


# -- CSRF ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "null",  # a sandboxed frame, or a page under Referrer-Policy: no-referrer
        "http://127.0.0.1:1",  # another port is another origin
        "https://{hostport}",
        "http://localhost:{port}",  # another name of the same server is another origin too
        "",
    ],
)
def test_post_from_another_origin_is_refused_even_with_the_token(srv, origin):
    origin = origin.format(hostport=_hostport(srv), port=srv.server_address[1])
    name = f"x{uuid.uuid4().hex[:8]}"
    fields = {"csrf": srv.app.token, "name": name}
    status, _, page = _post_form(srv, "/stories", fields, [("Origin", origin)])
    assert status == 403 and "another site" in page
    assert not _exists(srv, name)


def test_foreign_referer_without_origin_and_a_second_origin_are_refused(srv):
    fields = {"csrf": srv.app.token, "name": "viareferer"}
    status, _, _ = _post_form(srv, "/stories", fields, [("Referer", "http://evil.example/x")])
    assert status == 403 and not _exists(srv, "viareferer")
    two = [("Origin", _own(srv)), ("Origin", "http://evil.example")]
    status, _, _ = _post_form(srv, "/stories", fields, two)
    assert status == 403 and not _exists(srv, "viareferer")


@pytest.mark.parametrize("token", [None, "", "wrong", "{token}x", "{token_short}"])
def test_post_without_the_right_token_is_refused(srv, token):
    fields = {"name": "notoken"}
    if token is not None:
        t = srv.app.token
        fields["csrf"] = token.format(token=t, token_short=t[:-1])
    status, _, page = _post_form(srv, "/stories", fields)
    assert status == 403 and "token" in page
    assert not _exists(srv, "notoken")


def test_paste_and_upload_without_the_token_start_nothing(srv, tiny_story):
    status, _, _ = _post_form(srv, f"/story/{tiny_story}/paste", {"text": TINY[0]})
    assert status == 403
    body, ctype = _multipart({"csrf": "wrong"}, [("a.txt", TINY[0].encode())])
    hdrs = [("Content-Type", ctype), ("Origin", _own(srv))]
    status, _, _ = _request(srv, "POST", f"/story/{tiny_story}/upload", body, hdrs)
    assert status == 403
    assert tiny_story not in srv.app.jobs  # no analysis was started
    # the token in the multipart body is read: with it the upload gets past the checks
    body, ctype = _multipart({"csrf": srv.app.token}, [("evil.exe", b"MZ")])
    hdrs = [("Content-Type", ctype), ("Origin", _own(srv))]
    status, _, page = _request(srv, "POST", f"/story/{tiny_story}/upload", body, hdrs)
    assert status == 415 and "unsupported file type" in page
    hdrs = [("Content-Type", ctype), ("Origin", "http://evil.example")]
    assert _request(srv, "POST", f"/story/{tiny_story}/upload", body, hdrs)[0] == 403


def test_own_forms_carry_the_token_and_work(srv):
    status, headers, page = _request(srv, "GET", "/")
    assert headers["Referrer-Policy"] == "same-origin"  # else browsers post Origin: null
    assert '<meta name="referrer" content="same-origin">' in page
    forms = re.findall(r"<form .*?</form>", page, re.S)
    assert forms and all(f'name=csrf value="{srv.app.token}"' in f for f in forms)
    token = re.search(r'name=csrf value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    status, headers, _ = _post_form(srv, "/stories", {"csrf": token, "name": "ownform"})
    assert status == 303 and headers["Location"] == "/story/ownform"
    status, _, story = _request(srv, "GET", "/story/ownform")
    forms = re.findall(r"<form .*?</form>", story, re.S)
    assert len(forms) == 2 and all(f'name=csrf value="{token}"' in f for f in forms)


def test_a_script_without_origin_posts_with_the_token_from_get_token(srv):
    status, headers, token = _request(srv, "GET", "/token")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert token == srv.app.token
    status, _, _ = _post_form(srv, "/stories", {"csrf": token, "name": "bycurl"}, headers=[])
    assert status == 303 and _exists(srv, "bycurl")
    own_referer = [("Referer", _own(srv) + "/")]
    status, _, _ = _post_form(srv, "/stories", {"csrf": token, "name": "byref"}, own_referer)
    assert status == 303 and _exists(srv, "byref")


# -- Host (DNS rebinding) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "127.0.0.2", "", None],
)
def test_foreign_host_is_refused_and_gets_no_data(srv, tiny_story, host):
    host = host.format(port=srv.server_address[1]) if host is not None else None
    for path in ("/", "/token", f"/story/{tiny_story}/report", f"/story/{tiny_story}/status"):
        status, _, page = _request(srv, "GET", path, host=host)
        assert status == 400 and "does not answer to the host" in page, (path, status)
        assert srv.app.token not in page and tiny_story not in page and "claim" not in page
    fields = {"csrf": srv.app.token, "name": "rebound"}
    origin = [("Origin", f"http://{host}")]
    assert _post_form(srv, "/stories", fields, origin, host=host)[0] == 400
    assert not _exists(srv, "rebound")


def test_own_host_names_are_answered_and_look_alikes_are_not(srv):
    port = srv.server_address[1]
    for host in (
        f"127.0.0.1:{port}",
        f"LOCALHOST:{port}",
        "localhost",
        f"[::1]:{port}",
        "rashomon.test.",
    ):
        assert _request(srv, "GET", "/", host=host)[0] == 200, host
        name = f"h{uuid.uuid4().hex[:8]}"
        origin = [("Origin", f"http://{host.lower().rstrip('.')}")]
        fields = {"csrf": srv.app.token, "name": name}
        assert _post_form(srv, "/stories", fields, origin, host=host)[0] == 303, host
    for host in ("rashomon.test.evil.example", f"localhost.evil.example:{port}", "[::2]"):
        assert _request(srv, "GET", "/", host=host)[0] == 400, host


# -- slow, idle and too many clients -------------------------------------------------------------


@pytest.mark.parametrize("announced,reply", [(25 * 2**20, b"413"), (1000, b"408")])
def test_slow_body_is_cut_at_its_deadline_while_others_are_served(srv, announced, reply):
    sock = _connect(srv)
    head = (
        f"POST /stories HTTP/1.1\r\nHost: {_hostport(srv)}\r\nOrigin: {_own(srv)}\r\n"
        f"Content-Type: {FORM}\r\nContent-Length: {announced}\r\n\r\n"
    )
    body = f"csrf={srv.app.token}&name=slowbody&text=".encode().ljust(100, b"a")
    with sock:
        sock.sendall(head.encode() + body[:100])
        t0 = time.monotonic()
        assert _request(srv, "GET", "/")[0] == 200  # another client, meanwhile
        assert time.monotonic() - t0 < LIMITS.transfer_floor
        data, closed = _until_closed(sock, LIMITS.transfer_floor + 4)
    assert closed is not None and closed < LIMITS.transfer_floor + SLACK, closed
    assert data.split(b"\r\n", 1)[0].split()[1:2] == [reply], data[:80]
    assert not _exists(srv, "slowbody")


def test_slowloris_headers_are_cut_at_the_header_deadline(srv):
    closed, served = None, False
    with _connect(srv) as sock:
        sock.sendall(f"GET / HTTP/1.1\r\nHost: {_hostport(srv)}\r\nX-Slow: ".encode())
        t0 = time.monotonic()
        # One byte every 0.1 s: a per-recv timeout of a second would never fire.
        while closed is None and time.monotonic() - t0 < LIMITS.header_timeout + 4:
            try:
                sock.sendall(b"a")
                if select.select([sock], [], [], 0.1)[0] and sock.recv(4096) == b"":
                    closed = time.monotonic() - t0
            except (BrokenPipeError, ConnectionResetError):
                closed = time.monotonic() - t0
            if not served and time.monotonic() - t0 > 0.3:
                served = _request(srv, "GET", "/")[0] == 200  # others are served meanwhile
    assert served
    assert closed is not None and closed < LIMITS.header_timeout + SLACK, closed


def test_idle_connection_is_closed(srv):
    with _connect(srv) as sock:
        data, closed = _until_closed(sock, LIMITS.idle_timeout + 4)
    assert data == b"" and closed is not None and closed < LIMITS.idle_timeout + SLACK, closed


def test_connections_over_the_cap_get_503_and_the_server_recovers(tmp_path):
    limits = Limits(idle_timeout=10, header_timeout=10, max_connections=2)
    srv = _start(tmp_path / "stories.db", limits=limits)
    try:
        holders = [_connect(srv) for _ in range(2)]
        end = time.monotonic() + 3
        while srv.open_connections < 2 and time.monotonic() < end:
            time.sleep(0.02)
        with _connect(srv) as extra:
            data, closed = _until_closed(extra, 3)
        assert data.startswith(b"HTTP/1.0 503 ") and closed is not None, data[:80]
        for h in holders:
            h.close()
        end, status = time.monotonic() + 3, 0
        while time.monotonic() < end and status != 200:
            try:
                status = _request(srv, "GET", "/")[0]
            except (ConnectionError, http.client.HTTPException):
                time.sleep(0.05)
        assert status == 200
    finally:
        srv.shutdown()
        srv.server_close()


# -- the report's script policy ------------------------------------------------------------------


def _script_src(csp: str) -> list[str]:
    return next(d.split() for d in csp.split(";") if d.split()[:1] == ["script-src"])


def test_report_csp_allows_its_one_script_by_hash(srv, tiny_story):
    status, headers, page = _request(srv, "GET", f"/story/{tiny_story}/report")
    assert status == 200
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert meta is not None
    for csp in (headers["Content-Security-Policy"], meta.group(1).replace("&#x27;", "'")):
        assert _script_src(csp) == ["script-src", f"'sha256-{digest}'"], csp
    # a hash allows no inline handler and no javascript: URL: the page must have none
    assert not re.search(r"<[^>]*\son[a-z]+\s*=|=\"?\s*javascript:", page, re.I)


# -- in a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as pw:
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # noqa: BLE001
            pytest.skip(f"chromium would not start under playwright: {exc}")
        yield b
        b.close()


def _foreign_form(action: str, token: str, policy: str) -> str:
    return (
        f'<!DOCTYPE html><meta name="referrer" content="{policy}"><form method=post '
        f'action="{action}"><input name=csrf value="{token}"><input name=name value=foreign>'
        "<button id=go>go</button></form>"
    )


def _serving(html: str) -> Any:
    return lambda route: route.fulfill(body=html, content_type="text/html")


def test_browser_posts_own_forms_and_refuses_a_foreign_one(srv, browser):
    page = browser.new_page()
    try:
        page.goto(_own(srv) + "/")
        page.fill("input[name=name]", "browserform")
        page.click("text=Create")  # chromium sends our own Origin: the form works
        page.wait_for_url("**/story/browserform")
        assert "Story browserform" in page.inner_text("h1")
        # A foreign page that even knows the token; with its default referrer policy
        # chromium sends "Origin: http://evil.test", with no-referrer "Origin: null".
        for policy in ("strict-origin-when-cross-origin", "no-referrer"):
            html = _foreign_form(_own(srv) + "/stories", srv.app.token, policy)
            page.route("http://evil.test/", _serving(html))
            page.goto("http://evil.test/")
            with page.expect_response(lambda r: r.url.endswith("/stories")) as resp:
                page.click("#go")
            assert resp.value.status == 403, policy
            assert "another site" in page.inner_text("body")
            page.unroute("http://evil.test/")
        assert not _exists(srv, "foreign")
    finally:
        page.close()


def test_browser_report_runs_its_script_and_nothing_injected(srv, tiny_story, browser):
    url = f"{_own(srv)}/story/{tiny_story}/report"
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    try:
        page.goto(url)
        assert page.get_attribute("html", "data-js") == "ok"  # our script ran
        assert not [m for m in console if "Content Security Policy" in m], console
        rows = page.locator("#matrix-table tbody tr")
        assert rows.count() >= 2
        header = page.locator("#matrix-table thead th").first
        header.click()  # sorting is done by the script
        assert re.search(r"sorted-(asc|desc)", header.get_attribute("class") or "")
        first = rows.first.inner_text().split()[0]
        page.fill('[data-filter="matrix-table"]', "zzz-no-such-claim")
        assert page.locator("#matrix-table tbody tr:not(.hidden)").count() == 0
        page.fill('[data-filter="matrix-table"]', first)
        assert page.locator("#matrix-table tbody tr:not(.hidden)").count() >= 1

        # The same page, as an injection would leave it: under the CSP nothing of it runs.
        def inject(route: Any) -> None:
            resp = route.fetch()
            evil = (
                "<script>document.title='pwned by script'</script>"
                "<button id=evil1 onclick=\"document.title='pwned by onclick'\">y</button>"
                "<a id=evil2 href=\"javascript:void(document.title='pwned by url')\">x</a>"
            )
            route.fulfill(response=resp, body=resp.text().replace("<main>", "<main>" + evil))

        page.route(url, inject)
        page.goto(url)
        assert page.get_attribute("html", "data-js") == "ok"  # ours still runs
        for evil in ("#evil1", "#evil2"):
            page.click(evil, timeout=5000)
        page.wait_for_timeout(200)
        assert not page.title().startswith("pwned"), page.title()
        assert any("Content Security Policy" in m for m in console), console
    finally:
        page.close()


def test_rashomon_serve_answers_the_hosts_it_was_told(tmp_path):
    """The command, as a user starts it: --allow-host adds a name, any other is refused."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "rashomon.cli", "serve", "--db", str(tmp_path / "s.db")]
    proc = subprocess.Popen(
        [*cmd, "--port", "0", "--allow-host", "newsroom.lan"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        first = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", first).group(1))
        assert "newsroom.lan" in proc.stdout.readline()

        def status(host: str) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.putrequest("GET", "/", skip_host=True)
            conn.putheader("Host", host)
            conn.endheaders()
            code = conn.getresponse().status
            conn.close()
            return code

        assert status(f"newsroom.lan:{port}") == 200
        assert status(f"localhost:{port}") == 200
        assert status(f"evil.example:{port}") == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)
