"""`params/<region>/programme.yml` and `params/<region>/<year>.yml` read into the model, with problems.

Files are parsed once (`yamldoc`, which keeps every key's line) into the
pydantic models of `hallbar.model` (unknown keys are errors), then
cross-checked (unique ids, indicators exist, sane years). Every problem names
the file, the key path (with ids, e.g. ``focus_areas[klimat].goals[...]``)
and its line, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from ..errors import Problems
from ..model import EDITORIAL_TEXTS, MAX_YEAR, MIN_YEAR, RULE_KINDS, RULE_MODELS, STATUS_CODES, Programme, RelativeRule, YearParams
from ..model import programme as _programme_models
from ..model import yearly as _yearly_models
from ..model.status import PACE_STATUSES
from .yamldoc import YamlDoc, read_yaml

_FIX_BY_TYPE = {
    "extra_forbidden": "Remove the key or correct its spelling (see params/SCHEMA.md for the allowed keys).",
    "missing": "Add the key (see params/SCHEMA.md).",
    "string_pattern_mismatch": "Ids are lowercase ASCII letters, digits and '-' (write å/ä as a, ö as o).",
    "union_tag_invalid": "Use one of: " + ", ".join(RULE_KINDS) + ".",
    "union_tag_not_found": "Add 'kind:' with one of: " + ", ".join(RULE_KINDS) + ".",
    "literal_error": "Use one of the values the message lists.",
    "greater_than_equal": "Use a value inside the range the message gives.",
    "less_than_equal": "Use a value inside the range the message gives.",
    "too_short": "Add at least one entry.",
    "string_too_short": "Write the text; it cannot be empty.",
    "string_type": "Write text here; put it in quotes if it looks like a number, a date or yes/no (e.g. \"0007\").",
    "int_parsing": "Write a whole number (digits only).",
    "int_from_float": "Write a whole number (digits only).",
    "int_type": "Write a whole number (digits only).",
    "float_parsing": "Write a number with a decimal point, not a comma (e.g. -4.2, not -4,2).",
    "float_type": "Write a number with a decimal point (e.g. -4.2).",
    "bool_parsing": "Write true or false.",
    "bool_type": "Write true or false.",
    "list_type": "Write a list, e.g. [1, 2] or one '- item' per line.",
    "dict_type": "Write 'key: value' pairs indented under this key (see params/SCHEMA.md).",
    "model_type": "Write 'key: value' pairs indented under this key (see params/SCHEMA.md).",
    "model_attributes_type": "Write 'key: value' pairs indented under this key (see params/SCHEMA.md).",
}

# every key any model accepts: suggestions for misspelt keys
_KNOWN_KEYS: set[str] = {
    key
    for module in (_programme_models, _yearly_models)
    for model in vars(module).values()
    if isinstance(model, type) and hasattr(model, "model_fields") and model.__module__ == module.__name__
    for key in model.model_fields
} | {key for model in RULE_MODELS for key in model.model_fields}


def _fix_for(err: dict, loc: tuple) -> str:
    kind = err["type"]
    if "agenda2030" in loc and kind in ("greater_than_equal", "less_than_equal", "int_parsing", "int_type"):
        return "Agenda 2030 goals are numbered 1-17; write e.g. agenda2030: [3, 13]."
    if loc and loc[-1] in ("year", "start", "end", "base_year") and kind in ("greater_than_equal", "less_than_equal"):
        return f"Write a four-digit year between {MIN_YEAR} and {MAX_YEAR}."
    if loc and loc[-1] == "approved_on":
        return "Write the date as YYYY-MM-DD, e.g. approved_on: 2026-03-18."
    if loc and loc[-1] == "status" and kind == "literal_error":
        return "Use one of: " + ", ".join(STATUS_CODES) + "."
    return _FIX_BY_TYPE.get(kind, "See params/SCHEMA.md.")


def readable_path(data, loc: tuple) -> str:
    """`('focus_areas', 0, 'goals', 1)` -> `focus_areas[klimat].goals[vaxthusgaser]`."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int) and not isinstance(node, dict):
            label = str(part)
            if isinstance(node, list) and 0 <= part < len(node):
                item = node[part]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    label = item["id"]
                node = item
            else:
                node = None
            out += f"[{label}]"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _where(doc: YamlDoc, loc: tuple) -> str:
    path = readable_path(doc.data, loc) or "(top level)"
    line = doc.line(loc)
    return f"{path} (line {line})" if line else path


