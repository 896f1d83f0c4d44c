"""Read a YAML file and keep the line of every key, so errors can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problems


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


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
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


def read_yaml(path: Path, shown: str, problems: Problems) -> YamlDoc | None:
    """Parse `path`; on failure record a problem (shown as `shown`) and return None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(shown, "", f"cannot be read ({exc.strerror}).", "Check that the file exists and is readable.")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            shown,
            f"line {line}",
            f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x}).",
            "Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
        )
        return None
    if not text.strip():
        problems.error(shown, "", "is empty.", "Fill it in as params/SCHEMA.md describes.")
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
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(data, lines)
