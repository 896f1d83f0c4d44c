"""YAML the report stage writes and reads back itself (`_quarto.yml`, pandoc metadata), with ruamel.yaml."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def load_yaml_text(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def dump_yaml_text(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
