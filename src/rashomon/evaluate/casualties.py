"""Casualty figures against hand-annotated sentences: the reader of events
(:func:`rashomon.extract.victims.read_tolls`: the number reader that the contradiction check
also uses, then the victims the parse counts), scored per sentence and kind.

The annotation file is tab-separated, ``#`` lines are comments, with the columns ``doc``,
``sentence``, ``killed`` and ``wounded``. A figure is written ``12``, ``10-12`` (a range or a
vague quantity: "dozens" is ``24-99``), ``40+`` (open above: "at least 40") or ``~300``
(approximate); an empty cell means the sentence states no figure of that kind.

The sentences come from ECB+, whose text is tokenised ("1 , 400 people", "killed ."); they are
joined back as a newspaper prints them (:func:`detokenise`) before they are read.

A figure counts as right when the reader gives the headline (first) figure of that kind with
the same bounds; ``~N`` only needs the same number. Precision is over the figures the reader
gave, recall over the annotated ones; ``detection`` scores the same without the value.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from ..extract.victims import read_tolls

KINDS = ("killed", "wounded")
_FIGURE = re.compile(r"^(?:(?P<approx>~)?(?P<n>\d+)|(?P<open>\d+)\+|(?P<lo>\d+)-(?P<hi>\d+))$")


def parse_figure(cell: str) -> tuple[int, int | None, bool] | None:
    """ "12" -> (12, 12, False); "10-12" -> (10, 12, False); "40+" -> (40, None, False);
    "~300" -> (300, 300, True); "" -> None."""
    cell = cell.strip()
    if not cell:
        return None
    m = _FIGURE.match(cell)
    if m is None:
        raise ValueError(f"bad figure {cell!r} (write 12, 10-12, 40+ or ~300)")
    if m.group("n"):
        n = int(m.group("n"))
        return n, n, bool(m.group("approx"))
    if m.group("open"):
        return int(m.group("open")), None, False
    return int(m.group("lo")), int(m.group("hi")), False


def load(path: Path) -> list[dict[str, Any]]:
    """The annotated sentences: doc, sentence and the parsed figure of each kind."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        for i, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)):
            try:
                rows.append(
                    {
                        "doc": row["doc"],
                        "sentence": row["sentence"],
                        **{k: parse_figure(row.get(k) or "") for k in KINDS},
                    }
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}, data row {i + 1}: {exc}") from exc
    return rows


def detokenise(text: str) -> str:
    """ECB+'s token spacing undone: "1 , 400 were hurt ." -> "1,400 were hurt."."""
    text = re.sub(r"(\d) , (?=\d{3}\b)", r"\1,", text)
    text = re.sub(r" ([,.;:!?%)])", r"\1", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r"(\w) - (?=\w)", r"\1-", text)
    return text.replace(" 's", "'s").replace("`` ", '"').replace(" ''", '"')


def _same(gold: tuple[int, int | None, bool], low: int, high: int | None) -> bool:
    g_low, g_high, approx = gold
    return low == g_low if approx else (low, high) == (g_low, g_high)


def evaluate_rows(rows: list[dict[str, Any]], lang: Any | None = None) -> dict[str, Any]:
    """Precision and recall of the reader's figures, per kind and over both. ``lang`` is a
    spaCy pipeline (rashomon's own by default): the reader counts named victims on the parse."""
    from .. import nlp

    lang = lang or nlp.load()
    sentences = [detokenise(row["sentence"]) for row in rows]
    counts = {k: {"gold": 0, "system": 0, "right": 0, "found": 0} for k in (*KINDS, "all")}
    errors = []
    for row, text, doc in zip(rows, sentences, lang.pipe(sentences, batch_size=64)):
        read = read_tolls(text, doc)
        for kind in KINDS:
            gold = row[kind]
            toll = read.get(kind)
            got = (toll.low, toll.high, toll.qualifier, toll.text) if toll else None
            both = gold is not None and got is not None
            right = both and _same(gold, got[0], got[1])
            for key in (kind, "all"):
                c = counts[key]
                c["gold"] += gold is not None
                c["system"] += got is not None
                c["found"] += both
                c["right"] += right
            if not right and (gold is not None or got is not None):
                errors.append(
                    {"sentence": row["sentence"], "kind": kind, "gold": gold, "read": got}
                )
    out: dict[str, Any] = {"sentences": len(rows)}
    for key, c in counts.items():
        out[key] = {
            **c,
            "precision": round(c["right"] / c["system"], 4) if c["system"] else 0.0,
            "recall": round(c["right"] / c["gold"], 4) if c["gold"] else 0.0,
            "detection_precision": round(c["found"] / c["system"], 4) if c["system"] else 0.0,
            "detection_recall": round(c["found"] / c["gold"], 4) if c["gold"] else 0.0,
        }
    out["errors"] = errors
    return out


def evaluate_file(path: Path | str) -> dict[str, Any]:
    return evaluate_rows(load(Path(path)))


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"Casualty figures: {result['sentences']} annotated sentences",
        f"{'':8} {'gold':>5} {'read':>5} {'right':>6} {'precision':>10} {'recall':>7}"
        f" {'detect P':>9} {'detect R':>9}",
    ]
    for key in (*KINDS, "all"):
        c = result[key]
        lines.append(
            f"{key:8} {c['gold']:>5} {c['system']:>5} {c['right']:>6} {c['precision']:>10.3f}"
            f" {c['recall']:>7.3f} {c['detection_precision']:>9.3f} {c['detection_recall']:>9.3f}"
        )
    return "\n".join(lines)
