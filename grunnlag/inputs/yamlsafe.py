"""Safe YAML loading for files written by many hands.

Municipality files are edited by people who are not programmers, and they may also be
hostile. Loading must therefore be bounded in time and memory, must refuse anything that
is not plain data, and must turn every problem into one plain-language message with a
line number instead of a traceback.

Two loaders build the same node tree, and the same checks then run on it:

- libyaml (PyYAML's C parser and composer) is tried first; it reads the project's files about
  five times faster (scripts/bench_yaml.py). Its events are first read once, flat, to enforce
  the anchor, alias and nesting bounds before the C composer builds anything, so nothing is
  expanded and the composer never recurses deeper than max_depth, whatever libyaml's version.
- the pure-Python loader is the reference. It reads the file when libyaml is not installed,
  when the file has any problem at all (libyaml words its syntax errors differently, so every
  message comes from the reference loader) and where libyaml is known to read text otherwise
  (listed above _libyaml_differs). A file therefore reads the same, or is refused with the
  same message, with or without libyaml.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grunnlag.inputs import charnames

_CParser: Any
try:
    from yaml import CSafeLoader as _CSafeLoader
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: the reference loader reads every file
    _CParser = None

__all__ = ["YamlError", "load_yaml"]

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TAG_PREFIX = "tag:yaml.org,2002:"
# The tags SafeLoader can build (str, int, float, bool, null, timestamp, seq, map, ...).
_SAFE_TAGS = frozenset(t for t in yaml.SafeLoader.yaml_constructors if t is not None)
_TAG_KIND = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "binary data",
}


class YamlError(Exception):
    """A file that cannot be read as plain YAML data; `line` is 1-based or None.

    `field` names the field the problem is in ('journalsystemer[0].system'), or is ''.
    """

    def __init__(self, line: int | None, message: str, field: str = "") -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message
        self.field = field

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return text if self.line is None else f"line {self.line}: {text}"


def field_path(path: tuple) -> str:
    """Dotted field name with list indices: ('a', 0, 'b') -> 'a[0].b'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


# Plain scalars that YAML 1.1 (PyYAML) reads as a number or true/false but YAML 1.2 and
# people read otherwise: 0750000 is octal 249 856, 1:30:00 is 5 400, 0x10 is 16, yes is true.
_YAML11_BOOL = re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N")


def _yaml11_problem(node: ScalarNode) -> str | None:
    """Why a plain scalar must not be read the YAML 1.1 way, or None when it is unambiguous."""
    if node.style:  # quoted or block scalar: text (plain is None in PyYAML, '' in libyaml)
        return None
    v = node.value
    digits = v.lstrip("+-")
    if node.tag in (_INT_TAG, _FLOAT_TAG):
        if ":" in v:
            why = "a time-like number in base 60"
        elif digits.startswith(("0x", "0b")):
            why = "a hexadecimal or binary number"
        elif node.tag == _INT_TAG and len(digits) > 1 and digits.startswith("0"):
            why = "an octal number (it starts with 0)"
        elif "_" in v:
            why = "a number with the '_' left out"
        else:
            return None
        return (f"{v!r} would be read as {why}, not as written; write the number with digits "
                "only (no leading 0, ':', '_' or letters), or put it in quotes if it is text")
    if node.tag == _BOOL_TAG and _YAML11_BOOL.fullmatch(v):
        return (f"{v!r} would be read as true/false; put it in quotes if it is text, "
                "or write true or false")
    return None


# Text must be something a person can type and the reports can carry: no lone surrogates
# (cannot be written as UTF-8), no control characters other than line break and tab, no line
# or paragraph separators (they break one-line messages and CSV rows) and no bidirectional
# embedding/override/isolate controls (they turn the text after them around).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Every character text_problem refuses (and no other): Cc but line break and tab, Cs, Zl, Zp,
# the bidirectional controls and the noncharacters. Text without any is passed at C speed.
_REFUSED_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
    + "".join(sorted(_BIDI_CONTROLS))
    + "\ufdd0-\ufdef"
    + "".join(chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)


def text_problem(text: str) -> str | None:
    """Why `text` cannot be carried by the reports, naming the first bad character; or None."""
    if _REFUSED_CHARACTER.search(text) is None:
        return None
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            kind = "a lone surrogate, which is not a character"
        elif cat == "Cc" and ch not in "\n\t":
            name = charnames.control_name(ch)
            kind = f"a {name}, a control character" if name else "a control character"
        elif cat in ("Zl", "Zp"):
            kind = "a line or paragraph separator"
        elif ch in _BIDI_CONTROLS:
            kind = "a hidden control that changes the direction of the text"
        elif 0xFDD0 <= ord(ch) <= 0xFDEF or (ord(ch) & 0xFFFE) == 0xFFFE:
            kind = "a noncharacter"
        else:
            continue
        return f"the text contains {kind} (U+{ord(ch):04X}); remove it"
    return None


