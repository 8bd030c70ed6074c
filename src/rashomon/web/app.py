"""``rashomon serve``: a small local web front end to the story store (standard library only).

Pages: ``/`` lists the stories and creates one; ``/story/<name>`` uploads articles (files or
pasted text) and shows the state of the running analysis; ``/story/<name>/report`` is the
report (:func:`rashomon.outputs.html.render_html`); ``/story/<name>/status`` is the job state as
JSON. Changes are POST only; adding runs ``Store.add`` in a background thread (one job per
story at a time) and the story page refreshes itself (``<meta refresh>``, no script) until it
is done.

Safety: binds 127.0.0.1 by default; a request body over :data:`MAX_REQUEST` or a file over
:data:`MAX_FILE` is refused with 413; only :data:`ALLOWED_SUFFIXES` are accepted (415);
uploaded file names are never used as paths (files go to a temporary folder under generated
names; the original name is only shown, escaped); story names follow the store's one rule
(:data:`rashomon.store.STORY_NAME_RE`); every user string is escaped; every response carries a
strict Content-Security-Policy. Further:

* Host (DNS rebinding): only requests whose ``Host`` names 127.0.0.1, localhost, [::1] or the
  ``host`` the server was made for (any port, so that SSH tunnels work; case-insensitive) are
  answered, else 400. Bound to 0.0.0.0 or ::, that address is the allowed name; reaching the
  server under another name (its LAN address, the machine's name) needs ``extra_hosts``, or
  binding that address with ``--host``.
* CSRF: a POST is refused (403) when its ``Origin`` (or, without one, its ``Referer``) is not
  ``http://<the Host of the request>``; ``Origin: null`` is refused. Every POST must also carry
  the server's token (:attr:`App.token`, random per server start) in the form field ``csrf``;
  every form has it as a hidden input, and scripts (curl) read it from ``GET /token``, which,
  like any page, no other site can read. Our pages use ``Referrer-Policy: same-origin`` because
  under ``no-referrer`` browsers send ``Origin: null`` with form posts.
* Slow or idle clients and connection floods: see :mod:`rashomon.web.server` (deadlines for the
  headers, the body and idle connections; at most 32 connections, then 503).
"""

from __future__ import annotations

import dataclasses
import hmac
import html
import json
import os
import re
import secrets
import threading
import traceback
from collections.abc import Iterable
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..store import STORY_NAME_RE, STORY_NAME_RULE
from .server import GuardedHandler, GuardedServer, Limits

__all__ = ["MAX_FILE", "MAX_REQUEST", "Limits", "make_server", "serve"]

MAX_FILE = 5 * 1024 * 1024
MAX_REQUEST = 20 * 1024 * 1024
MAX_FORM = 1024 * 1024  # urlencoded forms (story name, pasted text)
ALLOWED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
NAME_RE = STORY_NAME_RE  # the store's rule; an alias for older callers
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
TOKEN_FIELD = "csrf"
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::([0-9]{1,5}))?")
_ROUTE = re.compile(r"/story/([^/]+)(/report|/status|/upload|/paste)?/?")