def _report_validation(exc: ValidationError, doc: YamlDoc, shown: str, problems: Problems) -> None:
    for err in exc.errors():
        raw_loc = tuple(err["loc"])
        # pydantic puts the discriminator tag after 'rule' (…, 'rule', 'level', 'value'); drop it
        loc = tuple(part for i, part in enumerate(raw_loc)
                    if not (i > 0 and raw_loc[i - 1] == "rule" and part in RULE_KINDS))
        if loc and loc[-1] == "[key]":  # a bad dict key: point at the key itself
            loc = loc[:-1]
        kind = err["type"]
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        fix = _fix_for(err, loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            msg = f"unknown key '{key}'" + _suggest(key, _KNOWN_KEYS, inline=True)
        elif kind == "missing":
            msg = f"required key '{loc[-1]}' is missing"
        elif kind == "union_tag_invalid":
            given = (err.get("ctx") or {}).get("tag", "")
            msg = f"unknown rule kind '{given}'" + _suggest(str(given), RULE_KINDS, inline=True)
        elif kind == "string_pattern_mismatch" and raw_loc and raw_loc[-1] == "[key]":
            msg = f"'{loc[-1]}' is not a valid id"
        elif kind == "invalid_key" or (kind == "string_type" and raw_loc and raw_loc[-1] == "[key]"):
            msg = f"key {loc[-1]!r} is not text"
            fix = ("Quote the key. Inside {...} a decimal comma starts a new key ({value: 4,5} reads as value 4 and key 5): "
                   "write decimals with a point, 4.5.")
        elif "input" in err and err["input"] is None:
            msg = "has no value (nothing after the colon)"
            fix = "Write the value after the colon (see params/SCHEMA.md)."
        elif "input" in err:
            given = err["input"]
            if not isinstance(given, (dict, list)):
                msg = f"{msg} (got {given!r})"
        problems.error(shown, _where(doc, loc), msg[:1].upper() + msg[1:] + ".", fix)


def _parse(model, path: Path, shown: str, problems: Problems):
    doc = read_yaml(path, shown, problems)
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        problems.error(shown, "(top level)", "must be a mapping of keys to values.", "See params/SCHEMA.md.")
        return None, doc
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as exc:
        _report_validation(exc, doc, shown, problems)
        return None, doc


def _suggest(name: str, choices, inline: bool = False) -> str:
    """" Did you mean 'x'?" (or " (did you mean 'x'?)" to go inside a sentence), or ""."""
    close = difflib.get_close_matches(name, [str(c) for c in choices], n=1)
    if not close:
        return ""
    return f" (did you mean '{close[0]}'?)" if inline else f" Did you mean '{close[0]}'?"


def cross_check_programme(prog: Programme, doc: YamlDoc, shown: str, problems: Problems) -> None:
    """Checks that span several keys: unique ids, references, years."""

    def err(loc: tuple, what: str, fix: str) -> None:
        problems.error(shown, _where(doc, loc), what, fix)

    p = prog.programme
    if p.end < p.start:
        err(("programme", "end"), f"Programme ends ({p.end}) before it starts ({p.start}).", "Swap start and end.")
    seen: dict[str, dict[str, tuple]] = {"focus area": {}, "goal": {}, "target": {}}
    focus_ids = [fa.id for fa in prog.focus_areas]
    for ind_id, ind in prog.indicators.items():
        if ind.focus_area is not None and ind.focus_area not in focus_ids:
            err(("indicators", ind_id, "focus_area"), f"Indicator '{ind_id}' names an unknown focus area '{ind.focus_area}'." + _suggest(ind.focus_area, focus_ids),
                "Use one of the focus area ids: " + ", ".join(focus_ids) + ".")

    def unique(kind: str, ident: str, loc: tuple) -> None:
        first = seen[kind].get(ident)
        if first is not None:
            err(loc + ("id",), f"Duplicate {kind} id '{ident}' (first used at {readable_path(doc.data, first)}).", f"Give every {kind} its own id.")
        else:
            seen[kind][ident] = loc

    for i, fa in enumerate(prog.focus_areas):
        floc = ("focus_areas", i)
        unique("focus area", fa.id, floc)
        if fa.id in EDITORIAL_TEXTS:
            err(floc + ("id",), f"The focus area id '{fa.id}' is the name of an editorial text: its narrative and "
                f"that text would both be {fa.id}.md.", "Give the focus area another id.")
        for j, goal in enumerate(fa.goals):
            gloc = floc + ("goals", j)
            unique("goal", goal.id, gloc)
            for k, t in enumerate(goal.targets):
                tloc = gloc + ("targets", k)
                unique("target", t.id, tloc)
                rule = t.rule
                if t.indicator is None and rule.kind != "qualitative":
                    err(tloc + ("rule", "kind"), f"Target '{t.id}' has a '{rule.kind}' rule but no indicator.",
                        "Add 'indicator:' naming one of the indicators, or make the rule 'qualitative'.")
                if t.indicator is not None and t.indicator not in prog.indicators:
                    err(tloc + ("indicator",), f"Unknown indicator '{t.indicator}'." + _suggest(t.indicator, prog.indicators),
                        "Define it under 'indicators:' or correct the id.")
                if isinstance(rule, RelativeRule):
                    if rule.compare_to not in prog.indicators:
                        err(tloc + ("rule", "compare_to"), f"Unknown indicator '{rule.compare_to}' in compare_to." + _suggest(rule.compare_to, prog.indicators),
                            "Define it under 'indicators:' or correct the id.")
                    elif rule.compare_to == t.indicator:
                        err(tloc + ("rule", "compare_to"), "A target cannot be compared with its own indicator.", "Name the comparison series.")
                target_year = rule.year or p.end
                base = getattr(rule, "base_year", None)
                if base is not None and base >= target_year:
                    err(tloc + ("rule", "base_year"), f"Base year {base} is not before the target year {target_year}.",
                        "The base year is the year the change is measured from; it must come before the target year.")
                if rule.year is not None and rule.year < p.start - 10:
                    err(tloc + ("rule", "year"), f"Target year {rule.year} lies more than ten years before the programme starts ({p.start}).",
                        "Check the year; target years normally fall inside the programme period.")


def load_programme(path: Path, shown: str, problems: Problems) -> Programme | None:
    """The validated programme, or None (every problem recorded in `problems`)."""
    return load_programme_doc(path, shown, problems)[0]


def load_programme_doc(path: Path, shown: str, problems: Problems) -> tuple[Programme | None, YamlDoc | None]:
    """Like `load_programme`, plus the parsed document (for line numbers in later checks)."""
    before = len(problems.errors)
    prog, doc = _parse(Programme, path, shown, problems)
    if prog is None:
        return None, doc
    expected = path.parent.name
    if prog.region.id != expected:
        problems.error(shown, _where(doc, ("region", "id")), f"Region id '{prog.region.id}' differs from its folder name '{expected}'.",
                       f"Rename the folder or set region.id to '{expected}'.")
    cross_check_programme(prog, doc, shown, problems)
    return (prog if len(problems.errors) == before else None), doc


def target_loc(prog: Programme, target_id: str) -> tuple:
    """Key path of a target in programme.yml, e.g. ('focus_areas', 0, 'goals', 1, 'targets', 2)."""
    for i, fa in enumerate(prog.focus_areas):
        for j, goal in enumerate(fa.goals):
            for k, t in enumerate(goal.targets):
                if t.id == target_id:
                    return ("focus_areas", i, "goals", j, "targets", k)
    raise KeyError(target_id)


def where(doc: YamlDoc | None, loc: tuple) -> str:
    """Readable key path plus line, e.g. ``focus_areas[klimat].goals[x].targets[y].rule (line 17)``."""
    if doc is None:
        return readable_path(None, loc)
    return _where(doc, loc)


def load_year(path: Path, shown: str, prog: Programme | None, problems: Problems) -> YearParams | None:
    before = len(problems.errors)
    yp, doc = _parse(YearParams, path, shown, problems)
    if yp is None:
        return None
    if str(yp.year) != path.stem:
        problems.error(shown, _where(doc, ("year",)), f"year: {yp.year} differs from the file name '{path.name}'.",
                       f"Set year: {path.stem} or rename the file to {yp.year}.yml.")
    if prog is not None:
        targets = {t.id: t for _, _, t in prog.targets()}
        for tid in yp.assessments:
            loc = ("assessments", tid)
            if tid not in targets:
                problems.error(shown, _where(doc, loc), f"Assessment of a target that does not exist: '{tid}'." + _suggest(tid, targets),
                               "Use the id of a qualitative target from programme.yml.")
            elif targets[tid].rule.kind != "qualitative":
                problems.error(shown, _where(doc, loc), f"Target '{tid}' is computed from data ({targets[tid].rule.kind}); only qualitative targets take an assessment.",
                               "Move it under 'overrides:' with a 'reason:' if the computed status must be replaced.")
        for tid in yp.overrides:
            if tid not in targets:
                problems.error(shown, _where(doc, ("overrides", tid)), f"Override of a target that does not exist: '{tid}'." + _suggest(tid, targets),
                               "Use a target id from programme.yml.")
            elif targets[tid].rule.kind == "qualitative":
                problems.error(shown, _where(doc, ("overrides", tid)),
                               f"Target '{tid}' is qualitative: its status is the analysts' assessment, there is no computed status to override.",
                               f"Move it under 'assessments:' as {tid}: {{status: ..., motivation: ...}}.")
        for tid, a in yp.assessments.items():
            t = targets.get(tid)
            if t is not None and a.status in PACE_STATUSES and prog.target_year(t) <= yp.year:
                problems.warning(shown, _where(doc, ("assessments", tid, "status")),
                                 f"'{a.status}' says how the pace compares, but the target year {prog.target_year(t)} has come "
                                 f"(report year {yp.year}).",
                                 "Say whether the target was reached: status: achieved or not_achieved (or no_data).")
        for _, _, t in prog.targets():
            if t.rule.kind == "qualitative" and t.id not in yp.assessments:
                problems.warning(shown, _where(doc, ("assessments",)), f"Qualitative target '{t.id}' has no assessment; its status will be 'Saknar data'.",
                                 f"Add assessments: {{{t.id}: {{status: ..., motivation: ...}}}}.")
    return yp if len(problems.errors) == before else None
