"""The stylesheet and the one script of ``report.html``, and the Content-Security-Policy that
allows exactly that script."""

from __future__ import annotations

import base64
import hashlib

STYLE = """
:root{--fg:#1d2330;--dim:#5d6676;--bg:#fff;--panel:#f5f6f8;--line:#dfe2e8;--acc:#2357c6;
--sup:#2e9e5b;--rep:#d99a1e;--den:#d2413a;--mix:#8a4fc7}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
header.top{position:sticky;top:0;z-index:5;background:#1d2330;color:#fff;padding:8px 20px;
display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header.top h1{font-size:17px;margin:0}
header.top nav a{color:#cfe0ff;margin-right:12px;text-decoration:none;font-size:14px}
header.top nav a:hover{text-decoration:underline}
main{max-width:1280px;margin:0 auto;padding:10px 20px 80px}
section{margin:28px 0}
h2{font-size:21px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:0 0 4px}
h4{font-size:13px;margin:6px 0 2px;text-transform:uppercase;letter-spacing:.04em;color:var(--dim)}
a{color:var(--acc)}
.dim{color:var(--dim)} .lead{font-size:16px}
.meta{color:var(--dim);font-size:13px;margin:0 0 6px}
.cid{display:inline-block;min-width:2.2em;font:600 12px/1.6 ui-monospace,monospace;color:var(--dim)}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:0 7px;border-radius:9px;
vertical-align:1px;white-space:nowrap;background:#e4e7ec;color:#3c4452}
.st-corroborated{background:#d7f0e0;color:#196a3a}.st-conflicting{background:#fde3c8;color:#8a4300}.st-disputed{background:#fbdcda;color:#9b211b}
.st-unverified{background:#fbefd3;color:#7a5410}.st-denied-only{background:#f3e1f5;color:#6b2277}
.tag{font-size:11px;background:#eef0f4;border-radius:4px;padding:0 5px;color:#4a5262}
.tag.hedged{background:#fbefd3;color:#7a5410}
.claim{border:1px solid var(--line);border-left:4px solid #aab1bd;border-radius:6px;
padding:10px 14px;margin:10px 0;background:#fff}
.claim[data-status=disputed]{border-left-color:var(--den)}
.claim[data-status=corroborated]{border-left-color:var(--sup)}
.claim ul{margin:2px 0;padding-left:18px}.claim li{margin:3px 0}
.claim details summary{cursor:pointer;color:var(--acc);font-size:13px}
.who{font-weight:600}
a.cite{font-size:12px;text-decoration:none;white-space:nowrap}
:target{scroll-margin-top:60px}
.claim:target,.contra:target,tr:target{outline:3px solid #ffd24d}
.controls{margin:6px 0;display:flex;gap:8px}
.controls input,.controls select{font:inherit;padding:3px 8px;border:1px solid var(--line);
border-radius:5px}.controls input{width:320px}
.scroll{overflow:auto;max-width:100%}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid var(--line);padding:3px 6px;vertical-align:top;text-align:left}
th{background:var(--panel);cursor:pointer;user-select:none;position:sticky;top:0}
th.sorted-asc::after{content:" ▲";font-size:9px}th.sorted-desc::after{content:" ▼";font-size:9px}
td.num,th.num{text-align:right}
#entity-table ul{margin:0;padding-left:16px}
.matrix{table-layout:auto}
.matrix td.cl{min-width:340px;max-width:520px}
.matrix th.src{vertical-align:bottom;padding:4px 2px;width:30px;height:170px}
.matrix th.src span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;
display:inline-block;max-height:165px;overflow:hidden;text-overflow:ellipsis}
.matrix td.c{text-align:center;padding:0;min-width:28px;vertical-align:middle}
.matrix td.c a{display:block;padding:3px 0;text-decoration:none;color:inherit;font-weight:700}
.matrix td.c[data-v="0"]{background:#fafbfc}
.scroll.tall{max-height:85vh}
.h-supports{background:#bfe6cc;color:#14502c}.h-reports{background:#f8e2b2;color:#6b4a07}
.h-denies{background:#f5b7b2;color:#7d1510}.h-mixed{background:#dcc8f2;color:#4b2378}
.contra{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:12px 0}
.contra .kind{text-transform:uppercase;font-size:12px;letter-spacing:.05em;color:var(--den);
margin-right:6px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.side{background:var(--panel);border-radius:6px;padding:8px 12px;border-top:3px solid #aab1bd}
.side.stance-supports{border-top-color:var(--sup)}.side.stance-reports{border-top-color:var(--rep)}
.side.stance-denies{border-top-color:var(--den)}
blockquote{margin:6px 0;font-size:15px}
.graph .e{fill:none;stroke:#9aa6b8;stroke-opacity:.7}.graph .e.via{stroke:#e07b24;stroke-opacity:.9}
.graph rect{fill:#eef0f4;stroke:#aab1bd}.graph text{font-size:12px;fill:#1d2330}
.graph .k-outlet rect,.legend .k-outlet{fill:#d6e4ff;background:#d6e4ff;stroke:#2357c6}
.graph .k-report rect,.legend .k-report{fill:#ffe3c9;background:#ffe3c9;stroke:#e07b24}
.graph .k-person rect,.legend .k-person{fill:#e2f3e6;background:#e2f3e6}
.graph .k-organisation rect,.graph .k-media rect,.legend .k-organisation{fill:#f1e6fa;
background:#f1e6fa}
.graph .k-anonymous rect,.legend .k-anonymous{fill:#eef0f4;background:#eef0f4}
.legend{font-size:12px;color:var(--dim)}
.legend .k{display:inline-block;width:12px;height:12px;border:1px solid #aab1bd;
border-radius:3px;margin:0 4px 0 12px;vertical-align:-2px}
.chart rect{fill:#2357c6}.chart text{font-size:11px;fill:#5d6676}.chart .v{text-anchor:middle}
.art{border-top:1px solid var(--line);padding:14px 0}
.art .text{white-space:pre-wrap;max-width:820px;font-size:15px;line-height:1.65;
font-family:Georgia,"Times New Roman",serif}
.warn{color:#8a5a00;font-size:13px}
mark.m{background:#d7f0e0;color:inherit;border-radius:2px;padding:0 1px}
mark.m mark.m{background:#b5e2c4}
mark.stance-reports{background:#fbefd3}mark.stance-denies{background:#fbdcda}
mark.m:target,mark.m.hl{background:#ffd24d!important;box-shadow:0 0 0 2px #ffd24d}
.desc{text-decoration:underline dotted #8a4fc7 2px;text-underline-offset:3px}
.desc:target,.desc.hl{background:#ecdffb}
sup.cl{font:600 10px ui-monospace,monospace;margin:0 2px}
sup.cl a{text-decoration:none;color:var(--dim)}
#nav-m{position:fixed;right:16px;bottom:16px;background:#1d2330;color:#fff;border-radius:8px;
padding:6px 10px;font-size:13px;display:none;gap:8px;align-items:center;z-index:9}
#nav-m.on{display:flex}#nav-m a{color:#cfe0ff;text-decoration:none;padding:0 4px}
.hidden{display:none}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
@media print{header.top,#nav-m,.controls{display:none}}
"""

