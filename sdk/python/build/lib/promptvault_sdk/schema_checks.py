"""JSON Schema checks of variables in bounded work, the same for the server and the SDK.

jsonschema as it is lets one tenant's schema hold a process for minutes: Python's `re`
backtracks (`^(a+)+$` doubles its time with each character of the value), `uniqueItems`
compares every pair of objects, and keywords nested in keywords multiply. So here:
- `pattern`, `patternProperties` and `additionalProperties` match with RE2, in linear time; a
  pattern RE2 cannot compile (a backreference, a lookaround) is refused, and so is
  `unevaluatedProperties` beside `patternProperties` (jsonschema would match those with `re`);
- `uniqueItems` compares canonical forms of the items through a set;
- every keyword checks a deadline, past which the check stops with `TooCostly`;
- schemas and values nest at most MAX_DEPTH levels, as jsonschema descends them recursively.

RE2 comes with the `re2` extra (`pip install 'promptvault-sdk[re2]'`), which the server always
installs. Without it, patterns match with Python's `re`: the same answers for the patterns people
write, but a catastrophic one can hold the application that renders it (no deadline interrupts
a match). `PATTERN_ENGINE` says which engine is in use.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from jsonschema.protocols import Validator
from jsonschema.validators import Draft202012Validator, extend, validator_for

try:
    import re2
except ImportError:  # installed without the `re2` extra
    re2 = None

PATTERN_ENGINE = "re" if re2 is None else "re2"
_PATTERN_ERRORS: tuple[type[Exception], ...] = (re.error,) if re2 is None else (re2.error,)

CHECK_SECONDS = 2.0
# Far deeper would overflow Python's stack in jsonschema, with room to spare for the caller's.
MAX_DEPTH = 64

_deadline: ContextVar[float] = ContextVar("schema_check_deadline", default=float("inf"))


class TooCostly(Exception):
    """A check ran past its deadline."""


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> Any:
    if re2 is None:
        return re.compile(pattern)
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)


def _pattern_error(pattern: str) -> str | None:
    """Why the engine cannot compile a pattern (RE2 says it in bytes), or None."""
    try:
        _regex(pattern)
    except _PATTERN_ERRORS as error:
        reason = error.args[0] if error.args else "invalid"
        return reason.decode() if isinstance(reason, bytes) else str(reason)
    return None


def _search(pattern: str, text: str) -> bool:
    return _regex(pattern).search(text) is not None


def _pattern(validator: Validator, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not _search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Validator, patterns: Mapping[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for name, value in instance.items():
            if _search(pattern, name):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(
    validator: Validator, additional: Any, instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    declared = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    extras = sorted(
        name
        for name in instance
        if name not in declared and not any(_search(pattern, name) for pattern in patterns)
    )
    if validator.is_type(additional, "object"):
        for name in extras:
            yield from validator.descend(instance[name], additional, path=name)
    elif not additional and extras:
        listed = ", ".join(repr(name) for name in extras)
        yield ValidationError(f"additional properties are not allowed ({listed})")


def _canonical(value: Any) -> Any:
    """A hashable form under which two JSON values are equal as JSON Schema has it: 1 == 1.0,
    True != 1, objects equal whatever the order of their keys."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", value)
    if isinstance(value, list):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, dict):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return ("other", repr(value))  # not JSON: a value that the SDK's caller passed


