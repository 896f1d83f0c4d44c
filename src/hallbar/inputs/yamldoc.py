"""Read a YAML file once, with ruamel.yaml: the data as plain Python plus the line of every key.

ruamel.yaml's round-trip loader keeps each key's position, refuses a key
given twice in one mapping, and reads YAML 1.2 (so `no` stays the text "no").
Dates stay text: the models parse them, so a wrong date ("2026-13-01") is
reported at its key with a fix instead of escaping as a bare ValueError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problems
from .text import decode_utf8

SYNTAX_FIX = ("Check indentation (spaces, not tabs), that every 'key: value' has a space after the colon, "
              "and quote text that contains ': ' or starts with a special character.")


class _Constructor(RoundTripConstructor):
    """Timestamps as text (see the module docstring)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


class YamlDoc:
    """A parsed YAML document plus a map from key paths to line numbers."""

    def __init__(self, data: Any, lines: dict[tuple, int]):
        self.data = data
        self._lines = lines

    def line(self, loc: tuple) -> int | None:
        """Line of the deepest known prefix of `loc` (1-based)."""
        loc = tuple(loc)
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return self._lines.get((), None)


class _NotText(ValueError):
    """A mapping key that is a list or a mapping."""


class _Tagged(ValueError):
    """A value with an explicit tag (`!!python/object:...`, `!custom`): refused, never constructed."""


def _explicit_tag(node: Any) -> str | None:
    tag = getattr(node, "tag", None)
    value = getattr(tag, "value", None) if tag is not None else None
    return value if isinstance(value, str) and value else None


def _plain(node: Any, path: tuple, lines: dict[tuple, int]) -> Any:
    """ruamel's round-trip objects -> dict/list/str/int/float/bool/None, recording each key's line."""
    if _explicit_tag(node) or type(node).__name__ == "TaggedScalar":
        raise _Tagged(path, _explicit_tag(node) or "?")
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if isinstance(key, (dict, list, tuple)):
                raise _NotText(path)
            k = _plain(key, path, lines)
            pos = node.lc.key(key) if hasattr(node, "lc") else None
            if pos is not None:
                lines[path + (k,)] = pos[0] + 1
            out[k] = _plain(value, path + (k,), lines)
        return out
    if isinstance(node, list):
        out_list = []
        for i, item in enumerate(node):
            pos = node.lc.item(i) if hasattr(node, "lc") else None
            if pos is not None:
                lines.setdefault(path + (i,), pos[0] + 1)
            out_list.append(_plain(item, path + (i,), lines))
        return out_list
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def _first_occurrence(yaml: YAML, text: str, key: str, line: int) -> int | None:
    """The line (1-based) where `key` first appears in the mapping that repeats it on `line` (0-based)."""
    try:
        root = yaml.compose(text)
    except YAMLError:
        return None
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            keys = [k for k, _ in node.value if isinstance(k, ScalarNode) and k.value == key]
            if len(keys) > 1 and any(k.start_mark.line == line for k in keys):
                return keys[0].start_mark.line + 1
            stack += [v for _, v in node.value]
        elif isinstance(node, SequenceNode):
            stack += node.value
    return None


def read_yaml(path: Path, shown: str, problems: Problems) -> YamlDoc | None:
    """Parse `path`; on failure record a problem (shown as `shown`) and return None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(shown, "", f"cannot be read ({exc.strerror}).", "Check that the file exists and is readable.")
        return None
    text = decode_utf8(raw, shown, problems, unit="line",
                       fix="Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).")
    if text is None:
        return None
    if not text.strip():
        problems.error(shown, "", "is empty.", "Fill it in as params/SCHEMA.md describes.")
        return None
    if "\x00" in text:
        problems.error(shown, "", "contains NUL bytes: it is not a text file.", "Save it as plain UTF-8 text.")
        return None
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    try:
        loaded = yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else "?"
        first = _first_occurrence(yaml, text, key, mark.line if mark else -1)
        problems.error(shown, f"line {mark.line + 1}" if mark else "",
                       f"key {key!r} appears twice in one mapping" + (f" (first on line {first})" if first else "") + ".",
                       "Keep one of them: YAML takes a key once per mapping.")
        return None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = f"is not valid YAML: {exc.problem or exc}" + (f" ({exc.context})" if exc.context else "") + "."
        problems.error(shown, where, what, SYNTAX_FIX)
        return None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:  # e.g. a tag like `!!int x`
        problems.error(shown, "", f"has a value YAML cannot read ({exc}).",
                       "Remove explicit tags ('!!int', '!!float', ...) and write plain values; quote text.")
        return None
    if loaded is None:
        problems.error(shown, "", "holds only comments, no keys.", "Fill it in as params/SCHEMA.md describes.")
        return None
    lines: dict[tuple, int] = {(): 1}
    try:
        data = _plain(loaded, (), lines)
    except _NotText as exc:
        where = exc.args[0] if exc.args else ()
        problems.error(shown, f"line {lines.get(where, 1)}", "is not valid YAML: a key must be plain text, not a list or a mapping.",
                       SYNTAX_FIX)
        return None
    except _Tagged as exc:
        where, tag = exc.args
        problems.error(shown, f"line {lines.get(where, 1)}", f"is not valid YAML for hallbar: the tag {tag} is not allowed.",
                       "Remove explicit tags ('!!python/...', '!something') and write plain values; quote text.")
        return None
    return YamlDoc(data, lines)