def _size_text(n: int) -> str:
    """Human size for the limit message, e.g. 256000 -> '256 kB'."""
    return f"{n // 1000} kB" if n >= 1000 else f"{n} bytes"


def _short_tag(tag: str) -> str:
    """Write a resolved tag the way people type it ('!!python/object')."""
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


def _line(node_or_event: Any) -> int | None:
    """1-based line of a node or event, if the parser recorded one."""
    mark = getattr(node_or_event, "start_mark", None)
    return None if mark is None else mark.line + 1


class _Limits:
    """The anchor, alias and nesting bounds, checked on each event that starts a node.

    Checking events, before any node is built, is what makes an alias bomb cheap: the first
    anchor or alias over the bound stops the parse, so nothing is ever expanded.
    """

    def __init__(self, max_depth: int, max_aliases: int) -> None:
        self.max_depth = max_depth
        self.max_aliases = max_aliases
        self.aliases = 0
        self.depth = 0

    def enter(self, event: Any) -> None:
        """`event` starts a node (alias, scalar, sequence or mapping); raise if over a bound."""
        if isinstance(event, AliasEvent):
            self.aliases += 1
            if self.aliases > self.max_aliases:
                raise YamlError(_line(event), self._alias_message())
            return
        if event.anchor is not None and self.max_aliases == 0:
            raise YamlError(_line(event), self._alias_message())
        if isinstance(event, SequenceStartEvent | MappingStartEvent):
            self.depth += 1
            if self.depth > self.max_depth:
                raise YamlError(
                    _line(event), f"the data is nested more than {self.max_depth} levels deep"
                )

    def leave(self) -> None:
        """A sequence or mapping ended."""
        self.depth -= 1

    def _alias_message(self) -> str:
        if self.max_aliases == 0:
            return "aliases (*name) and anchors (&name) are not allowed"
        return f"aliases (*name) are not allowed more than {self.max_aliases} times"


class _Constructing:
    """What both loaders add to PyYAML's safe constructor: the field path of each node (filled
    by _check_tree) and constructor crashes turned into a message with a line and field."""

    fields: dict[int, tuple]  # id(node) -> field path

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        """Turn constructor crashes (e.g. '0x_' or '2021-02-30') into a message with a line."""
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (YamlError, yaml.YAMLError):
            raise
        except Exception as exc:  # PyYAML lets ValueError etc. escape for odd scalars
            value = node.value if isinstance(node, ScalarNode) else ""
            shown = repr(value[:40] + ("…" if len(value) > 40 else ""))
            if node.tag == "tag:yaml.org,2002:timestamp":
                msg = f"{shown} is not a real date; write dates as YYYY-MM-DD"
            elif node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
                msg = f"{shown} is not a number that can be read; put it in quotes if it is text"
            else:
                msg = f"the value {shown} cannot be read ({type(exc).__name__})"
            raise YamlError(_line(node), msg, field_path(self.fields.get(id(node), ()))) from None


class _Loader(_Constructing, yaml.SafeLoader):
    """The pure-Python SafeLoader, checking the bounds while composing, before construction."""

    def __init__(self, text: str, max_depth: int, max_aliases: int) -> None:
        super().__init__(text)
        self._limits = _Limits(max_depth, max_aliases)
        self.fields = {}

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        self._limits.enter(event)
        if not isinstance(event, SequenceStartEvent | MappingStartEvent):
            return super().compose_node(parent, index)
        try:
            return super().compose_node(parent, index)
        finally:
            self._limits.leave()


# Where libyaml reads text that PyYAML refuses or reads otherwise, found by comparing the two
# loaders on generated files (tests/test_yamlsafe_libyaml.py): a tab (PyYAML refuses tabs in
# places libyaml allows them), a byte order mark after the start (libyaml skips it, PyYAML keeps
# it as text), a comment right after a block scalar's '|' or '>' ('|#': PyYAML refuses it), a
# '?' in a plain scalar inside [...] or {...} (PyYAML ends the scalar there) and an empty node
# tagged just '!' (libyaml reads '', PyYAML null). Such files are left to the reference loader,
# so they read the same with or without libyaml, only not as fast.
_BLOCK_SCALAR_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _libyaml_differs(text: str) -> bool:
    """Whether the text has a tab, an inner byte order mark or a '|#' (see above)."""
    return (
        "\t" in text
        or text.find("\ufeff", 1) >= 0
        or ("#" in text and _BLOCK_SCALAR_COMMENT.search(text) is not None)
    )