# The only script in the page. It reads the DOM the server rendered; it never builds HTML
# from strings (textContent and attributes only).
SCRIPT = r"""
(function () {
  'use strict';
  document.documentElement.setAttribute('data-js', 'ok');
  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return '';
    return c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent.trim();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.addEventListener('click', function () {
        var num = th.getAttribute('data-type') === 'num';
        var desc = !th.classList.contains('sorted-desc');
        if (th.classList.contains('sorted-asc') || th.classList.contains('sorted-desc')) {
          desc = th.classList.contains('sorted-asc');
        } else if (!num) {
          desc = false;
        }
        Array.prototype.forEach.call(head.cells, function (h) {
          h.classList.remove('sorted-asc', 'sorted-desc');
        });
        th.classList.add(desc ? 'sorted-desc' : 'sorted-asc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i), r;
          if (num) { r = (parseFloat(x) || 0) - (parseFloat(y) || 0); }
          else { r = x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'}); }
          return desc ? -r : r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function applyFilters(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var q = document.querySelector('[data-filter="' + id + '"]');
    var s = document.querySelector('[data-status-filter="' + id + '"]');
    var text = q ? q.value.trim().toLowerCase() : '';
    var status = s ? s.value : '';
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var hay = (r.textContent + ' ' + (r.getAttribute('data-search') || '')).toLowerCase();
      var ok = (!text || hay.indexOf(text) >= 0) &&
               (!status || r.getAttribute('data-status') === status);
      r.classList.toggle('hidden', !ok);
    });
  }
  document.querySelectorAll('[data-filter]').forEach(function (el) {
    el.addEventListener('input', function () { applyFilters(el.getAttribute('data-filter')); });
  });
  document.querySelectorAll('[data-status-filter]').forEach(function (el) {
    el.addEventListener('change', function () {
      applyFilters(el.getAttribute('data-status-filter'));
    });
  });
  // Highlight navigation: every segment of the target mention, and prev/next in its claim.
  var byClaim = {};
  document.querySelectorAll('mark.m[id]').forEach(function (m) {
    var c = m.getAttribute('data-c');
    (byClaim[c] = byClaim[c] || []).push(m.id);
  });
  var nav = document.getElementById('nav-m');
  var label = document.getElementById('nav-label');
  var prev = document.getElementById('nav-prev');
  var next = document.getElementById('nav-next');
  var up = document.getElementById('nav-claim');
  var lit = [];
  function onHash() {
    lit.forEach(function (el) { el.classList.remove('hl'); });
    lit = [];
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || !el.hasAttribute('data-m')) { nav.classList.remove('on'); return; }
    document.querySelectorAll('[data-m]').forEach(function (x) {
      if (x.getAttribute('data-m') === id) { x.classList.add('hl'); lit.push(x); }
    });
    var c = el.getAttribute('data-c');
    var list = c ? byClaim[c] || [] : [];
    var i = list.indexOf(id);
    if (i < 0) { nav.classList.remove('on'); return; }
    label.textContent = c.replace(/^claim-/, '') + ': ' + (i + 1) + ' of ' + list.length;
    prev.setAttribute('href', '#' + list[(i + list.length - 1) % list.length]);
    next.setAttribute('href', '#' + list[(i + 1) % list.length]);
    up.setAttribute('href', '#' + c);
    nav.classList.add('on');
  }
  window.addEventListener('hashchange', onHash);
  onHash();
})();
"""

#: The CSP source that allows exactly :data:`SCRIPT` (its text between the tags, as UTF-8)
#: and no other inline script: no injected <script>, no on...= attribute, no javascript: URL.
SCRIPT_HASH = "'sha256-{}'".format(
    base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
)
#: The report's policy: no network at all, only our own script.
CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src {SCRIPT_HASH}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
