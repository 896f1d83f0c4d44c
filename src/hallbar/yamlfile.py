"""Read a YAML file and keep the line of every key, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problems
from .textfile import decode_utf8


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


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], depth: int = 0) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if depth > 100:  # aliases can make a graph; a params file is never this deep
        return
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # refused by the loader ("a key must be plain text")
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines, depth + 1)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, depth + 1)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text, not a list or a mapping", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"key {key!r} appears twice in one mapping (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
# Dates stay text: the models parse them, so a wrong date ("2026-13-01") is reported
# at its key with a fix instead of escaping from PyYAML as a bare ValueError.
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        what = f"is not valid YAML: {problem}" + (f" ({context})" if context else "") + "."
        problems.error(
            shown,
            where,
            what,
            "Check indentation (spaces, not tabs), that every 'key: value' has a space after the colon, "
            "and quote text that contains ': ' or starts with a special character.",
        )
        return None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. a tag like `!!int x`
        problems.error(shown, "", f"has a value YAML cannot read ({exc}).",
                       "Remove explicit tags ('!!int', '!!float', ...) and write plain values; quote text.")
        return None
    if data is None:
        problems.error(shown, "", "holds only comments, no keys.", "Fill it in as params/SCHEMA.md describes.")
        return None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(data, lines)