def _question_in_flow(root: Node) -> bool:
    """Whether a plain scalar in a [...] or {...} collection holds a '?' (see above)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(node, ScalarNode):
            continue
        seen.add(id(node))
        children = (node.value if isinstance(node, SequenceNode)
                    else [n for pair in node.value for n in pair])
        assert isinstance(node, (SequenceNode, MappingNode))
        if node.flow_style and any(isinstance(c, ScalarNode) and not c.style and "?" in c.value
                                   for c in children):
            return True
        stack.extend(children)
    return False


class _Differs(Exception):
    """libyaml composed a node that PyYAML composes otherwise."""


def _check_events(text: str, max_depth: int, max_aliases: int) -> None:
    """Read libyaml's events once, flat, and enforce the bounds of _Limits on them.

    Nothing is built here, so an alias bomb or a 256 kB run of '[' costs at most one pass of
    the C parser, which stops at the first event over a bound.
    """
    limits = _Limits(max_depth, max_aliases)
    parser = _CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, NodeEvent):  # alias, scalar, sequence or mapping start
                limits.enter(event)
            elif isinstance(event, CollectionEndEvent):
                limits.leave()
    finally:
        parser.dispose()


if _CParser is not None:

    class _CLoader(_Constructing, _CSafeLoader):
        """libyaml's composer (C) with PyYAML's safe constructor; run after _check_events."""

        def __init__(self, text: str) -> None:
            super().__init__(text)
            self.fields = {}

        def resolve(self, kind: type, value: Any, implicit: Any) -> str:
            # Only an empty node tagged just '!' comes here as (False, False) from libyaml;
            # PyYAML passes it as (True, False) and so reads null where libyaml reads ''.
            if kind is ScalarNode and implicit == (False, False):
                raise _Differs
            return super().resolve(kind, value, implicit)


def _check_tree(loader: Any, root: Node, int_keys: bool) -> dict[tuple, int]:
    """Check tags and keys of every node and map each field path to its line.

    Iterative so that a caller-chosen large max_depth cannot hit the recursion limit.
    """
    lines: dict[tuple, int] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, tuple]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # shared through an alias: already checked
            continue
        seen.add(id(node))
        loader.fields[id(node)] = path
        if node.tag not in _SAFE_TAGS:
            raise YamlError(
                _line(node),
                f"the tag {_short_tag(node.tag)!r} is not allowed; "
                "use plain values, lists and 'name: value' fields only",
                field_path(path),
            )
        if isinstance(node, ScalarNode):
            _check_scalar(node, path)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault(path + (i,), _line(item) or 0)
                stack.append((item, path + (i,)))
        elif isinstance(node, MappingNode):
            first: dict[str | int, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    _check_scalar(key, path, is_key=True)
                name = _key_name(loader, key, int_keys)
                line = _line(key) or 0
                if name in first:
                    raise YamlError(line, f"duplicate key {name!r} (first on line {first[name]})")
                first[name] = line
                lines.setdefault(path + (name,), line)
                stack.append((value, path + (name,)))
    return lines


def _check_scalar(node: ScalarNode, path: tuple, is_key: bool = False) -> None:
    """Refuse YAML 1.1 number forms and text the reports cannot carry; make text NFC.

    Keys other than whole numbers are left to _key_name, which says why a key is not text.
    """
    problem = _yaml11_problem(node) if not is_key or node.tag == _INT_TAG else None
    if problem is None and isinstance(node.value, str):
        problem = text_problem(node.value)
    if problem is not None:
        raise YamlError(_line(node), problem, field_path(path))
    if node.tag == _STR_TAG and not node.value.isascii():
        node.value = unicodedata.normalize("NFC", node.value)


def _key_name(loader: Any, key: Node, int_keys: bool) -> str | int:
    """The text (or, if allowed, whole number) of a mapping key; anything else is refused."""
    if isinstance(key, ScalarNode) and key.tag == _STR_TAG:
        return key.value
    if int_keys and isinstance(key, ScalarNode) and key.tag == _INT_TAG:
        value = loader.construct_object(key)
        if type(value) is int:
            return value
    if not isinstance(key, ScalarNode):
        message = "a key must be plain text, not a list or a group of fields"
    elif key.tag == _MERGE_TAG:
        message = "merge keys (<<) are not allowed"
    elif key.tag in _TAG_KIND:
        message = (
            f"the key {key.value!r} is read as {_TAG_KIND[key.tag]}, not as text; put it in quotes"
        )
    else:
        message = f"the key {key.value!r} is not text"
    raise YamlError(_line(key), message)


_KIND = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
         (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def _not_regular(mode: int) -> str:
    kind = next((name for test, name in _KIND if test(mode)), "not a plain file")
    return f"this is {kind}, not a plain file; only plain files are read"


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The bytes of a plain file of at most max_bytes; anything else raises YamlError.

    The file is checked before it is opened (a symlink to /dev/zero or a FIFO is never
    read), opened without blocking and checked again on the open descriptor, so a file
    swapped in between is caught too.
    """
    too_big = f"the file is larger than {_size_text(max_bytes)}"
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise YamlError(None, _not_regular(st.st_mode))
        if st.st_size > max_bytes:
            raise YamlError(None, too_big)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise YamlError(None, _not_regular(st.st_mode))
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise YamlError(
            None, f"cannot read the file ({exc.strerror or type(exc).__name__})"
        ) from None
    if len(data) > max_bytes:  # grew after stat, or a special file
        raise YamlError(None, too_big)
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(
            line,
            f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None


def load_yaml(
    path: Path,
    *,
    max_bytes: int = 256_000,
    max_depth: int = 20,
    max_aliases: int = 0,
    int_keys: bool = True,
) -> tuple[Any, dict[tuple, int]]:
    """Load one YAML document as plain data plus a map from field path to 1-based line.

    Paths are tuples of keys and list indices, e.g. ("journalsystemer", 0, "system").
    Keys must be text; whole-number keys (years, as in `{2025: 0.1}`) are allowed unless
    `int_keys` is False. True/false, empty, date, float and list keys are always refused.
    Every problem raises YamlError; no other exception escapes for any file content.
    """
    text = _decode(read_limited(Path(path), max_bytes))
    loaded = _load_fast(text, max_depth, max_aliases, int_keys)
    return loaded if loaded is not None else _load_reference(text, max_depth, max_aliases,
                                                             int_keys)


def _load_fast(text: str, max_depth: int, max_aliases: int,
               int_keys: bool) -> tuple[Any, dict[tuple, int]] | None:
    """(data, lines) read with libyaml, or None when libyaml is missing, may read the file
    otherwise than PyYAML, or finds any problem at all: the reference loader then reads it
    again and says what, in its words."""
    if _CParser is None or _libyaml_differs(text):
        return None
    try:
        _check_events(text, max_depth, max_aliases)
        loader = _CLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            if "?" in text and ("[" in text or "{" in text) and _question_in_flow(node):
                return None
            lines = _check_tree(loader, node, int_keys)
            return loader.construct_document(node), lines
        finally:
            loader.dispose()
    except Exception:  # any problem at all (or _Differs): the reference loader names it
        return None


def _load_reference(text: str, max_depth: int, max_aliases: int,
                    int_keys: bool) -> tuple[Any, dict[tuple, int]]:
    """(data, lines) read with the pure-Python loader; every problem becomes a YamlError."""
    try:
        loader = _Loader(text, max_depth, max_aliases)
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_line(text, exc), _reader_message(exc)) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines = _check_tree(loader, node, int_keys)
        return loader.construct_document(node), lines
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_line(text, exc), _reader_message(exc)) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_marked_line(exc), f"not valid YAML: {_problem(exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlError(None, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(None, "the data is nested too deeply") from None
    except Exception as exc:  # last resort: never show a traceback for file content
        raise YamlError(None, f"not valid YAML ({type(exc).__name__})") from None
    finally:
        loader.dispose()


def _marked_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return None if mark is None else mark.line + 1


def _problem(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem text, with the context when it helps ('while scanning a ...')."""
    problem = (exc.problem or "unknown problem").strip()
    if "'\\t'" in problem:
        return "a tab character is used; indent with spaces only"
    if exc.context and "single document" in exc.context:
        return "the file holds more than one document ('---'); keep only one"
    if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
        ctx_line = exc.context_mark.line + 1
        if ctx_line != exc.problem_mark.line + 1:
            return f"{problem} ({exc.context.strip()} started on line {ctx_line})"
    return problem


def _reader_line(text: str, exc: yaml.reader.ReaderError) -> int:
    return text[: exc.position].count("\n") + 1


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    return f"the file contains a control character (#x{exc.character:04x}) that is not allowed"
