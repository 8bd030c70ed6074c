"""Load PolNeAR attribution annotations (BRAT standoff) as gold data.

PolNeAR layout (one split folder, e.g. ``polnear/dev``)::

    text/<stem>.txt                  the article, UTF-8
    attributions/<stem>_<annot>.ann  BRAT standoff by annotator <annot> (4 hex digits)

A text may have several ``.ann`` files (one per annotator). Offsets count Unicode code points
of the ``.txt`` file read as-is (no newline translation); they were checked against every
entity's quoted text in dev and train.

In the ``.ann`` files an attribution is an *event*::

    T5  Source 159 199      longtime Democratic pollster Pat Caddell
    T6  Cue 200 204         told
    T7  Content 255 312     how surprised he is ...
    T8  Attribution 200 204 told                       <- event trigger, same span as the cue
    E2  Attribution:T8 Content:T7 Cue:T6 Source:T5

Event types are ``Attribution`` and ``Attribution-no-source`` (no Source role). A handful of
events carry a second content (``Content2``), which we merge into the content fragments.
Entities of other types (``Discard``, ``Discuss``) are not attributions and are ignored, as
are ``#`` annotator notes. Entities may be shared between events (one Source entity for
several cues). Discontinuous spans are written ``T9\\tContent 315 448;463 553\\t...``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

Fragments = list[tuple[int, int]]

ROLES = ("source", "cue", "content")

# ``T12\tCue 449 453;460 470\tsaid`` - the trailing text is optional and ignored: we read the
# characters from the document itself, which is the only copy we can trust for offsets.
_ENTITY_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")
_EVENT_RE = re.compile(r"^(E\d+)\t(.*)$")
# The annotator id is the last ``_``-separated part of the file name; text stems contain
# underscores themselves, so split from the right.
_ANN_NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<annotator>[^_]+)$")


@dataclass
class BratSpan:
    """One BRAT text-bound entity: covering span plus its fragments (more than one if the
    annotation is discontinuous)."""

    start: int
    end: int
    fragments: Fragments = field(default_factory=list)
    label: str = ""
    entity_id: str = ""

    def __post_init__(self) -> None:
        if not self.fragments:
            self.fragments = [(self.start, self.end)]


@dataclass
class BratEvent:
    """One BRAT event line: ``E1\\tType:Ttrigger Role:Tid ...``."""

    event_id: str
    label: str
    trigger: str
    roles: list[tuple[str, str]]


@dataclass
class GoldAttribution:
    """One gold attribution; each role is a sorted list of (start, end) fragments or None."""

    source: Fragments | None
    cue: Fragments | None
    content: Fragments | None
    event_id: str = ""
    label: str = "Attribution"

    def role(self, name: str) -> Fragments | None:
        return getattr(self, name)


@dataclass
class GoldDocument:
    doc_id: str
    text: str
    attributions: list[GoldAttribution]
    annotation_file: str
    annotator: str = ""


def parse_ann(ann_text: str) -> tuple[dict[str, BratSpan], list[BratEvent]]:
    """Parse the entity (T) and event (E) lines of one BRAT ``.ann`` file.

    Entity text can itself contain a newline (a span over a paragraph break), so the line that
    follows is a continuation; such lines, notes (``#``), attributes and relations are skipped.
    """
    entities: dict[str, BratSpan] = {}
    events: list[BratEvent] = []
    for line in ann_text.split("\n"):
        match = _ENTITY_RE.match(line)
        if match:
            entity_id, label, offsets = match.groups()
            frags = sorted(
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            )
            entities[entity_id] = BratSpan(
                start=frags[0][0],
                end=max(b for _, b in frags),
                fragments=frags,
                label=label,
                entity_id=entity_id,
            )
            continue
        match = _EVENT_RE.match(line)
        if match:
            event_id, body = match.groups()
            args = body.split()
            if not args:
                continue
            label, _, trigger = args[0].partition(":")
            roles = []
            for arg in args[1:]:
                role, _, ref = arg.partition(":")
                if ref:
                    roles.append((role, ref))
            events.append(BratEvent(event_id, label, trigger, roles))
    return entities, events


def _role_name(brat_role: str) -> str | None:
    # ``Content2`` is a second content of the same attribution: fold numbered roles into the
    # base role so both contents end up in one fragment list.
    base = re.sub(r"\d+$", "", brat_role).lower()
    return base if base in ROLES else None


def _merge(fragments: Iterable[tuple[int, int]]) -> Fragments:
    """Sort fragments and fuse overlapping/adjacent ones (keeps the union, drops duplicates)."""
    merged: Fragments = []
    for start, end in sorted(fragments):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def attributions_from_ann(ann_text: str, *, where: str = "") -> list[GoldAttribution]:
    """Turn the ``Attribution*`` events of a ``.ann`` file into :class:`GoldAttribution`.

    Events with no role at all (a bare trigger: 36 of 24,821 PolNeAR events, e.g. "is drawing
    criticism", one annotator's unfinished or rejected candidates) are dropped. When an event
    has roles but no ``Cue``, its trigger span stands in for the cue: the trigger is annotated
    over the cue words (identical span in 24,774 of 24,785 events that have both), so this
    only rescues the one event whose Cue entity was forgotten.
    """
    entities, events = parse_ann(ann_text)
    out: list[GoldAttribution] = []
    for event in events:
        if not event.label.startswith("Attribution") or not event.roles:
            continue
        collected: dict[str, list[tuple[int, int]]] = {}
        for brat_role, ref in event.roles:
            name = _role_name(brat_role)
            entity = entities.get(ref)
            if name is None or entity is None:
                if entity is None and name is not None:
                    warnings.warn(
                        f"{where}: {event.event_id} refers to unknown {ref}", stacklevel=2
                    )
                continue
            collected.setdefault(name, []).extend(entity.fragments)
        if "cue" not in collected and event.trigger in entities:
            collected["cue"] = list(entities[event.trigger].fragments)
        roles = {
            name: (_merge(collected[name]) or None) if name in collected else None for name in ROLES
        }
        if not any(roles.values()):
            continue
        out.append(
            GoldAttribution(
                source=roles["source"],
                cue=roles["cue"],
                content=roles["content"],
                event_id=event.event_id,
                label=event.label,
            )
        )
    return out


def annotation_files(folder: str | Path) -> dict[str, list[Path]]:
    """Map each text stem to its annotation files, sorted by file name (= by annotator id)."""
    folder = Path(folder)
    by_stem: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        match = _ANN_NAME_RE.match(ann.stem)
        stem = match.group("stem") if match else ann.stem
        if (
            not (folder / "text" / f"{stem}.txt").exists()
            and (folder / "text" / f"{ann.stem}.txt").exists()
        ):
            stem = ann.stem  # a single-annotator corpus may not suffix the annotator id
        by_stem.setdefault(stem, []).append(ann)
    return by_stem


def _check_folder(folder: Path) -> None:
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return
    splits = sorted(p.name for p in folder.glob("*") if (p / "attributions").is_dir())
    hint = f" (it holds the splits {', '.join(splits)}: pass one of them)" if splits else ""
    raise FileNotFoundError(f"{folder} has no text/ and attributions/ folders{hint}")


def _read(path: Path) -> str:
    # newline="" keeps any \r characters: BRAT offsets count them.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_polnear(folder: str | Path, *, all_annotators: bool = False) -> list[GoldDocument]:
    """Load one PolNeAR split folder (the one holding ``text/`` and ``attributions/``).

    Annotator rule: for each text we keep the annotation file whose name sorts first
    (lexicographically smallest annotator id), so the choice is stable and independent of the
    file system order. ``all_annotators=True`` returns one document per annotation file
    instead (same ``doc_id`` repeated), e.g. to measure inter-annotator agreement.
    Texts with no annotation file are skipped: unannotated is not the same as "no
    attributions". Documents come back sorted by ``doc_id``.
    """
    folder = Path(folder)
    _check_folder(folder)
    docs: list[GoldDocument] = []
    for stem, anns in sorted(annotation_files(folder).items()):
        text_path = folder / "text" / f"{stem}.txt"
        if not text_path.exists():
            warnings.warn(f"no text for {[a.name for a in anns]}", stacklevel=2)
            continue
        text = _read(text_path)
        for ann in anns if all_annotators else anns[:1]:
            match = _ANN_NAME_RE.match(ann.stem)
            annotator = match.group("annotator") if match and ann.stem != stem else ""
            attributions = attributions_from_ann(_read(ann), where=ann.name)
            for attribution in attributions:
                for name in ROLES:
                    for start, end in attribution.role(name) or []:
                        if not 0 <= start < end <= len(text):
                            raise ValueError(f"{ann.name}: span {start}-{end} outside text")
            docs.append(
                GoldDocument(
                    doc_id=stem,
                    text=text,
                    attributions=attributions,
                    annotation_file=ann.name,
                    annotator=annotator,
                )
            )
    return docs
