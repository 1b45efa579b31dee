"""Which column of a file goes into which field: the import mapping.

A :class:`Mapping` has one :class:`ColumnMap` per column of the file (in file order): its
header, its :data:`~coop_desktop.exchange.fields.TARGETS` key or None (not imported) and,
for money, its unit (:data:`~coop_desktop.exchange.fields.UNITS`). The UI shows it as a
table and edits it with :meth:`Mapping.assign` (a target goes to one column at most) and
:meth:`Mapping.set_unit`; :meth:`Mapping.problems` says what stops an import.

* :func:`auto_map` ``(headers)`` — recognises the headers (:func:`fields.match_header`);
  the first column naming a target gets it; money units come from the headers.
* JSON (``--mapping FILE``; :func:`save_mapping`, :func:`load_mapping`)::

      {"format": "coop-desktop-import-mapping", "version": 1,
       "columns": [{"header": "企业名称", "target": "name_zh"},
                   {"header": "注册资本", "target": "registered_capital_fen", "unit": "ten_thousand"},
                   {"header": "备注", "target": null}]}

  Columns are found by header text (spaces and case ignored), so a mapping also fits a file
  whose columns are in another order; a column the file names nowhere is mapped
  automatically, ``"target": null`` leaves a column out.
* :func:`remember_mapping` / :func:`recall_mapping` — the last mapping used for a set of
  headers, kept in the user's config folder (``import-mappings.json``, at most
  :data:`REMEMBERED` header sets, written atomically and privately).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coop_desktop import paths
from coop_desktop.errors import CoopError, Message
from coop_desktop.exchange import fields
from coop_desktop.exchange.reading import column_letter
from coop_desktop.fileio import atomic_write
from coop_desktop.i18n.catalog import N_

FORMAT = "coop-desktop-import-mapping"
VERSION = 1
REMEMBERED = 50
STORE_NAME = "import-mappings.json"
MAPPING_MAX_BYTES = 1024 * 1024

MSG_NO_USCC = N_("No column is mapped to the unified social credit code: rows are matched by it. "
                 "Choose the column that holds it.")
MSG_NOTHING = N_("Apart from the unified social credit code no column is mapped: there is "
                 "nothing to import.")
MSG_MAPPING_FILE = N_("The mapping file “{name}” cannot be used: {reason}")
MSG_MAPPING_TARGET = N_("the field “{target}” does not exist")
MSG_MAPPING_UNIT = N_("the unit “{unit}” does not exist")
MSG_MAPPING_FORMAT = N_("it is not a mapping saved by Coop Desktop")


@dataclass
class ColumnMap:
    """One column: ``index`` (0-based), ``header`` as in the file, ``target`` (a key of
    ``fields.TARGETS`` or None), ``unit`` (a key of ``fields.UNITS`` for money; None:
    yuan), ``auto`` (set by :func:`auto_map`, cleared when a person changes it)."""

    index: int
    header: str
    target: str | None = None
    unit: str | None = None
    auto: bool = False

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def unit_fen(self) -> int:
        """Fen per unit of a bare number in this column."""
        return fields.UNITS[self.unit][0] if self.unit else 100


@dataclass
class Mapping:
    columns: list[ColumnMap] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def by_target(self) -> dict[str, ColumnMap]:
        return {c.target: c for c in self.columns if c.target}

    def column(self, index: int) -> ColumnMap:
        return self.columns[index]

    def assign(self, index: int, target: str | None) -> None:
        """Map column ``index`` to ``target`` (None: leave it out). A column that had the
        target loses it; a money target gets the unit its header states."""
        if target is not None and target not in fields.TARGETS:
            raise KeyError(target)
        for other in self.columns:
            if target is not None and other.target == target and other.index != index:
                other.target, other.unit, other.auto = None, None, False
        column = self.columns[index]
        column.target, column.auto = target, False
        money = target is not None and fields.TARGETS[target].money
        column.unit = fields.header_unit(column.header) if money else None

    def set_unit(self, index: int, unit: str | None) -> None:
        if unit is not None and unit not in fields.UNITS:
            raise KeyError(unit)
        self.columns[index].unit = unit

    def problems(self) -> list[Message]:
        """What stops an import with this mapping (empty: it can run)."""
        targets = self.by_target()
        if "uscc" not in targets:
            return [Message(MSG_NO_USCC)]
        if len(targets) == 1:
            return [Message(MSG_NOTHING)]
        return []

    def check(self) -> None:
        """Raise the first of :meth:`problems` as a CoopError."""
        found = self.problems()
        if found:
            raise CoopError(found[0].msgid, **found[0].params)

    # -- JSON
    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "columns": [
            {"header": c.header, "column": c.letter, "target": c.target,
             **({"unit": c.unit} if c.unit else {})} for c in self.columns]}

    @property
    def key(self) -> str:
        """Identifies the set of headers (for :func:`remember_mapping`)."""
        text = "\n".join(_norm(h) for h in self.headers)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _norm(header: str) -> str:
    return " ".join(header.split()).casefold()


def auto_map(headers: list[str]) -> Mapping:
    """A mapping from the headers alone (see the module docstring)."""
    mapping = Mapping([ColumnMap(i, h) for i, h in enumerate(headers)])
    taken: set[str] = set()
    for column in mapping.columns:
        target = fields.match_header(column.header)
        if target is None or target in taken:
            continue
        taken.add(target)
        column.target, column.auto = target, True
        if fields.TARGETS[target].money:
            column.unit = fields.header_unit(column.header)
    return mapping


def mapping_from_json(data: Any, headers: list[str], *, name: str = "") -> Mapping:
    """Apply a mapping read from JSON to a file with ``headers`` (see the module docstring)."""

    def bad(reason: str | Message) -> CoopError:
        return CoopError(MSG_MAPPING_FILE, name=name, reason=reason if isinstance(reason, Message)
                         else Message(reason))

    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(
            data.get("columns"), list):
        raise bad(MSG_MAPPING_FORMAT)
    wanted: dict[str, list[dict[str, Any]]] = {}
    for entry in data["columns"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("header"), str):
            raise bad(MSG_MAPPING_FORMAT)
        target, unit = entry.get("target"), entry.get("unit")
        if target is not None and target not in fields.TARGETS:
            raise bad(Message(MSG_MAPPING_TARGET, {"target": str(target)}))
        if unit is not None and unit not in fields.UNITS:
            raise bad(Message(MSG_MAPPING_UNIT, {"unit": str(unit)}))
        wanted.setdefault(_norm(entry["header"]), []).append(entry)
    mapping = auto_map(headers)
    for column in mapping.columns:
        entries = wanted.get(_norm(column.header))
        if entries:
            entry = entries.pop(0)
            mapping.assign(column.index, entry.get("target"))
            if entry.get("unit") is not None:
                column.unit = entry["unit"]
    return mapping


def save_mapping(mapping: Mapping, path: str | Path) -> Path:
    """Write ``mapping`` as JSON (atomically, readable by the user only)."""
    target = Path(path)
    atomic_write(target, json.dumps(mapping.to_json(), ensure_ascii=False, indent=2) + "\n")
    return target


def load_mapping(path: str | Path, headers: list[str]) -> Mapping:
    """The mapping saved in ``path``, applied to a file with ``headers``."""
    source = Path(path)
    try:
        if source.stat().st_size > MAPPING_MAX_BYTES:
            raise CoopError(MSG_MAPPING_FILE, name=source.name, reason=Message(MSG_MAPPING_FORMAT))
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise CoopError(MSG_MAPPING_FILE, name=source.name,
                        reason=exc.strerror or type(exc).__name__) from exc
    except (ValueError, UnicodeDecodeError):
        raise CoopError(MSG_MAPPING_FILE, name=source.name,
                        reason=Message(MSG_MAPPING_FORMAT)) from None
    return mapping_from_json(data, headers, name=source.name)


def _store(folder: Path | None) -> Path:
    return (folder or paths.user_config_dir()) / STORE_NAME


def _read_store(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    found = data.get("mappings") if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def remember_mapping(mapping: Mapping, *, folder: Path | None = None) -> None:
    """Keep ``mapping`` as the one to offer next time for the same headers."""
    path = _store(folder)
    stored = _read_store(path)
    stored[mapping.key] = {**mapping.to_json(), "used": datetime.now(UTC).isoformat()}
    newest = sorted(stored.items(), key=lambda kv: str(kv[1].get("used", "")), reverse=True)
    atomic_write(path, json.dumps({"version": VERSION, "mappings": dict(newest[:REMEMBERED])},
                                  ensure_ascii=False, indent=1) + "\n")


def recall_mapping(headers: list[str], *, folder: Path | None = None) -> Mapping | None:
    """The mapping last remembered for exactly these headers, or None."""
    key = Mapping([ColumnMap(i, h) for i, h in enumerate(headers)]).key
    data = _read_store(_store(folder)).get(key)
    if data is None:
        return None
    try:
        return mapping_from_json(data, headers)
    except CoopError:
        return None


__all__ = ["ColumnMap", "Mapping", "auto_map", "load_mapping", "mapping_from_json",
           "recall_mapping", "remember_mapping", "save_mapping"]