#: Our own pages: no script at all, forms post to this server only.
META_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'self'"
)
PAGE_CSP = META_CSP + "; frame-ancestors 'none'"  # frame-ancestors works in the header only

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse}
td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}
fieldset{margin:1rem 0;border:1px solid #ccc}label{display:block;margin:.4rem 0}
textarea{width:100%;min-height:8rem}.err{color:#a00}.ok{color:#070}.muted{color:#666}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _host_name(value: str) -> str:
    """A host name as compared: lower case, no trailing dot, an IPv6 address in brackets."""
    name = value.strip().lower().rstrip(".")
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def _authority(value: str) -> tuple[str, str] | None:
    """(name, ``name[:port]``) of a Host header or an origin's netloc, normalised (port 80
    dropped, as browsers drop it); None if it is no host name."""
    m = _HOST.fullmatch(value.strip().lower())
    if m is None:
        return None
    name = _host_name(m.group(1))
    port = int(m.group(2)) if m.group(2) else 80
    return name, name if port == 80 else f"{name}:{port}"


def _origin_of(value: str) -> str:
    """``scheme://name[:port]`` of an Origin or a Referer, normalised; "" if it has none
    (``null``, garbage)."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    auth = _authority(parts.netloc)
    return f"{parts.scheme.lower()}://{auth[1]}" if auth and parts.scheme else ""


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclasses.dataclass
class Job:
    state: str = "running"  # running, done, error
    message: str = "starting"
    added: int = 0
    skipped: list[str] = dataclasses.field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class App:
    """The state shared by the request threads: the store path and the jobs."""

    def __init__(self, db: str | os.PathLike[str], hosts: Iterable[str] = LOOPBACK_HOSTS) -> None:
        self.db = Path(db)
        self.hosts = frozenset(_host_name(h) for h in hosts if h)  # answered Host names
        # The CSRF token: a secret of this server's lifetime, in every form, sent back by
        # every POST. Cross-site pages can make a browser post but cannot read it.
        self.token = secrets.token_urlsafe(32)
        self.lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self.created: set[str] = set()  # names created in this session, not yet in the store
        self.threads: list[threading.Thread] = []

    def store(self, *, create: bool = True):  # type: ignore[no-untyped-def]
        from ..store import Store

        return Store(self.db, create=create)

    def names(self) -> list[Any]:
        with self.store(create=False) as st:
            return st.stories()

    def exists(self, name: str) -> bool:
        with self.lock:
            if name in self.created or name in self.jobs:
                return True
        return any(s.name == name for s in self.names())

    def start(self, name: str, work: Any) -> None:
        """Run ``work(job)`` (reads the articles, returns an IngestResult) then Store.add."""
        with self.lock:
            job = self.jobs.get(name)
            if job is not None and job.state == "running":
                raise HttpError(409, "An analysis of this story is already running; wait for it.")
            job = self.jobs[name] = Job()
        t = threading.Thread(target=self._run, args=(name, job, work), daemon=True)
        self.threads.append(t)
        t.start()

    def _run(self, name: str, job: Job, work: Any) -> None:
        try:
            job.message = "reading articles"
            read = work()
            job.skipped = [f"{s.path}: {s.reason}" for s in read.skipped]
            if not read.articles:
                job.state, job.message = "error", "No usable article was read."
                return

            def progress(stage: str, done: int, total: int) -> None:
                job.message = f"{stage} {done}/{total}"

            job.message = "analysing"
            with self.store() as st:
                outcome = st.add(name, read, progress=progress)
            job.added = len(outcome.added)
            job.skipped += [f"{s.path}: {s.reason}" for s in outcome.duplicates]
            job.state, job.message = "done", f"added {job.added} article(s)"
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            traceback.print_exc()
            job.state, job.message = "error", f"analysis failed: {exc}"


def _read_uploads(files: list[tuple[str, bytes]]):  # type: ignore[no-untyped-def]
    """IngestResult of uploaded files; names are shown only, never used as paths."""
    from ..ingest.streams import NamedBytes, read_named

    return read_named([NamedBytes(f"upload/{n}", d, Path(n).suffix) for n, d in files])


def _read_paste(title: str, text: str):  # type: ignore[no-untyped-def]
    from ..ingest import read_text
    from ..model import IngestResult, Skipped

    try:
        art = read_text(text, path="pasted", title=title or None)
    except ValueError as exc:
        return IngestResult([], [Skipped("pasted", str(exc))], [])
    return IngestResult([art], [], [])


def _page(title: str, body: str, *, refresh: bool = False) -> str:
    # same-origin, not no-referrer: under no-referrer a browser posts our forms with
    # "Origin: null", which the CSRF check must refuse; other sites still get no Referer.
    meta = '<meta http-equiv="refresh" content="1">' if refresh else ""
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(META_CSP)}">'
        f'<meta name="referrer" content="same-origin">{meta}<title>{_e(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def _safe_filename(name: str) -> str:
    """The last part of a client-sent file name, for display and the suffix check only."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:200] or "unnamed"


class Handler(GuardedHandler):
    app: App  # set by make_server, with GuardedHandler.limits
    authority = ""  # the request's Host, checked and normalised (name[:port])
    server_version = "rashomon"
    sys_version = ""
    quiet = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)

    # -- responses ---------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: str | bytes,
        ctype: str = "text/html; charset=utf-8",
        csp: str = PAGE_CSP,
        headers: dict[str, str] | None = None,
        referrer: str = "same-origin",
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", referrer)
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        phrase = HTTPStatus(status).phrase
        body = _page(
            f"{status} {phrase}",
            f"<h1>{status} {_e(phrase)}</h1><p class=err>{_e(message)}</p>"
            '<p><a href="/">Back to the stories</a></p>',
        )
        self._send(status, body)

    def _redirect(self, where: str) -> None:
        self._send(303, "", headers={"Location": where})

    # -- dispatch ----------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            if method == "POST":
                self._check_origin()
            self._route(method)
        except HttpError as exc:
            if method == "POST":
                self.close_connection = True  # the body may be unread
            self._error(exc.status, exc.message)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client is gone or stalled: no error page
            raise
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            self.close_connection = True
            self._error(500, "Internal error; see the server log.")

    # -- who may ask --------------------------------------------------------------------------

    def _check_host(self) -> None:
        """Refuse a Host we were not started for: a page that rebinds its own name to our
        address (DNS rebinding) would be same-origin with us and could read every page."""
        values = self.headers.get_all("Host") or []
        parsed = _authority(values[0]) if len(values) == 1 else None
        if parsed is None or parsed[0] not in self.app.hosts:
            shown = values[0] if len(values) == 1 else "missing or repeated"
            names = ", ".join(sorted(self.app.hosts))
            raise HttpError(
                400,
                f"This server does not answer to the host {shown!r}; open it as one of: "
                f"{names} (start it with --host NAME to use another name).",
            )
        self.authority = parsed[1]

    def _check_origin(self) -> None:
        """Refuse a POST sent from another site (CSRF): its Origin, or without one its
        Referer, must be this server as the request addressed it. Neither is allowed (curl,
        scripts); the form token, required of every POST, then decides."""
        own = f"http://{self.authority}"
        origins = self.headers.get_all("Origin") or []
        sent = [_origin_of(o) for o in origins]
        if not origins:
            sent = [_origin_of(r) for r in self.headers.get_all("Referer") or []]
        if any(o != own for o in sent):
            where = ", ".join(origins or self.headers.get_all("Referer") or [])
            raise HttpError(
                403,
                f"Refused: this request was sent from another site ({where}), not from {own}. "
                "Use the forms of this server.",
            )

    def _check_token(self, sent: str | None) -> None:
        if sent is None or not hmac.compare_digest(sent.encode(), self.app.token.encode()):
            raise HttpError(
                403,
                f"Refused: the form token ({TOKEN_FIELD}) is missing or wrong; reload the page "
                "and send the form again (scripts: read it from GET /token).",
            )

    def _token_input(self) -> str:
        return f'<input type=hidden name={TOKEN_FIELD} value="{_e(self.app.token)}">'

    # -- routes ------------------------------------------------------------------------------

    def _route(self, method: str) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/stories"):
            if method == "POST":
                return self._create()
            return self._index()
        if path == "/token" and method == "GET":
            return self._send(200, self.app.token, "text/plain; charset=utf-8")
        m = _ROUTE.fullmatch(path)
        if m is None or not STORY_NAME_RE.fullmatch(m.group(1)):
            raise HttpError(404, "No such page.")
        name, action = m.group(1), m.group(2) or ""
        if not self.app.exists(name):
            raise HttpError(404, f"No story named {name!r}.")
        if method == "POST":
            if action == "/upload":
                return self._upload(name)
            if action == "/paste":
                return self._paste(name)
            raise HttpError(405, "Method not allowed.")
        if action == "":
            return self._story(name)
        if action == "/status":
            job = self.app.jobs.get(name)
            state = job.as_dict() if job else {"state": "idle", "message": ""}
            return self._send(200, json.dumps(state), "application/json")
        if action == "/report":
            return self._report(name)
        raise HttpError(405, "Method not allowed.")

    # -- pages -------------------------------------------------------------------------------

    def _index(self) -> None:
        stories = self.app.names()
        known = {s.name for s in stories}
        rows = "".join(
            f'<tr><td><a href="/story/{quote(s.name)}">{_e(s.name)}</a></td>'
            f"<td>{s.articles}</td><td>{s.claims}</td><td>{_e(s.updated)}</td></tr>"
            for s in stories
        )
        with self.app.lock:
            pending = sorted(n for n in self.app.created | set(self.app.jobs) if n not in known)
        rows += "".join(
            f'<tr><td><a href="/story/{quote(n)}">{_e(n)}</a></td>'
            "<td colspan=3 class=muted>no articles yet</td></tr>"
            for n in pending
        )
        table = (
            "<table><tr><th>story</th><th>articles</th><th>claims</th><th>updated</th></tr>"
            f"{rows}</table>"
            if rows
            else "<p class=muted>No stories yet.</p>"
        )
        body = (
            f"<h1>rashomon stories</h1>{table}"
            '<form method=post action="/stories"><fieldset><legend>New story</legend>'
            f"{self._token_input()}"
            # STORY_NAME_RE, with "-" escaped: browsers compile pattern in unicode-sets mode.
            "<label>Name (letters, digits, - and _) <input name=name required maxlength=64 "
            'pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}"></label>'
            "<button type=submit>Create</button></fieldset></form>"
            f"<p class=muted>Store: {_e(self.app.db)}</p>"
        )
        self._send(200, _page("rashomon stories", body))

    def _story(self, name: str) -> None:
        job = self.app.jobs.get(name)
        running = job is not None and job.state == "running"
        has_report = any(s.name == name for s in self.app.names())
        parts = [f'<p><a href="/">All stories</a></p><h1>Story {_e(name)}</h1>']
        if job is not None:
            cls = {"done": "ok", "error": "err"}.get(job.state, "")
            parts.append(
                f'<p id=status class="{cls}" data-state="{_e(job.state)}">'
                f"Analysis: {_e(job.state)} — {_e(job.message)}</p>"
            )
            if job.skipped:
                items = "".join(f"<li>{_e(s)}</li>" for s in job.skipped)
                parts.append(f"<details open><summary>Skipped</summary><ul>{items}</ul></details>")
        if has_report and not running:
            href = f"/story/{quote(name)}/report"
            parts.append(f'<p><a id=report href="{href}">Open the report</a></p>')
        if not running:
            base = f"/story/{quote(name)}"
            exts = ", ".join(ALLOWED_SUFFIXES)
            parts.append(
                f'<form method=post action="{base}/upload" enctype="multipart/form-data">'
                f"<fieldset><legend>Upload articles</legend>{self._token_input()}"
                f"<label>Files ({_e(exts)}; at most {MAX_FILE // 2**20} MB each, "
                f"{MAX_REQUEST // 2**20} MB in all) <input type=file name=files multiple required "
                f'accept="{_e(",".join(ALLOWED_SUFFIXES))}"></label>'
                "<button type=submit>Upload and analyse</button></fieldset></form>"
                f'<form method=post action="{base}/paste"><fieldset><legend>Paste an article'
                f"</legend>{self._token_input()}"
                "<label>Title <input name=title maxlength=300></label>"
                "<label>Text <textarea name=text required></textarea></label>"
                "<button type=submit>Add and analyse</button></fieldset></form>"
            )
        self._send(200, _page(f"Story {name}", "".join(parts), refresh=running))

    def _report(self, name: str) -> None:
        from ..outputs.html import CSP, render_html
        from ..store import UnknownStoryError

        try:
            with self.app.store(create=False) as st:
                result = st.result(name)
        except UnknownStoryError as exc:
            raise HttpError(404, "This story has no analysis yet.") from exc
        page = render_html(result, title=f"rashomon: {name}")
        # The report links out to the articles' sites: those get no Referer.
        self._send(200, page, csp=CSP + "; frame-ancestors 'none'", referrer="no-referrer")

    # -- changes -----------------------------------------------------------------------------

    def _body(self, limit: int) -> bytes:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError as exc:
            raise HttpError(411, "A Content-Length header is required.") from exc
        if length < 0:
            raise HttpError(400, "Bad Content-Length.")
        if length > limit:
            self._drain(length)
            raise HttpError(
                413, f"Request too large: {length} bytes, the limit is {limit // 2**20} MB."
            )
        self.body_deadline(length)  # a total deadline: a trickling client cannot hold us
        try:
            data = self.rfile.read(length)
        except TimeoutError as exc:
            raise HttpError(408, "The request body came too slowly; try again.") from exc
        if len(data) < length:
            raise HttpError(400, "The request body is shorter than its Content-Length.")
        return data

    def _drain(self, length: int) -> None:
        """Read and drop an oversized body (up to a cap, in its deadline) so the client
        sees the 413."""
        left = min(length, 4 * MAX_REQUEST)
        self.body_deadline(left)
        try:
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 20))
                if not chunk:
                    break
                left -= len(chunk)
        except TimeoutError:
            pass  # the 413 is sent all the same, then the connection closed

    def _form(self) -> dict[str, str]:
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("application/x-www-form-urlencoded"):
            raise HttpError(415, "Expected a form (application/x-www-form-urlencoded).")
        fields = parse_qs(self._body(MAX_FORM).decode("utf-8", "replace"))
        form = {k: v[0] for k, v in fields.items()}
        self._check_token(form.get(TOKEN_FIELD))
        return form

    def _create(self) -> None:
        name = self._form().get("name", "").strip()
        if not STORY_NAME_RE.fullmatch(name):
            raise HttpError(400, f"A story name is {STORY_NAME_RULE}.")
        with self.app.lock:
            self.app.created.add(name)
        self._redirect(f"/story/{quote(name)}")

    def _paste(self, name: str) -> None:
        form = self._form()
        title, text = form.get("title", "").strip(), form.get("text", "")
        if not text.strip():
            raise HttpError(400, "The text is empty.")
        self.app.start(name, lambda: _read_paste(title, text))
        self._redirect(f"/story/{quote(name)}")

    def _upload(self, name: str) -> None:
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/form-data"):
            raise HttpError(415, "Expected a multipart/form-data file upload.")
        body = self._body(MAX_REQUEST)
        msg = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body
        )
        if not msg.is_multipart():
            raise HttpError(400, "Malformed multipart upload.")
        files: list[tuple[str, bytes]] = []
        token: str | None = None
        parts = list(msg.iter_parts())
        for part in parts:  # the token first: nothing of a refused upload is looked at
            if part.get_param("name", header="content-disposition") == TOKEN_FIELD:
                token = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        self._check_token(token)
        for part in parts:
            filename = part.get_filename()
            if part.get_param("name", header="content-disposition") != "files" or not filename:
                continue
            shown = _safe_filename(filename)
            data = part.get_payload(decode=True) or b""
            if Path(shown).suffix.lower() not in ALLOWED_SUFFIXES:
                raise HttpError(
                    415,
                    f"{shown}: unsupported file type; allowed: {', '.join(ALLOWED_SUFFIXES)}.",
                )
            if len(data) > MAX_FILE:
                raise HttpError(
                    413,
                    f"{shown}: file too large ({len(data)} bytes; limit {MAX_FILE // 2**20} MB).",
                )
            files.append((shown, data))
        if not files:
            raise HttpError(400, "No file was uploaded.")
        self.app.start(name, lambda: _read_uploads(files))
        self._redirect(f"/story/{quote(name)}")


def make_server(
    db: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    quiet: bool = True,
    limits: Limits | None = None,
    extra_hosts: Iterable[str] = (),
) -> GuardedServer:
    """A server (not started; call ``serve_forever``) over the story store ``db``.

    It answers requests addressed (``Host``) to 127.0.0.1, localhost, [::1], ``host`` and
    ``extra_hosts``, on any port; ``limits`` bounds slow and idle clients and the number of
    connections (:class:`rashomon.web.server.Limits`)."""
    app = App(db, (*LOOPBACK_HOSTS, host, *extra_hosts))
    attrs = {"app": app, "quiet": quiet, "limits": limits or Limits()}
    server = GuardedServer((host, port), type("RashomonHandler", (Handler,), attrs))
    server.app = app  # type: ignore[attr-defined]
    return server


def serve(
    db: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    extra_hosts: Iterable[str] = (),
) -> None:
    server = make_server(db, host, port, quiet=False, extra_hosts=extra_hosts)
    h, p = server.server_address[:2]
    print(f"rashomon: serving {db} on http://{h}:{p}/ (Ctrl-C to stop)", flush=True)
    names = ", ".join(sorted(server.app.hosts))  # type: ignore[attr-defined]
    print(f"rashomon: answering requests addressed to {names}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
