"""Column types that keep values exact and portable (SQLite and PostgreSQL alike)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.types import TypeDecorator

LIST_SEP = ","


class DelimitedList(TypeDecorator[list[str]]):
    """A list of short codes or tags stored as ``,a,b,`` text.

    The leading and trailing separators let a portable ``LIKE '%,DE,%'`` find one item,
    and the text can go into a full-text index. Items may not contain the separator
    (validation rejects it before it gets here).
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        items = [str(v).strip() for v in value if str(v).strip()]
        if any(LIST_SEP in item for item in items):
            raise ValueError(f"list item contains {LIST_SEP!r}: {items!r}")
        return LIST_SEP + LIST_SEP.join(items) + LIST_SEP if items else ""

    def process_result_value(self, value: Any, dialect: Any) -> list[str]:
        if not value:
            return []
        return [v for v in value.split(LIST_SEP) if v]


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal with a fixed number of places stored as a scaled integer.

    SQLite has no exact decimal type; storing hundredths of a percent as an integer is
    exact, sorts correctly and means the same thing on PostgreSQL.
    """

    impl = Integer
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places
        self._factor = Decimal(10) ** places

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * self._factor
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(value) / self._factor).quantize(Decimal(1).scaleb(-self.places))


Money = BigInteger  # integer fen (1/100 yuan); the currency lives in its own column where needed
