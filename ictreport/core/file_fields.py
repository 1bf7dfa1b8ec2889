"""The whole-report file's vocabulary: problems with their key paths, the field types
section schemas are built from, and pydantic's errors turned into plain messages.

``ictreport.core.files`` reads and writes the file; each section's ``file_part.py``
declares its part's schema from the types here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
)
from pydantic import ValidationError as PydanticValidationError

from ictreport.core.periods import Quarter, parse_year_slug, year_slug


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class ReportFileError(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# Field types for section schemas -------------------------------------------------------


class StrictModel(BaseModel):
    """A part of the file: unknown keys are mistakes, not extras to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("must be a financial year written like 2019-20")
    try:
        return parse_year_slug(str(value))
    except ValueError:
        raise ValueError("must be a financial year written like 2019-20") from None


def _period(value: Any) -> Quarter:
    if isinstance(value, Quarter):
        return value
    try:
        return Quarter.from_code(str(value))
    except ValueError:
        raise ValueError("must be full-year, Q1, Q2, Q3 or Q4") from None


YearSlug = Annotated[int, BeforeValidator(_year), PlainSerializer(year_slug)]
Period = Annotated[Quarter, BeforeValidator(_period), PlainSerializer(lambda q: q.code)]
Count = Annotated[int, Field(ge=0, strict=True)]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
Money = Annotated[Decimal, Field(decimal_places=2, max_digits=14)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, decimal_places=2, max_digits=14)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


# Turning pydantic's errors into key paths and plain messages ---------------------------


def at_least_one(field: str, message):
    """A part's validator for its list ``field``, which may not be empty; ``message``
    (a lazy translation, e.g. ``_("must list at least one team")``) is the problem
    reported at the list's key, in the active language (``files.read_report_file``
    reads a file in English)."""

    def check(cls, value):
        if not value:
            raise ValueError(str(message))
        return value

    return field_validator(field)(classmethod(check))


def _path(prefix: str, loc: tuple) -> str:
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return _("is required")
    if kind == "extra_forbidden":
        return _("is not a known key")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = {"greater_than_equal": "≥", "greater_than": ">",
                 "less_than_equal": "≤", "less_than": "<"}[kind]
        limit = next(iter(ctx.values()))
        return _("must be a number %(bound)s %(limit)s") % {"bound": bound, "limit": limit}
    if kind.startswith("int_"):
        return _("must be a whole number")
    if kind.startswith(("decimal_", "float_")):
        if kind == "decimal_max_places":
            return _("must have at most %(places)s decimal places") % {
                "places": ctx.get("decimal_places")}
        return _("must be a number")
    if kind.startswith(("date_", "datetime_")):
        return _("must be a date written like 2020-09-03")
    if kind.startswith("bool_"):
        return _("must be true or false")
    if kind in {"string_type"}:
        return _("must be text")
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "string_too_long":
        return _("must be at most %(count)s characters") % {"count": ctx.get("max_length")}
    if kind in {"list_type", "tuple_type"}:
        return _("must be a list")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return _("must be a mapping of keys to values")
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def validate_part(model: type[BaseModel], data: Any, prefix: str):
    """``(instance, [])`` or ``(None, problems)`` with each problem's key path."""
    try:
        return model.model_validate(data), []
    except PydanticValidationError as exc:
        return None, [Problem(_path(prefix, e["loc"]), _message(e)) for e in exc.errors()]
