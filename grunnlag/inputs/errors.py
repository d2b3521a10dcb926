"""Input errors as one line each: `file:line: field: message`.

The people who edit the input files read these lines, so every message says what is wrong
and what is allowed, in plain English, and points at a line. Generic over pydantic models
so the same code serves municipality files and the national assumptions file.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Any

import pydantic
from pydantic import BaseModel

__all__ = ["InputError", "errors_from_pydantic", "field_name", "line_for", "show_value"]

GOT_LIMIT = 40


def _one_line(text: str) -> str:
    """Escape line breaks and other unprintable characters so a message stays one line."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


@dataclass(frozen=True)
class InputError:
    """One problem in one input file, printable as a single compiler-style line."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = _one_line(self.file) if self.line is None else f"{_one_line(self.file)}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(_one_line(self.field))
        parts.append(_one_line(self.message))
        return ": ".join(parts)


# ---------------------------------------------------------------- showing values


def _quote(text: str, limit: int = GOT_LIMIT) -> str:
    """Double-quoted, escaped, shortened to `limit` characters of content."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    escaped = _one_line(text.replace("\\", "\\\\").replace('"', '\\"'))
    return f'"{escaped}"'


def _show(value: Any, budget: int, depth: int = 0) -> str:
    """Compact YAML-like rendering; stops early once `budget` characters are used."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value.bit_length() < 200 else "a very large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _quote(value, max(budget, 4))
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return "binary data"
    if depth > 4:
        return "…"
    if isinstance(value, dict):
        items = ((f"{_show(k, 20, depth + 1)}: ", v) for k, v in value.items())
        opened, closed = "{", "}"
    elif isinstance(value, list | tuple | set | frozenset):
        items = (("", v) for v in value)
        opened, closed = "[", "]"
    else:
        return _quote(repr(value), budget)
    out = opened
    for n, (prefix, item) in enumerate(items):
        if len(out) > budget:
            out += "…"
            break
        out += (", " if n else "") + prefix + _show(item, budget - len(out), depth + 1)
    return out + closed


def show_value(value: Any) -> str:
    """The offending value for a 'got ...' part: quoted text, numbers, short structures."""
    text = _one_line(_show(value, GOT_LIMIT))
    if not isinstance(value, str) and len(text) > GOT_LIMIT:
        text = text[: GOT_LIMIT - 1] + "…"
    return text


# ---------------------------------------------------------------- locating fields


def field_name(loc: tuple) -> str:
    """Dotted field name with list indices: ('a', 0, 'b') -> 'a[0].b'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = str(part)
        if not re.fullmatch(r"[\w-]+", text):
            text = _quote(text)
        out += ("." if out else "") + text
    return out


def line_for(loc: tuple, lines: dict[tuple, int]) -> int | None:
    """Line of the deepest part of `loc` that appears in the file, else None."""
    for end in range(len(loc), 0, -1):
        line = lines.get(tuple(loc[:end]))
        if line:
            return line
    return None


