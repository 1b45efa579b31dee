"""SME size classification under 《中小企业划型标准规定》 (工信部联企业〔2011〕300号).

The thresholds are data, not code: ``resources/size_standard/miit-2011-300.json``
(loaded once). Money thresholds there are in CNY 10,000 (万元); callers pass yuan
as ``int`` or ``Decimal`` and the comparison is exact (no float anywhere).

Rule, as written in the 2011 text:

1. **Ceiling.** A firm is an SME ("中小微型企业") if *any* ceiling indicator of its
   industry is strictly below the cap ("X以下 … 或 Y以下"). Otherwise it is ``"large"``.
2. **Medium.** An SME is medium if *all* medium indicators are at or above their
   thresholds ("及以上 … 且 …").
3. **Small.** Otherwise it is small if *all* small indicators are at or above theirs.
4. **Micro.** Otherwise it is micro (any small indicator below its threshold).

Missing figures. Each step is evaluated with three-valued logic: a known indicator
can settle a step on its own (one figure below the cap makes the firm an SME; one
figure below the small threshold makes an SME micro), but a step that the known
figures leave open needs the missing ones. Note that passing the ceiling on one
indicator never settles medium/small: a 50-person manufacturer with unknown revenue
is an SME, but small-vs-micro still depends on revenue. When a step is open,
:class:`~coop_desktop.errors.ValidationError` is raised with one ``FieldError`` per
missing figure that step needs (fields ``employees``, ``revenue_cny``, ``assets_cny``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from coop_desktop import paths
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_, normalize_language

DATA_FILE = ("size_standard", "miit-2011-300.json")

SIZE_CLASSES: tuple[str, ...] = ("medium", "small", "micro", "large")
"""Every value :func:`size_class` can return."""

_SIZE_LABELS: dict[str, tuple[str, str]] = {
    "medium": ("中型", "Medium"),
    "small": ("小型", "Small"),
    "micro": ("微型", "Micro"),
    "large": ("大型", "Large (not an SME)"),
}

# Indicator key in the data file -> (keyword argument / field name, yuan per unit).
_INDICATORS: dict[str, tuple[str, int]] = {
    "employees": ("employees", 1),
    "revenue": ("revenue_cny", 10_000),
    "assets": ("assets_cny", 10_000),
}
_ORDER = ("employees", "revenue", "assets")

_MISSING_MSG: dict[str, str] = {
    "employees": N_("Enter the number of employees: it is needed to work out the size class."),
    "revenue": N_("Enter the operating revenue: it is needed to work out the size class."),
    "assets": N_("Enter the total assets: they are needed to work out the size class."),
}
MSG_NEGATIVE = N_("This figure cannot be negative.")


@lru_cache(maxsize=1)
def standard() -> Mapping[str, Any]:
    """The parsed data file (cached). Treat it as read-only."""
    with paths.resource(*DATA_FILE).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    for key, row in data["industries"].items():
        for part in ("ceiling", "medium", "small"):
            unknown = set(row[part]) - set(_INDICATORS)
            if unknown or not row[part]:
                raise RuntimeError(f"size standard: bad {part!r} for {key!r}: {row[part]!r}")
    return data


INDUSTRIES: tuple[str, ...] = tuple(standard()["industries"])
"""The 16 industry keys, in the order of the standard."""

STANDARD_VERSION: str = standard()["version"]
"""Version id of the thresholds in use, e.g. ``"miit-2011-300"``."""


def _row(industry: str) -> Mapping[str, Any]:
    try:
        return standard()["industries"][industry]
    except KeyError:
        raise ValueError(f"unknown industry {industry!r}; expected one of {INDUSTRIES}") from None


def industry_label(key: str, language: str | None = "en") -> str:
    """The industry's name in ``language`` (``zh_CN`` → the standard's Chinese term).

    Raises ``ValueError`` for an unknown key.
    """
    row = _row(key)
    return row["label_zh"] if normalize_language(language) == "zh_CN" else row["label_en"]


def size_class_label(key: str, language: str | None = "en") -> str:
    """``中型/小型/微型/大型`` or ``Medium/Small/Micro/Large (not an SME)``."""
    try:
        zh, en = _SIZE_LABELS[key]
    except KeyError:
        raise ValueError(f"unknown size class {key!r}; expected one of {SIZE_CLASSES}") from None
    return zh if normalize_language(language) == "zh_CN" else en


def _as_number(name: str, value: int | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"{name} must be int or Decimal, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise TypeError(f"{name} must be a finite number")
    if number < 0:
        raise ValidationError.single(name, MSG_NEGATIVE)
    return number


def _thresholds(part: Mapping[str, int]) -> list[tuple[str, Decimal]]:
    """(indicator, threshold in base units) pairs in a stable order."""
    return [(k, Decimal(part[k]) * _INDICATORS[k][1]) for k in _ORDER if k in part]


def _any_below(part: Mapping[str, int], values: Mapping[str, Decimal | None]) -> bool | None:
    """True if a known value is below its threshold; None if undecided; else False."""
    unknown = False
    for key, limit in _thresholds(part):
        value = values[key]
        if value is None:
            unknown = True
        elif value < limit:
            return True
    return None if unknown else False


def _all_at_least(part: Mapping[str, int], values: Mapping[str, Decimal | None]) -> bool | None:
    below = _any_below(part, values)
    return None if below is None else not below


def _missing(part: Mapping[str, int], values: Mapping[str, Decimal | None]) -> ValidationError:
    return ValidationError(
        FieldError(_INDICATORS[k][0], Message(_MISSING_MSG[k], {}))
        for k, _ in _thresholds(part)
        if values[k] is None
    )


def size_class(
    industry: str,
    *,
    employees: int | Decimal | None = None,
    revenue_cny: int | Decimal | None = None,
    assets_cny: int | Decimal | None = None,
) -> str:
    """Classify a firm: ``"medium"``, ``"small"``, ``"micro"`` or ``"large"``.

    ``revenue_cny`` and ``assets_cny`` are in yuan (int or Decimal, never float).
    Figures the industry's rule does not use are ignored.

    Raises ``ValueError`` for an unknown industry, ``TypeError`` for a float (or other
    non-number), and :class:`ValidationError` for a negative figure or when a figure
    needed to decide is ``None`` (see the module docstring).
    """
    row = _row(industry)
    values = {
        "employees": _as_number("employees", employees),
        "revenue": _as_number("revenue_cny", revenue_cny),
        "assets": _as_number("assets_cny", assets_cny),
    }
    sme = _any_below(row["ceiling"], values)
    if sme is None:
        raise _missing(row["ceiling"], values)
    if not sme:
        return "large"
    medium = _all_at_least(row["medium"], values)
    if medium is None:
        raise _missing(row["medium"], values)
    if medium:
        return "medium"
    small = _all_at_least(row["small"], values)
    if small is None:
        raise _missing(row["small"], values)
    return "small" if small else "micro"
