"""Rebuilding dataclasses from the JSON that :func:`rashomon.model.to_dict` writes.

:func:`from_dict` is generic: it reads a dataclass's resolved type hints and rebuilds nested
dataclasses, ``list``/``tuple``/``dict`` containers, ``X | None`` and ``Literal`` fields, so a
field added to the model later needs no change here. Keys that the class does not know are
ignored and missing keys fall back to the field's default, so a row written by a slightly
older model still loads (the store re-analyses rows of another version anyway).
"""

from __future__ import annotations

import dataclasses
import types
import typing
import zlib
from functools import cache
from typing import Any, TypeVar, get_args, get_origin

from spacy.tokens import Doc
from spacy.vocab import Vocab

T = TypeVar("T")

# The tensor is the tagger's internal state (~96 floats a token); nothing downstream reads it.
DOC_EXCLUDE = ("tensor",)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild an instance of the dataclass ``cls`` from ``to_dict`` output."""
    return typing.cast(T, _convert(cls, data))


def _convert(tp: Any, value: Any) -> Any:
    if value is None or tp is Any:
        return value
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return _convert(options[0], value)
        for option in options:  # the first option the value fits
            try:
                return _convert(option, value)
            except (TypeError, ValueError):
                continue
        return value
    if origin is typing.Literal:
        return value
    if origin in (list, set, frozenset):
        (item,) = get_args(tp) or (Any,)
        return origin(_convert(item, v) for v in value)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        if args:
            return tuple(_convert(a, v) for a, v in zip(args, value))
        return tuple(value)
    if origin is dict:
        _, val = get_args(tp) or (Any, Any)
        return {k: _convert(val, v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise TypeError(f"{tp.__name__} expects a dict, got {type(value).__name__}")
        hints = _hints(tp)
        kwargs = {
            f.name: _convert(hints.get(f.name, Any), value[f.name])
            for f in dataclasses.fields(tp)
            if f.init and f.name in value
        }
        return tp(**kwargs)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp in (int, str, bool, float) and not isinstance(value, tp):
        raise TypeError(f"expected {tp.__name__}, got {type(value).__name__}")
    return value


def doc_to_bytes(doc: Doc) -> bytes:
    """A spaCy Doc as compressed bytes (tokens, tags, lemmas, parse, entities, sentences)."""
    return zlib.compress(doc.to_bytes(exclude=list(DOC_EXCLUDE)), 6)


def doc_from_bytes(data: bytes, vocab: Vocab) -> Doc:
    """The Doc back; ``vocab`` must be the loaded pipeline's (stop words, lexeme attributes)."""
    return Doc(vocab).from_bytes(zlib.decompress(data), exclude=list(DOC_EXCLUDE))