def unwrap_annotation(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that matters."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _step(annotation: Any, part: Any) -> Any:
    """The annotation one loc step further in, or None when it cannot be followed."""
    annotation = unwrap_annotation(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = _fields_by_key(annotation).get(str(part))
        return None if info is None else info.annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (dict, collections.abc.Mapping) and len(args) == 2:
        return args[1]
    if origin in (list, set, frozenset, tuple, collections.abc.Sequence) and args:
        return args[0] if isinstance(part, int) else None
    return None


def _model_at(model: type[BaseModel] | None, loc: tuple) -> type[BaseModel] | None:
    """The model that validates the value at `loc`, following fields, list items, dicts."""
    annotation: Any = model
    for part in loc:
        if annotation is None:
            return None
        annotation = _step(annotation, part)
    annotation = unwrap_annotation(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _clean_loc(
    loc: tuple, kind: str, lines: dict[tuple, int], model: type[BaseModel] | None
) -> tuple[tuple, tuple | None]:
    """Drop pydantic's union-member tags ('float', 'list[int]') that are not in the file.

    A part is kept if it is a list index, appears in the file, is a field of the model at
    that point, or is the last part of a missing/unknown-field error. Returns the cleaned loc
    and, if a tag was dropped, the path of the union itself.
    """
    out: list[Any] = []
    base: tuple | None = None
    for i, part in enumerate(loc):
        here = tuple(out)
        parent = _model_at(model, here)
        if (
            isinstance(part, int)
            or here + (part,) in lines
            or (parent is not None and str(part) in _fields_by_key(parent))
            or (i == len(loc) - 1 and kind in ("missing", "extra_forbidden"))
        ):
            out.append(part)
        elif base is None:
            base = here
    return tuple(out), base


def _fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    """Fields as they are spelt in the file (alias when there is one)."""
    return {(info.alias or name): info for name, info in model.model_fields.items()}


_T = typing.TypeVar("_T")


def _all_subclasses(cls: type[_T]) -> typing.Iterator[type[_T]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _field_at(model: type[BaseModel] | None, loc: tuple) -> Any:
    """The FieldInfo for the value at `loc`, when loc ends in a field name."""
    if not loc or isinstance(loc[-1], int):
        return None
    parent = _model_at(model, loc[:-1])
    return None if parent is None else _fields_by_key(parent).get(str(loc[-1]))


def _limits(info: Any) -> dict[str, Any]:
    """ge/le/gt/lt declared on a field (pydantic reports only the one that failed)."""
    found: dict[str, Any] = {}
    for item in getattr(info, "metadata", None) or ():
        for key in ("ge", "le", "gt", "lt"):
            if getattr(item, key, None) is not None:
                found[key] = getattr(item, key)
    return found


def _is_int_field(info: Any) -> bool:
    annotation = getattr(info, "annotation", None)
    args = set(typing.get_args(annotation)) or {annotation}
    return int in args and float not in args


def _model_for(exc: pydantic.ValidationError) -> type[BaseModel] | None:
    """Find the validated model by its title, when exactly one model has that name."""
    matches = {m for m in _all_subclasses(BaseModel) if m.__name__ == exc.title}
    return matches.pop() if len(matches) == 1 else None


# ---------------------------------------------------------------- messages


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _range_text(ctx: dict[str, Any]) -> str:
    """'≥ 0', '≤ 9', 'from 2024 to 2035', or '' when there are no limits."""
    ge, le, gt, lt = (ctx.get(k) for k in ("ge", "le", "gt", "lt"))
    if ge is not None and le is not None:
        return f"from {_number(ge)} to {_number(le)}"
    parts = []
    if ge is not None:
        parts.append(f"≥ {_number(ge)}")
    if gt is not None:
        parts.append(f"> {_number(gt)}")
    if le is not None:
        parts.append(f"≤ {_number(le)}")
    if lt is not None:
        parts.append(f"< {_number(lt)}")
    return " and ".join(parts)


def _choices(expected: str) -> list[str]:
    """Pydantic's "'a', 'b' or 'c'" as ['a', 'b', 'c']."""
    found = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return found or [expected]


def _did_you_mean(value: Any, options: list[str]) -> str:
    if not isinstance(value, str) or not options:
        return ""
    lowered = {o.lower(): o for o in options}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f"did you mean '{lowered[close[0]]}'?" if close else ""


def _quote_hint(value: Any) -> str:
    """YAML turns unquoted 'no', '12' or '2020-01-01' into other types; say so."""
    if isinstance(value, bool | int | float | dt.date) or value is None:
        return " (put the value in quotes to make it text)"
    return ""


def _message(err: dict[str, Any], model: type[BaseModel] | None) -> tuple[str, bool]:
    """Friendly text for one pydantic error, and whether to append 'got <value>'."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    loc = tuple(err.get("loc", ()))
    info = _field_at(model, loc)
    if info is not None:
        ctx = {**_limits(info), **ctx, "whole": ctx.get("whole") or _is_int_field(info)}

    if kind in ("int_type", "int_parsing", "int_from_float"):
        if ctx.get("sanity_le"):  # a bound far above any real value: only named when exceeded
            ctx = {k: v for k, v in ctx.items() if k != "le"}
        limits = _range_text(ctx)
        return "must be a whole number" + (f" {limits}" if limits else ""), True
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if ctx.get("sanity_le") and kind.startswith("greater"):
            ctx = {k: v for k, v in ctx.items() if k != "le"}
        noun = "a whole number" if ctx.get("whole") else "a number"
        return f"must be {noun} {_range_text(ctx)}", True
    if kind in ("float_type", "float_parsing", "finite_number"):
        limits = _range_text(ctx)
        return "must be a number" + (f" {limits}" if limits else ""), True
    if kind in ("multiple_of",):
        return f"must be a multiple of {_number(ctx.get('multiple_of'))}", True
    if kind in ("string_type", "string_unicode", "string_sub_type"):
        return "must be text" + _quote_hint(value), True
    if kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "more"
        return f"must be at most {ctx.get('max_length')} characters long, got {length}", False
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return "must not be empty", False
        return f"must be at least {ctx.get('min_length')} characters long", True
    if kind == "string_pattern_mismatch":
        return f"must match the pattern {ctx.get('pattern')}", True
    if kind in ("literal_error", "enum"):
        options = _choices(str(ctx.get("expected", "")))
        hint = _did_you_mean(value, options)
        text = "must be one of: " + ", ".join(options)
        return text + (f" ({hint})" if hint else ""), True
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false", True
    if kind.startswith("date") and not kind.startswith("datetime"):
        return "must be a date written as YYYY-MM-DD (for example 2021-06-15)", True
    if kind.startswith("datetime"):
        return "must be a date and time written as YYYY-MM-DD HH:MM", True
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return "must be a list (one '- ' line per item)", True
    if kind == "too_long":
        actual = ctx.get("actual_length")
        got = f", got {actual}" if actual is not None else ""
        return f"may have at most {ctx.get('max_length')} items{got}", False
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} items", False
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        sub = _model_at(model, loc)
        fields = f" ({', '.join(_fields_by_key(sub))})" if sub is not None else ""
        return f"must be a group of 'name: value' fields{fields}", True
    if kind == "missing":
        return "required field is missing", False
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1]) if loc else None
        if parent is None:
            return "unknown field", False
        allowed = list(_fields_by_key(parent))
        hint = _did_you_mean(str(loc[-1]), allowed)
        text = "unknown field" + (f" ({hint})" if hint else "")
        return f"{text}; allowed fields here: {', '.join(allowed)}", False
    if kind == "none_required":
        return "must be empty", True
    if kind == "note_depth":  # names the note's own line; the note itself may be long
        return str(err.get("msg", "")), False
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        text = str(error) if error is not None else str(err.get("msg", ""))
        return text, bool(loc)
    msg = str(err.get("msg") or kind)
    return (msg[:1].lower() + msg[1:]), bool(loc)


def errors_from_pydantic(
    exc: pydantic.ValidationError,
    file: str,
    lines: dict[tuple, int],
    *,
    model: type[BaseModel] | None = None,
) -> list[InputError]:
    """One InputError per pydantic error, with field path, line and a friendly message.

    `model` lets 'unknown field' list the allowed fields; if omitted it is looked up by the
    error's title among pydantic models.
    """
    if model is None:
        model = _model_for(exc)
    items: list[tuple[tuple, tuple | None, dict[str, Any]]] = []
    for detail in exc.errors(include_url=False):
        loc, base = _clean_loc(tuple(detail.get("loc", ())), detail["type"], lines, model)
        items.append((loc, base, {**detail, "loc": loc}))

    out: list[InputError] = []
    merged_from: tuple | None = None  # loc of the union alternatives merged into out[-1]
    for loc, base, err in _prefer_matching_alternative(items):
        text, with_got = _message(err, model)
        got = f", got {show_value(err.get('input'))}" if with_got else ""
        if base is not None and merged_from == loc and out:
            out[-1] = _add_alternative(out[-1], text)
            continue
        merged_from = loc if base is not None else None
        out.append(InputError(file, line_for(loc, lines), field_name(loc), text + got))
    return out


def _prefer_matching_alternative(
    items: list[tuple[tuple, tuple | None, dict[str, Any]]],
) -> list[tuple[tuple, tuple | None, dict[str, Any]]]:
    """For a failed union, keep only errors from inside an alternative whose shape matched.

    If `verdi: [0.5, x]` fails as number, as list and as mapping, the list alternative got
    furthest, so 'verdi[1]: must be a number' is the useful message.
    """
    out: list[tuple[tuple, tuple | None, dict[str, Any]]] = []
    i = 0
    while i < len(items):
        base = items[i][1]
        j = i + 1
        while base is not None and j < len(items) and items[j][1] == base:
            j += 1
        group = items[i:j]
        deeper = [item for item in group if base is not None and len(item[0]) > len(base)]
        out.extend(deeper or group)
        i = j
    return out


def _add_alternative(prev: InputError, text: str) -> InputError:
    """'must be a number' + 'must be a list' -> 'must be a number or a list'."""
    alternative = text.removeprefix("must be ")
    redundant = alternative.startswith("a whole number") and "a number" in prev.message
    if alternative in prev.message or redundant:
        return prev
    head, sep, tail = prev.message.partition(", got ")
    return InputError(prev.file, prev.line, prev.field, f"{head} or {alternative}{sep}{tail}")
