"""Input validation shared by the services, the UI and the importers.

Two kinds of function live here:

* **USCC** (统一社会信用代码, GB 32100-2015): :func:`normalize_uscc` cleans and checks a
  code and raises :class:`~coop_desktop.errors.ValidationError` (field ``"uscc"``);
  :func:`uscc_check_char` and :func:`is_valid_uscc` are the building blocks.
  :func:`uscc_warnings` then says what makes a well-formed code implausible (unknown
  authority or category, region, zeros, the embedded organisation code's check
  character): warnings to show, never a reason to refuse.
* **Field checks** ``check_*(field, value, ...)`` return a
  :class:`~coop_desktop.errors.FieldError` or ``None``, so that a service can collect
  every problem of a form and raise one ``ValidationError(errors)``. Unless stated
  otherwise an empty value (``None`` or ``""``) passes: combine with
  :func:`check_required` for mandatory fields.

Every message is an English msgid marked with ``N_`` and rendered later.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_

# --------------------------------------------------------------------------- USCC

USCC_FIELD = "uscc"
USCC_LENGTH = 18
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100; a character's value is its index (A=10 … Y=30)."""

_USCC_VALUES = {ch: i for i, ch in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, ...

MSG_USCC_EMPTY = N_("Enter the unified social credit code.")
MSG_USCC_LENGTH = N_(
    "A unified social credit code has 18 characters; {count} were entered."
)
MSG_USCC_CHAR = N_(
    "“{char}” (position {position}) cannot appear in a unified social credit code. "
    "Only digits and capital letters are used, and the letters I, O, S, V and Z never appear."
)
MSG_USCC_REGION = N_(
    "Characters 3 to 8 of a unified social credit code are the region code and must be "
    "digits; “{region}” was entered."
)
MSG_USCC_CHECK = N_(
    "The last character of this unified social credit code should be “{expected}”, "
    "not “{actual}”. Please check the code for typing errors."
)


def _clean_uscc(text: str) -> str:
    """NFKC-normalise, drop every whitespace character, upper-case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace()).upper()


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a code.

    ``first17`` must be exactly 17 characters from :data:`USCC_CHARSET` (upper case,
    already normalised); otherwise ``ValueError``. Algorithm: weights 3^(i-1) mod 31,
    C18 = 31 − (Σ value × weight mod 31), with 31 mapped to 0.
    """
    if len(first17) != 17 or any(ch not in _USCC_VALUES for ch in first17):
        raise ValueError(f"expected 17 characters from {USCC_CHARSET!r}, got {first17!r}")
    total = sum(_USCC_VALUES[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalize_uscc(text: str) -> str:
    """Return the canonical form of a USCC, or raise ``ValidationError`` (field "uscc").

    Normalisation: Unicode NFKC (full-width ``９１Ａ`` → ``91A``), then every whitespace
    character is removed — leading, trailing *and* internal, so ``9135 0100 M000…``
    is accepted — then upper-case. Nothing else is removed: a hyphen or other
    punctuation is reported as an invalid character, because such input is more
    likely a different identifier than a formatted USCC.

    Checks, in this order, each with its own message: empty; a character outside the
    GB 32100 set (the first one is named); length 18 (the count is given); positions
    3–8 are digits; the check character (the expected one is named).
    """
    code = _clean_uscc(text or "")
    if not code:
        raise ValidationError.single(USCC_FIELD, MSG_USCC_EMPTY)
    for position, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUES:
            raise ValidationError.single(USCC_FIELD, MSG_USCC_CHAR, char=ch, position=position)
    if len(code) != USCC_LENGTH:
        raise ValidationError.single(USCC_FIELD, MSG_USCC_LENGTH, count=len(code))
    region = code[2:8]
    if not region.isdigit():
        raise ValidationError.single(USCC_FIELD, MSG_USCC_REGION, region=region)
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError.single(
            USCC_FIELD, MSG_USCC_CHECK, expected=expected, actual=code[17]
        )
    return code


def is_valid_uscc(text: object) -> bool:
    """True if :func:`normalize_uscc` accepts ``text`` (``False`` for non-strings)."""
    if not isinstance(text, str):
        return False
    try:
        normalize_uscc(text)
    except ValidationError:
        return False
    return True


# ------------------------------------------------------------------ USCC plausibility

MSG_USCC_ALL_ZERO = N_(
    "This unified social credit code consists of zeros only: it is a placeholder, not the "
    "code of an organisation. Please enter the code from the business licence."
)
MSG_USCC_AUTHORITY = N_(
    "The first character of this unified social credit code, “{char}”, is not a registration "
    "authority code that Coop Desktop knows. Please check the code."
)
MSG_USCC_CATEGORY = N_(
    "The second character of this unified social credit code, “{char}”, is not an "
    "organisation category that Coop Desktop knows for registration authority code "
    "“{authority}”. Please check the code."
)
MSG_USCC_PROVINCE = N_(
    "Characters 3 to 8 of this unified social credit code, “{region}”, do not begin with the "
    "code of a province (GB/T 2260). Please check the code."
)
MSG_USCC_PREFECTURE = N_(
    "Characters 3 to 8 of this unified social credit code, “{region}”, name no city or "
    "prefecture of that province (GB/T 2260, including those merged or renamed since 2015). "
    "Please check the code."
)
MSG_USCC_ZERO_BODY = N_(
    "Characters 9 to 17 of this unified social credit code, the organisation code, are all "
    "zeros. Please check the code."
)
MSG_USCC_ORG_CHECK = N_(
    "Character 17 of this unified social credit code checks the organisation code before it "
    "and should be “{expected}”, not “{actual}”. Please check the code."
)

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUES = {ch: int(ch, 36) for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ORG_CHECK = "0123456789X0"  # index 11 − (Σ mod 11): 10 is written "X", 11 is written "0"


def org_code_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body.

    Values: digits as themselves, letters A=10 … Z=35; weights 3, 7, 9, 10, 5, 8, 4, 2;
    C = 11 − (Σ mod 11), with 10 written "X" and 11 written "0". ``ValueError`` unless
    ``body`` is 8 digits or capital letters.
    """
    if len(body) != 8 or not _ORG_VALUES.keys() >= set(body):
        raise ValueError(f"expected 8 digits or capital letters, got {body!r}")
    total = sum([_ORG_VALUES[ch] * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True)])
    return _ORG_CHECK[11 - total % 11]


def uscc_warnings(text: str) -> list[Message]:
    """What makes a well-formed code implausible, as messages to show — never a refusal.

    ``text`` is anything :func:`normalize_uscc` takes; a code it refuses has no warnings
    here (its errors say what is wrong). Checked, after the check character passed:

    * a code of zeros only (one message, nothing else is said about it);
    * position 1, the registration authority, and position 2, its organisation category,
      against the table in ``resources/regions/uscc.json`` (an open set: unknown is only
      unusual);
    * positions 3-8, the registration authority's region: the province, and the prefecture
      level, must exist in GB/T 2260 (abolished ones since 2015 included; county-level
      codes themselves are not checked: see :mod:`coop_desktop.reference.uscc`);
    * positions 9-17, the organisation code, all zeros;
    * position 17, the check character of the embedded organisation code (GB 11714).
    """
    from coop_desktop.reference import uscc

    try:
        code = normalize_uscc(text)
    except ValidationError:
        return []
    if code == "0" * USCC_LENGTH:
        return [Message(MSG_USCC_ALL_ZERO)]
    out: list[Message] = []
    known = uscc.authority(code[0])
    if known is None:
        out.append(Message(MSG_USCC_AUTHORITY, {"char": code[0]}))
    elif code[1] not in known.categories:
        out.append(Message(MSG_USCC_CATEGORY, {"char": code[1], "authority": code[0]}))
    problem = uscc.region_problem(code[2:8])
    if problem is not None:
        msgid = MSG_USCC_PROVINCE if problem == "province" else MSG_USCC_PREFECTURE
        out.append(Message(msgid, {"region": code[2:8]}))
    if code[8:17] == "0" * 9:
        out.append(Message(MSG_USCC_ZERO_BODY))
    else:
        expected = org_code_check_char(code[8:16])
        if code[16] != expected:
            out.append(Message(MSG_USCC_ORG_CHECK, {"expected": expected, "actual": code[16]}))
    return out


# ------------------------------------------------------------------ field checks

MSG_REQUIRED = N_("This field is required.")
MSG_TOO_LONG = N_("Enter at most {max} characters; {count} were entered.")
MSG_NOT_A_NUMBER = N_("Enter a number.")
MSG_NEGATIVE = N_("This figure cannot be negative.")
MSG_PERCENT = N_("Enter a percentage from 0 to 100.")
MSG_FUTURE_DATE = N_("The date {date} is in the future.")
MSG_DATE_ORDER = N_("The end date {end} is before the start date {start}.")
MSG_EMAIL = N_("“{value}” is not a valid e-mail address.")
MSG_URL = N_("“{value}” is not a valid web address. Use a form such as https://www.example.com.")
MSG_PHONE = N_(
    "“{value}” is not a valid telephone number. Use digits, spaces, + - ( ) and "
    "an optional extension such as “ext. 123”."
)
MSG_COUNTRY = N_("Not an ISO 3166-1 country code: {codes}.")
MSG_REGION = N_("“{code}” is not a known administrative division code (GB/T 2260).")


def _error(field: str, msgid: str, **params: Any) -> FieldError:
    return FieldError(field, Message(msgid, params))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: int | Decimal) -> Decimal | None:
    """``Decimal`` for int/Decimal (finite only), ``None`` for anything unusable.

    Floats are a programming error (money is never float) and raise ``TypeError``.
    """
    if isinstance(value, float):
        raise TypeError("pass int or Decimal, not float")
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    number = Decimal(value)
    return number if number.is_finite() else None


def check_required(field: str, value: object) -> FieldError | None:
    """Error if ``value`` is ``None``, a blank string or an empty collection."""
    if _is_blank(value) or (isinstance(value, list | tuple | set | frozenset | dict) and not value):
        return _error(field, MSG_REQUIRED)
    return None


def check_length(field: str, value: str | None, max_len: int) -> FieldError | None:
    """Error if ``value`` has more than ``max_len`` characters (``None`` passes)."""
    if value is not None and len(value) > max_len:
        return _error(field, MSG_TOO_LONG, max=max_len, count=len(value))
    return None


def check_non_negative(field: str, value: int | Decimal | None) -> FieldError | None:
    """Error if ``value`` is below zero or not a finite number (``None`` passes)."""
    if value is None:
        return None
    number = _decimal(value)
    if number is None:
        return _error(field, MSG_NOT_A_NUMBER)
    if number < 0:
        return _error(field, MSG_NEGATIVE)
    return None


def check_percent(field: str, value: int | Decimal | None) -> FieldError | None:
    """Error unless 0 ≤ ``value`` ≤ 100 (inclusive; ``None`` passes)."""
    if value is None:
        return None
    number = _decimal(value)
    if number is None:
        return _error(field, MSG_NOT_A_NUMBER)
    if not 0 <= number <= 100:
        return _error(field, MSG_PERCENT)
    return None


def check_not_future(field: str, d: date | None, today: date) -> FieldError | None:
    """Error if ``d`` is after ``today`` (``today`` itself is fine; ``None`` passes)."""
    if d is not None and d > today:
        return _error(field, MSG_FUTURE_DATE, date=d.isoformat())
    return None


def check_date_order(field: str, start: date | None, end: date | None) -> FieldError | None:
    """Error (on ``field``, usually the end field) if ``end`` is before ``start``.

    Equal dates pass; if either date is ``None`` there is nothing to compare.
    """
    if start is not None and end is not None and end < start:
        return _error(field, MSG_DATE_ORDER, start=start.isoformat(), end=end.isoformat())
    return None


_EMAIL_RE = re.compile(
    r"^[^@\s\"(),:;<>\[\\\]]+@"  # local part: no spaces or specials, no quoting
    r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"  # domain labels (Unicode allowed)
    r"(?:[^\W\d_]{2,}|xn--[a-z0-9-]{2,})$",  # top-level domain
    re.IGNORECASE,
)

_HOST = r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]{2,})"
_URL_RE = re.compile(
    rf"^(?:https?://)?{_HOST}(?::\d{{1,5}})?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)


def check_email(field: str, value: str | None) -> FieldError | None:
    """Pragmatic e-mail check: ``local@domain.tld``, no spaces, ≤ 254 characters.

    ``None`` and ``""`` pass. Internationalised domains are accepted.
    """
    if _is_blank(value):
        return None
    assert value is not None
    text = value.strip()
    if len(text) > 254 or text.count("@") != 1 or not _EMAIL_RE.match(text):
        return _error(field, MSG_EMAIL, value=text)
    return None


def check_url(field: str, value: str | None) -> FieldError | None:
    """Accept ``http://`` / ``https://`` URLs or a bare domain (``www.example.com/x``).

    The host must contain a dot and end in a top-level domain; other schemes
    (``ftp:``, ``javascript:``, ``mailto:``) are rejected. ``None``/``""`` pass.
    """
    if _is_blank(value):
        return None
    assert value is not None
    text = value.strip()
    if "://" in text and not text.lower().startswith(("http://", "https://")):
        return _error(field, MSG_URL, value=text)
    if not _URL_RE.match(text):
        return _error(field, MSG_URL, value=text)
    return None


_PHONE_RE = re.compile(
    r"^\+?[\d\s()\-]+?"
    r"(?:\s*(?:ext\.?|extension|x|转|分机)\s*\d{1,6})?$",
    re.IGNORECASE,
)


def check_phone(field: str, value: str | None) -> FieldError | None:
    """Telephone numbers: digits, spaces, ``+`` (leading only), ``-``, ``( )``.

    An extension may follow as ``ext 12``, ``ext. 12``, ``x12`` or ``转12``. The main
    number must contain 5 to 20 digits. Full-width characters are accepted (NFKC).
    ``None``/``""`` pass.
    """
    if _is_blank(value):
        return None
    assert value is not None
    text = unicodedata.normalize("NFKC", value).strip()
    match = _PHONE_RE.match(text)
    main = re.split(r"(?i)ext|x|转|分机", text)[0]
    digits = sum(ch.isdigit() for ch in main)
    if not match or not 5 <= digits <= 20 or main.count("(") != main.count(")"):
        return _error(field, MSG_PHONE, value=value.strip())
    return None


def check_country_codes(field: str, codes: Iterable[str] | None) -> FieldError | None:
    """Error naming every code that is not a known upper-case ISO 3166-1 alpha-2 code.

    ``None`` and an empty list pass.
    """
    if codes is None:
        return None
    if isinstance(codes, str):  # one code, not an iterable of characters
        codes = [codes]
    from coop_desktop.reference.countries import is_country

    bad = [str(c) for c in codes if not is_country(c)]
    if bad:
        return _error(field, MSG_COUNTRY, codes=", ".join(bad))
    return None


def check_region_code(field: str, code: str | None) -> FieldError | None:
    """Error unless ``code`` is a province or prefecture code in the bundled GB/T 2260 list.

    ``None``/``""`` pass. County-level codes are not in the list and are rejected.
    """
    if _is_blank(code):
        return None
    from coop_desktop.reference.regions import lookup

    if lookup(code) is None:
        return _error(field, MSG_REGION, code=str(code))
    return None
