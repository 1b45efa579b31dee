"""Input limits: the most every stored field may hold, kept as data in one place.

The services refuse a value over its limit with a :class:`~coop_desktop.errors.ValidationError`
naming the field and the limit (nothing is written); the UI takes the same numbers for its
editors (``max_chars`` → ``QLineEdit.setMaxLength``). The limits are generous: they are
there so that a pasted file or a runaway script cannot make the database, the checks and the
PDF crawl, not to make anyone shorten real text. README.md lists them.

Three kinds of field:

* **text** (:class:`Text`): a maximum number of characters (code points). ``NAME`` fields —
  names, titles, identifiers, codes, glossary terms — are one line of visible text: control
  and bidi control characters are refused (see :mod:`coop_desktop.controls`). ``PROSE``
  fields (descriptions, notes, sections) accept them; the UI shows them. A lone surrogate
  is refused in every field.
* **numbers** (:class:`Number`): a range, and for decimals the places. SQLite's INTEGER is a
  signed 64-bit number; the ranges keep every value well inside it, so nothing out of range
  ever reaches SQLite.
* **lists** (:class:`Items`): how many items, and the limit of each item.

Where it is enforced: :func:`enforce` in the services (``records.parse_input`` for every
input model, the enterprise checks, the application details, the glossary), and a
``before_flush`` guard (:func:`install_guard`, installed by ``coop_desktop.services``) that
checks every row the ORM is about to write, whatever path it came by.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coop_desktop import controls
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_

NAME, PROSE = "name", "prose"

#: Money is stored in fen (1/100 yuan): up to 100 trillion yuan (100万亿元).
MONEY_MAX_FEN = 10**16
#: SQLite's INTEGER range.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: A section of an application, each language.
SECTION_MAX = 100_000
#: The most characters of a search text that are read (no stored name is longer).
SEARCH_MAX = 500

MSG_TOO_LONG = N_("{field} is too long: at most {max} characters are allowed, {count} were "
                  "entered.")
MSG_TOO_MANY = N_("{field} has too many entries: at most {max} are allowed, {count} were "
                  "entered.")
MSG_ITEM_TOO_LONG = N_("{field}: entry {number} is too long: at most {max} characters are "
                       "allowed, it has {count}.")
MSG_ITEM_COMMA = N_("{field}: entry {number} contains a comma; enter each item separately.")
MSG_SURROGATE = N_("{field} contains a broken character (an unpaired surrogate) at position "
                   "{position}. It cannot be stored: please retype the text around it.")
MSG_CONTROL = N_("{field} contains an invisible control character ({char}) at position "
                 "{position}. Names and identifiers cannot contain control characters: please "
                 "remove it.")
MSG_RANGE = N_("{field} must be a number from {min} to {max}; {value} was entered.")
MSG_MONEY_RANGE = N_("{field} must be an amount from {min} to {max} yuan; {value} yuan was "
                     "entered.")
MSG_YEAR_RANGE = N_("{field} must be a year from {min} to {max}; {value} was entered.")
MSG_PLACES = N_("{field} can have at most {places} decimal places.")
MSG_NOT_FINITE = N_("{field} must be a number.")


@dataclass(frozen=True)
class Text:
    max: int
    kind: str = NAME


@dataclass(frozen=True)
class Number:
    min: int | Decimal
    max: int | Decimal
    unit: str = "count"  # count, fen, year, percent
    places: int = 0


@dataclass(frozen=True)
class Items:
    max: int
    item_max: int


Limit = Text | Number | Items


def _name(n: int) -> Text:
    return Text(n, NAME)


def _prose(n: int) -> Text:
    return Text(n, PROSE)


_PEOPLE = Number(0, 10_000_000)
_MONEY = Number(0, MONEY_MAX_FEN, "fen")
_YEAR = Number(1900, 2200, "year")
_NOTES = _prose(20_000)
_LONG = _prose(20_000)
_COUNTRIES = Items(300, 10)
#: Codes (country, currency, region, industry) are checked against their lists by the
#: services, with a precise message; the limit only keeps a pasted text out.
_CODE = _name(60)

#: ``FIELDS[table][column]``: every field a person (or an import) fills in.
FIELDS: dict[str, dict[str, Limit]] = {
    "enterprise": {
        "name_zh": _name(200), "name_en": _name(300), "uscc": _name(40),
        "legal_rep": _name(100), "registered_capital_currency": _CODE,
        "province_code": _CODE, "city_code": _CODE, "city_zh": _name(100),
        "city_en": _name(100), "address_zh": _prose(300), "address_en": _prose(400),
        "industry": _CODE, "business_scope_zh": _prose(10_000),
        "business_scope_en": _prose(10_000), "website": _name(300),
        "description_zh": _LONG, "description_en": _LONG,
        "registered_capital_fen": _MONEY, "revenue_fen": _MONEY, "total_assets_fen": _MONEY,
        "rd_expense_fen": _MONEY, "employees": _PEOPLE, "rd_staff": _PEOPLE,
        "digitalisation_level": Number(1, 4),
        "main_business_share": Number(Decimal(0), Decimal(100), "percent", places=2),
        "export_markets": _COUNTRIES, "target_countries": _COUNTRIES, "tags": Items(100, 50),
    },
    "srdi_title": {"batch": _name(60), "notes": _NOTES, "revocation_reason": _prose(2_000)},
    "srdi_title_event": {"notes": _NOTES},
    "enterprise_year": {
        "year": _YEAR, "operating_revenue_fen": _MONEY, "main_business_revenue_fen": _MONEY,
        "rd_expense_fen": _MONEY, "net_profit_fen": Number(-MONEY_MAX_FEN, MONEY_MAX_FEN, "fen"),
        "total_assets_fen": _MONEY, "total_liabilities_fen": _MONEY,
        "equity_financing_fen": _MONEY, "employees": _PEOPLE, "rd_staff": _PEOPLE,
        "class1_ip": _PEOPLE, "class1_ip_self_developed": _PEOPLE,
        "class1_ip_high_value": _PEOPLE, "class1_ip_applied": _PEOPLE, "class2_ip": _PEOPLE,
        "years_in_segment": Number(0, 300), "digitalisation_level": Number(1, 4),
        "distinctiveness_points": Number(0, 15), "srdi_development_score": Number(0, 100),
        "domestic_market_share_pct": Number(Decimal(0), Decimal(100), "percent", places=2),
        "valid_honours": Items(60, 20), "quality_items": Items(60, 20), "notes": _NOTES,
    },
    "contact": {
        "name": _name(100), "role": _name(100), "phone": _name(50), "email": _name(254),
        "languages": Items(30, 40), "notes": _NOTES,
    },
    "interaction": {"notes": _NOTES, "outcome": _NOTES},
    "zone": {
        "name_zh": _name(200), "name_en": _name(300), "partner_label_zh": _name(100),
        "partner_label_en": _name(100), "province_code": _CODE, "province_zh": _name(50),
        "province_en": _name(50), "city_zh": _name(100), "city_en": _name(100),
        "batch": _name(20), "management_body": _name(300), "website": _name(300),
        "recognised_year": _YEAR, "valid_until_year": _YEAR,
        "approval_document": _name(100),
        "focus_industries_zh": _prose(5_000), "focus_industries_en": _prose(5_000),
        "contacts": _prose(5_000), "notes": _NOTES, "source": _prose(10_000),
        "confidence": _prose(2_000), "partner_countries": _COUNTRIES,
    },
    "zone_link": {"notes": _NOTES},
    "event": {
        "name_zh": _name(200), "name_en": _name(300), "kind": _CODE, "place_zh": _name(200),
        "place_en": _name(200), "partner_country": _CODE, "notes": _NOTES,
    },
    "event_participation": {
        "contacts_made": Number(0, 1_000_000), "agreements": Number(0, 1_000_000),
        "amount_fen": _MONEY, "outcome": _NOTES,
    },
    "application": {
        "title_zh": _name(300), "title_en": _name(400), "country": _CODE,
        "reference_no": _name(80), "template_key": _name(60),
    },
    "application_section": {"zh": _prose(SECTION_MAX), "en": _prose(SECTION_MAX)},
    "qa_ignore": {"reason": _prose(2_000)},
    "glossary_term": {"zh": _name(200), "en": _name(300), "note": _prose(2_000)},
    "attachment": {"original_name": _name(255), "note": _prose(2_000)},
    "tm_unit": {"zh": _prose(SECTION_MAX), "en": _prose(SECTION_MAX)},
}

#: What the fields are called in messages (English msgids), by table and column; a column
#: not listed here is named as in :data:`COMMON_LABELS`.
LABELS: dict[str, dict[str, str]] = {
    "enterprise": {
        "name_zh": N_("Chinese name"), "name_en": N_("English name"),
        "uscc": N_("Unified social credit code"), "legal_rep": N_("Legal representative"),
        "registered_capital_currency": N_("Currency of registered capital"),
        "province_code": N_("Province"), "city_code": N_("City"),
        "city_zh": N_("City (Chinese)"), "city_en": N_("City (English)"),
        "address_zh": N_("Address (Chinese)"), "address_en": N_("Address (English)"),
        "industry": N_("Industry"), "business_scope_zh": N_("Business scope (Chinese)"),
        "business_scope_en": N_("Business scope (English)"), "website": N_("Website"),
        "description_zh": N_("Description (Chinese)"),
        "description_en": N_("Description (English)"),
        "registered_capital_fen": N_("Registered capital"),
        "revenue_fen": N_("Operating revenue"), "total_assets_fen": N_("Total assets"),
        "rd_expense_fen": N_("R&D expense"), "employees": N_("Employees"),
        "rd_staff": N_("R&D staff"), "digitalisation_level": N_("Digitalisation level"),
        "main_business_share": N_("Main-business revenue share"),
        "export_markets": N_("Export markets"), "target_countries": N_("Target countries"),
        "tags": N_("Tags"),
    },
    "srdi_title": {"batch": N_("Batch"), "notes": N_("Notes"),
                   "revocation_reason": N_("Reason for revocation")},
    "enterprise_year": {
        "year": N_("Year"), "operating_revenue_fen": N_("Operating revenue"),
        "main_business_revenue_fen": N_("Main-business revenue"), "rd_expense_fen": N_("R&D expense"),
        "net_profit_fen": N_("Net profit"), "total_assets_fen": N_("Total assets"),
        "total_liabilities_fen": N_("Total liabilities"),
        "equity_financing_fen": N_("New equity financing (qualified investors)"),
        "employees": N_("Employees"), "rd_staff": N_("R&D staff"),
        "class1_ip": N_("Class I IP (valid, for the leading product)"),
        "class2_ip": N_("Class II IP"), "years_in_segment": N_("Years in the market segment"),
        "domestic_market_share_pct": N_("Domestic market share (%)"),
    },
    "contact": {"name": N_("Full name"), "role": N_("Role"), "phone": N_("Telephone"),
                "email": N_("E-mail"), "languages": N_("Languages"), "notes": N_("Notes")},
    "zone": {
        "name_zh": N_("Chinese name"), "name_en": N_("English name"),
        "partner_label_zh": N_("Partner label (Chinese)"),
        "partner_label_en": N_("Partner label (English)"),
        "province_code": N_("Province"), "province_zh": N_("Province (Chinese)"),
        "province_en": N_("Province (English)"), "city_zh": N_("City (Chinese)"),
        "city_en": N_("City (English)"), "batch": N_("Batch"),
        "management_body": N_("Management body"), "website": N_("Website"),
        "recognised_year": N_("Recognised in"), "valid_until_year": N_("Valid until"),
        "focus_industries_zh": N_("Focus industries (Chinese)"),
        "focus_industries_en": N_("Focus industries (English)"), "contacts": N_("Contacts"),
        "source": N_("Sources"), "confidence": N_("Confidence note"),
        "partner_countries": N_("Partner countries"),
    },
    "event": {"name_zh": N_("Chinese name"), "name_en": N_("English name"),
              "place_zh": N_("Place (Chinese)"), "place_en": N_("Place (English)"),
              "partner_country": N_("Partner country"), "kind": N_("Kind")},
    "event_participation": {"contacts_made": N_("Contacts made"),
                            "agreements": N_("Agreements"), "amount_fen": N_("Amount")},
    "application": {"title_zh": N_("Title (Chinese)"), "title_en": N_("Title (English)"),
                    "country": N_("Target country"), "reference_no": N_("Reference no."),
                    "template_key": N_("Template")},
    "application_section": {"zh": N_("Chinese text"), "en": N_("English text")},
    "qa_ignore": {"reason": N_("Reason")},
    "glossary_term": {"zh": N_("Chinese term"), "en": N_("English term"), "note": N_("Notes")},
    "attachment": {"original_name": N_("File name"), "note": N_("Notes")},
    "tm_unit": {"zh": N_("Chinese text"), "en": N_("English text")},
}
COMMON_LABELS: dict[str, str] = {"notes": N_("Notes"), "outcome": N_("Outcome")}


def limit(entity: str, field: str) -> Limit | None:
    return FIELDS.get(entity, {}).get(field)


def max_chars(entity: str, field: str) -> int | None:
    """The most characters ``entity.field`` holds (None if it is not a limited text)."""
    found = limit(entity, field)
    return found.max if isinstance(found, Text) else None


def label(entity: str, field: str) -> str:
    """The English msgid naming the field (the column name if it has none)."""
    return LABELS.get(entity, {}).get(field) or COMMON_LABELS.get(field) or field


# ------------------------------------------------------------------ checking values


def _number(value: int | Decimal) -> str:
    return f"{value:,}"


def _shown_value(value: Any) -> str:
    text = _number(value) if isinstance(value, int | Decimal) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _error(entity: str, field: str, msgid: str, **params: Any) -> FieldError:
    return FieldError(field, Message(msgid, {"field": Message(label(entity, field)), **params}))


def text_problem(entity: str, field: str, value: str, kind: str | None = NAME,
                 max_len: int | None = None, *, lenient: bool = False) -> FieldError | None:
    """What is wrong with the text ``value`` (None if nothing): a lone surrogate anywhere,
    a control character in a ``NAME``, more than ``max_len`` characters (``lenient``: not
    counting surrounding white space, which the services trim)."""
    bad = controls.find_surrogate(value)
    if bad is not None:
        return _error(entity, field, MSG_SURROGATE, position=bad + 1)
    offset = 0
    if lenient:  # what the services will keep
        offset = len(value) - len(value.lstrip())
        value = value.strip()
    if kind == NAME:
        bad = controls.find_forbidden_in_name(value)
        if bad is not None:
            return _error(entity, field, MSG_CONTROL, char=controls.describe(value[bad]),
                          position=offset + bad + 1)
    if max_len is not None and len(value) > max_len:
        return _error(entity, field, MSG_TOO_LONG, max=_number(max_len),
                      count=_number(len(value)))
    return None


def _number_problem(entity: str, field: str, value: Any, spec: Number) -> FieldError | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None  # not a number: the model's own validation reports it
    if isinstance(value, Decimal) and not value.is_finite():
        return _error(entity, field, MSG_NOT_FINITE)
    if not spec.min <= value <= spec.max:
        if spec.unit == "fen":
            yuan = value // 100 if value % 100 == 0 else Decimal(value) / 100
            return _error(entity, field, MSG_MONEY_RANGE, min=_number(spec.min // 100),
                          max=_number(spec.max // 100), value=_shown_value(yuan))
        msgid = MSG_YEAR_RANGE if spec.unit == "year" else MSG_RANGE
        low, high = (str(spec.min), str(spec.max)) if spec.unit == "year" else (
            _number(spec.min), _number(spec.max))
        return _error(entity, field, msgid, min=low, max=high, value=_shown_value(value))
    if isinstance(value, Decimal) and value != value.quantize(Decimal(1).scaleb(-spec.places)):
        return _error(entity, field, MSG_PLACES, places=spec.places)
    return None


def _items_problem(entity: str, field: str, value: Any, spec: Items, lenient: bool
                   ) -> FieldError | None:
    if not isinstance(value, list | tuple):
        return None
    if len(value) > spec.max:
        return _error(entity, field, MSG_TOO_MANY, max=_number(spec.max), count=_number(len(value)))
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            continue
        problem = text_problem(entity, field, item, NAME, None, lenient=lenient)
        if problem is not None:
            return problem
        if "," in item and not lenient:  # stored as ",a,b," (models.types.DelimitedList)
            return _error(entity, field, MSG_ITEM_COMMA, number=number)
        count = len(item.strip()) if lenient else len(item)
        if count > spec.item_max:
            return _error(entity, field, MSG_ITEM_TOO_LONG, max=_number(spec.item_max),
                          number=number, count=_number(count))
    return None


def _int64_problem(entity: str, field: str, value: Any) -> FieldError | None:
    if isinstance(value, int) and not isinstance(value, bool) and not (
            INT64_MIN <= value <= INT64_MAX):
        return _error(entity, field, MSG_RANGE, min=_number(INT64_MIN), max=_number(INT64_MAX),
                      value=_shown_value(value))
    return None


def problem(entity: str, field: str, value: Any, *, lenient: bool = False) -> FieldError | None:
    """What is wrong with ``value`` for ``entity.field`` (None if nothing or not limited).

    Any text is checked for lone surrogates and any integer against SQLite's range, even in
    a field without a limit of its own."""
    if value is None:
        return None
    spec = limit(entity, field)
    if isinstance(spec, Text) and isinstance(value, str):
        return text_problem(entity, field, value, spec.kind, spec.max, lenient=lenient)
    if isinstance(spec, Number):
        return _number_problem(entity, field, value, spec)
    if isinstance(spec, Items):
        return _items_problem(entity, field, value, spec, lenient)
    if isinstance(value, str):
        return text_problem(entity, field, value, kind=None)
    return _int64_problem(entity, field, value)


def problems(entity: str, values: Mapping[str, Any], *, lenient: bool = False
             ) -> list[FieldError]:
    """Every field of ``values`` over its limit (at most one problem per field)."""
    found = (problem(entity, name, value, lenient=lenient) for name, value in values.items())
    return [p for p in found if p is not None]


def enforce(entity: str, values: Mapping[str, Any], *, lenient: bool = False,
            numbers: bool = True) -> None:
    """Raise ValidationError listing every field of ``values`` over its limit.

    ``lenient``: for raw input that the services will still trim (surrounding white space
    does not count towards a length, and a tab or newline that trimming removes is fine).
    ``numbers=False`` leaves numbers to the service's own checks, which report them together
    with the other problems of the form (the write guard still checks them)."""
    found = problems(entity, values, lenient=lenient)
    if not numbers:
        found = [e for e in found if not isinstance(limit(entity, e.field), Number)
                 and e.message.msgid != MSG_RANGE]
    if found:
        raise ValidationError(found)


def entity_of(model: type) -> str | None:
    """The table an input model (``EnterpriseCreate``, ``ZoneUpdate``…) writes to."""
    table = getattr(model, "__tablename__", None)
    if isinstance(table, str) and table in FIELDS:
        return table
    name = model.__name__
    for suffix in ("Create", "Update", "Base", "Read"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return _TABLE_NAMES.get(name)


_TABLE_NAMES = {
    "Enterprise": "enterprise", "SrdiTitle": "srdi_title", "Contact": "contact",
    "Interaction": "interaction", "Zone": "zone", "ZoneLink": "zone_link", "Event": "event",
    "Participation": "event_participation", "Application": "application",
    "GlossaryTerm": "glossary_term", "Attachment": "attachment",
    "EnterpriseYear": "enterprise_year", "SrdiTitleEvent": "srdi_title_event",
}


# ------------------------------------------------------------------ the write guard

_columns: dict[type, tuple[str, ...]] = {}
_installed = threading.Lock()
_guard_on = False


def _column_names(cls: type) -> tuple[str, ...]:
    names = _columns.get(cls)
    if names is None:
        table = getattr(cls, "__table__", None)
        names = tuple(c.key for c in table.columns) if table is not None else ()
        _columns[cls] = names
    return names


def row_problems(obj: Any, fields: Iterable[str] | None = None) -> list[FieldError]:
    """The problems of an ORM row about to be written (``fields``: only these columns)."""
    entity = getattr(obj, "__tablename__", None)
    if not isinstance(entity, str):
        return []
    state = obj.__dict__
    names = _column_names(type(obj)) if fields is None else fields
    found = (problem(entity, name, state.get(name)) for name in names)
    return [p for p in found if p is not None]


def _before_flush(session: Any, _context: Any, _instances: Any) -> None:
    from sqlalchemy import inspect

    errors: list[FieldError] = []
    for obj in session.new:
        errors += row_problems(obj)
    for obj in session.dirty:
        attrs = inspect(obj).attrs
        changed = [name for name in _column_names(type(obj))
                   if name in attrs and attrs[name].history.has_changes()]
        if changed:
            errors += row_problems(obj, changed)
    if errors:
        raise ValidationError(errors)


def install_guard() -> None:
    """Check every row before the ORM writes it (once per process; see the module docstring)."""
    global _guard_on
    with _installed:
        if _guard_on:
            return
        from sqlalchemy import event
        from sqlmodel import Session

        event.listen(Session, "before_flush", _before_flush)
        _guard_on = True


__all__ = ["FIELDS", "LABELS", "MONEY_MAX_FEN", "NAME", "PROSE", "SEARCH_MAX", "SECTION_MAX",
           "Items", "Number", "Text", "enforce", "entity_of", "install_guard", "label", "limit",
           "max_chars", "problem", "problems", "row_problems", "text_problem"]
