"""How a dossier package and its import plan are described to a person (the command line and
the import dialog share these): field names, values, who made the package and when."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from coop_desktop import controls, limits
from coop_desktop.exchange.package_plan import TITLES, ImportPlan, Package
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_amount, format_date, format_datetime, format_decimal
from coop_desktop.models import LABELS

#: Names of the fields an import can change (msgids).
FIELD_LABELS: dict[str, str] = {
    **limits.LABELS["enterprise"],
    "legal_form": N_("Legal form"),
    "established_on": N_("Established on"),
    TITLES: N_("SRDI titles"),
}
#: The longest value shown (characters); the rest is "…".
VALUE_MAX = 160


def field_label(name: str, tr: Translator) -> str:
    return tr.gettext(FIELD_LABELS.get(name, name))


def _label(value: Any, tr: Translator) -> str:
    raw = str(getattr(value, "value", value))
    msgid = LABELS.get(raw)
    return tr.gettext(msgid) if msgid else raw


def title_text(title: dict[str, Any], tr: Translator) -> str:
    """``SRDI SME (Provincial, Jan 10, 2023)`` / ``专精特新中小企业（省级，2023年1月10日）``."""
    parts = [_label(title.get("level"), tr)]
    if title.get("granted_on"):
        parts.append(format_date(title["granted_on"], tr))
    if title.get("batch"):
        parts.append(str(title["batch"]))
    if tr.language.startswith("zh"):
        return f"{_label(title.get('tier'), tr)}（{'，'.join(parts)}）"
    return f"{_label(title.get('tier'), tr)} ({', '.join(parts)})"


def value_text(name: str, value: Any, tr: Translator) -> str:
    """A field's value for display: "—" for none, money in yuan, labels translated,
    control characters shown, long text cut."""
    if value is None or value == "" or value == []:
        return "—"
    if name == TITLES:
        text = "; ".join(title_text(t, tr) for t in value)
    elif name == "registered_capital_fen" and isinstance(value, int):
        text = format_decimal(Decimal(value) / 100, tr, 2)  # (its currency is another field)
    elif name.endswith("_fen") and isinstance(value, int):
        text = format_amount(value, tr)  # the app's one money format: 590万元 / CNY 5.9 million
    elif isinstance(value, Decimal):
        text = format_decimal(value, tr) + ("%" if name == "main_business_share" else "")
    elif isinstance(value, datetime):
        text = format_datetime(value, tr)
    elif isinstance(value, date):
        text = format_date(value, tr)
    elif isinstance(value, list):
        text = ("、" if tr.language.startswith("zh") else ", ").join(str(v) for v in value)
    elif name == "legal_form":
        text = _label(value, tr)
    else:
        text = str(value)
    text = controls.visible(" ".join(text.split()))
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def when_text(moment: datetime | None, tr: Translator) -> str:
    return format_datetime(moment, tr) if moment is not None else "—"


def made_by_text(package: Package, tr: Translator) -> str:
    """``李明, 深圳市中小企业服务局`` (the officer and organisation in the package, else the
    audit name), or "—"."""
    made = package.made_by
    organisation = made.get("organisation_zh") if tr.language.startswith("zh") else \
        made.get("organisation_en")
    organisation = organisation or made.get("organisation_zh") or made.get("organisation_en")
    person = made.get("officer") or made.get("actor")
    parts = [controls.visible(p) for p in (person, organisation) if p]
    return ("，" if tr.language.startswith("zh") else ", ").join(parts) or "—"


def status_text(plan: ImportPlan, tr: Translator) -> str:
    from coop_desktop.services.application_common import status_label

    return status_label(plan.application["status"], tr)
