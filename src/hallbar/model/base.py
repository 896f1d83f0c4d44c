"""What every model shares: strict pydantic models, ids and years."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SLUG_RE = re.compile(SLUG)
MIN_YEAR, MAX_YEAR = 1970, 2100

Slug = Annotated[str, Field(pattern=SLUG, max_length=60)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Sdg = Annotated[int, Field(ge=1, le=17)]
Text = Annotated[str, Field(min_length=1)]


def is_slug(text: str | None) -> bool:
    return bool(text) and len(text) <= 60 and SLUG_RE.match(text) is not None


class Strict(BaseModel):
    """Unknown keys are errors; models are frozen; text is stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data):
        """`assessments:` with nothing under it is YAML null: treat it as left out (the default)."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items()
                    if not (v is None and k in cls.model_fields and not cls.model_fields[k].is_required())}
        return data