def _unique_items(validator: Validator, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not unique or not validator.is_type(instance, "array"):
        return
    seen: set[Any] = set()
    for index, item in enumerate(instance):
        form = _canonical(item)
        if form in seen:
            yield ValidationError(f"item {index} repeats an earlier item: items must be unique")
            return
        seen.add(form)


_LINEAR_KEYWORDS = {
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "uniqueItems": _unique_items,
}


def _with_deadline(keyword: Any) -> Any:
    def check(validator: Validator, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if time.monotonic() > _deadline.get():
            raise TooCostly
        yield from keyword(validator, value, instance, schema) or ()

    return check


@cache
def _bounded(draft: type[Validator]) -> type[Validator]:
    """The draft's validator with the linear keywords, every keyword under the deadline."""
    keywords = {
        name: _with_deadline(_LINEAR_KEYWORDS.get(name, keyword))
        for name, keyword in draft.VALIDATORS.items()
    }
    bounded: type[Validator] = extend(draft, keywords)
    return bounded


@contextmanager
def _deadline_in(seconds: float) -> Iterator[None]:
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def _members(node: Any) -> Iterator[tuple[str | None, Any, int]]:
    """Every value in a JSON document with its key (None in an array) and its depth, walked
    without recursion: a document nested too deep must not overflow the stack here either."""
    stack: list[tuple[str | None, Any, int]] = [(None, node, 0)]
    while stack:
        key, value, depth = stack.pop()
        yield key, value, depth
        if isinstance(value, Mapping):
            stack.extend((name, member, depth + 1) for name, member in value.items())
        elif isinstance(value, list):
            stack.extend((None, member, depth + 1) for member in value)


def _too_deep(document: Any) -> bool:
    return any(depth > MAX_DEPTH for _, _, depth in _members(document))


def _unsupported(schema: Mapping[str, Any]) -> str | None:
    """Why these checks cannot take the schema, or None."""
    keywords = set()
    for key, value, depth in _members(schema):
        if depth > MAX_DEPTH:
            return f"it nests deeper than {MAX_DEPTH} levels"
        keywords.add(key)
        patterns = [value] if key == "pattern" and isinstance(value, str) else []
        if key == "patternProperties" and isinstance(value, Mapping):
            patterns = [name for name in value if isinstance(name, str)]
        for pattern in patterns:
            if (reason := _pattern_error(pattern)) is not None:
                return f"pattern '{pattern}' is not supported ({reason}): use RE2 syntax"
    if {"patternProperties", "unevaluatedProperties"} <= keywords:
        return "unevaluatedProperties cannot be combined with patternProperties"
    return None


@cache
def _formats_but_regex(meta: type[Validator]) -> FormatChecker:
    """The meta-schema's format checks but `regex`, which compiles with Python's `re` (a pattern
    nested deep enough overflows its stack): `_unsupported` compiles patterns with the pattern
    engine instead."""
    formats = FormatChecker(formats=())
    formats.checkers = {
        name: check for name, check in meta.FORMAT_CHECKER.checkers.items() if name != "regex"
    }
    return formats


def schema_problem(schema: Mapping[str, Any]) -> str | None:
    """What is wrong with a variables schema as a JSON Schema (checked against its draft's
    meta-schema) or for these checks; None when it can be used."""
    if problem := _unsupported(schema):
        return problem
    draft = validator_for(schema, default=Draft202012Validator)
    meta = validator_for(draft.META_SCHEMA, default=draft)
    checker = _bounded(meta)(draft.META_SCHEMA, format_checker=_formats_but_regex(meta))
    with _deadline_in(CHECK_SECONDS):
        error = next(iter(checker.iter_errors(schema)), None)
    return error.message if error is not None else None


def first_refusal(schema: Mapping[str, Any], values: Mapping[str, Any]) -> ValidationError | None:
    """The most relevant error of the values against the schema, or None; raises TooCostly past
    the deadline, jsonschema's SchemaError or referencing's Unresolvable for a schema that cannot
    be used."""
    if problem := _unsupported(schema):
        raise SchemaError(problem)
    for name, value in values.items():
        if _too_deep(value):
            return ValidationError(f"it nests deeper than {MAX_DEPTH} levels", path=[name])
    validator = _bounded(validator_for(schema, default=Draft202012Validator))(schema)
    with _deadline_in(CHECK_SECONDS):
        found: ValidationError | None = best_match(validator.iter_errors(values))
    return found
