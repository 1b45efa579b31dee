"""The enterprise list's filters: province, industry, size class, SRDI tier, title expiry,
target country, cooperation zone + link status, characteristic SME cluster, digital-
transformation pilot city, and a tag.

Every filter is a combo whose first entry means "no filter" and names the field ("All
provinces"), so the bar needs no separate labels. It is two rows of five when that leaves
each "All …" text room (wide windows; short Chinese texts) and wraps to three or four rows
otherwise, so no text is cut off. ``changed`` is emitted when the user changes any filter
(never by ``retranslate_ui``), and ``values()`` returns the matching ``EnterpriseQuery``
keyword arguments.

The zone list is read through ``ctx.runner`` and re-read when zones change; so are the
clusters and pilot cities (``ui.widgets.programme_fields.ProgrammeLoader``). The cluster and
pilot-city filters offer "any" (linked to one) and "none" (linked to none) before the list:
"all my enterprises in a pilot city" is one choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QLineEdit, QPushButton, QSizePolicy, QStyle,
    QStyleOptionComboBox, QWidget,
)

from coop_desktop import text
from coop_desktop.models import LABELS, LinkStatus, TitleTier
from coop_desktop.reference import countries, regions
from coop_desktop.rules import INDUSTRIES, SIZE_CLASSES, industry_label, size_class_label
from coop_desktop.services.catalog import zones
from coop_desktop.services.outcome import Changes
from coop_desktop.services.programmes import Kind, ProgrammeOptions
from ui.context import AppContext
from ui.widgets.country_choice import make_searchable
from ui.widgets.elide import elide_combo
from ui.widgets.programme_fields import ProgrammeLoader, fit_popup, option_label

#: Presets of the "title expires within N days" filter.
EXPIRY_DAYS = (30, 60, 90, 180, 365)


def tier_filter_labels(tr: Any) -> dict[TitleTier, str]:
    """The tier filter's entries: the full names (``models.LABELS``), the two long ones
    shortened the one way, without “企业” / “Manufacturing” (the bar's cells are narrow;
    the popup's tooltip names them whole)."""
    return {
        TitleTier.INNOVATIVE: tr.gettext(LABELS[TitleTier.INNOVATIVE]),
        TitleTier.SRDI: tr.gettext(LABELS[TitleTier.SRDI]),
        TitleTier.LITTLE_GIANT: tr.pgettext("tier, short", "SRDI Little Giant"),
        TitleTier.SINGLE_CHAMPION: tr.pgettext("tier, short", "Single champion"),
    }


TAG_DELAY_MS = 400
#: The bar has this many columns at most, and at least (it wraps between the two).
MAX_COLUMNS, MIN_COLUMNS = 6, 3
#: Data of the cluster / pilot-city entries "linked to any" and "linked to none".
ANY, NONE = "any", "none"
#: ``values()`` keys of those two filters: (one of them, any / none)
PROGRAMME_KEYS = {"cluster": ("cluster_id", "in_cluster"),
                  "pilot": ("pilot_city_id", "in_pilot_city")}


def _fill(combo: QComboBox, all_text: str, items: Sequence[tuple[Any, str]]) -> None:
    """Replace the entries, keeping the chosen value (the "all" entry has data None)."""
    current = combo.currentData()
    with QSignalBlocker(combo):
        combo.clear()
        combo.addItem(all_text, None)
        for value, label in items:
            combo.addItem(label, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        if combo.isEditable():
            _show_start(combo)


def _show_start(combo: QComboBox) -> None:
    """An editable combo shows the start of its text, not the end (names are long)."""
    with QSignalBlocker(combo):
        combo.setEditText(combo.itemText(combo.currentIndex()))
    combo.lineEdit().setCursorPosition(0)


def _searchable(combo: QComboBox) -> None:
    """Let the user type part of a name (Chinese or English) to find an entry."""
    make_searchable(combo)

    def settle() -> None:  # typed text that names no entry: back to the chosen one
        index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            _show_start(combo)
        elif index != combo.currentIndex():
            combo.setCurrentIndex(index)

    line = combo.lineEdit()
    line.editingFinished.connect(settle)
    combo.completer().activated[str].connect(lambda _text: settle())


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("filterBar")
        self.province = QComboBox(objectName="filterProvince")
        self.industry = QComboBox(objectName="filterIndustry")
        self.size_class = QComboBox(objectName="filterSize")
        self.tier = QComboBox(objectName="filterTier")
        self.expiring = QComboBox(objectName="filterExpiring")
        self.country = QComboBox(objectName="filterCountry")
        self.zone = QComboBox(objectName="filterZone")
        self.link_status = QComboBox(objectName="filterLinkStatus")
        self.cluster = QComboBox(objectName="filterCluster")
        self.pilot = QComboBox(objectName="filterPilotCity")
        self.tag = QLineEdit(objectName="filterTag")
        self.tag.setClearButtonEnabled(True)
        self.clear_button = QPushButton(objectName="filterClear")
        self.clear_button.clicked.connect(self.clear)
        _searchable(self.country)
        _searchable(self.zone)
        _searchable(self.cluster)
        self._zones: list[Any] = []
        self._programmes = ProgrammeOptions()
        self._combos = (self.province, self.industry, self.size_class, self.tier, self.expiring,
                        self.country, self.zone, self.link_status, self.cluster, self.pilot)
        for combo in self._combos:
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.setMaxVisibleItems(20)
            combo.currentIndexChanged.connect(self._on_changed)
            if combo.isEditable():
                combo.currentIndexChanged.connect(lambda _i, c=combo: _show_start(c))
            else:  # a long province, industry or pilot city: "…", not cut off
                elide_combo(combo, tooltip=False)
        self._tag_timer = QTimer(self)
        self._tag_timer.setSingleShot(True)
        self._tag_timer.setInterval(TAG_DELAY_MS)
        self._tag_timer.timeout.connect(self._on_changed)
        self.tag.textChanged.connect(lambda _t: self._tag_timer.start())
        self.tag.returnPressed.connect(self._tag_now)
        self.tag.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        #: in reading order; laid out in ``columns`` columns
        self._cells: tuple[QWidget, ...] = (
            self.province, self.industry, self.size_class, self.tier, self.expiring,
            self.country, self.zone, self.link_status, self.cluster, self.pilot, self.tag,
            self.clear_button)
        self.columns = 0
        self._cell_width = 0
        self._arrange(MAX_COLUMNS)

        ctx.lang.changed.connect(self.retranslate_ui)
        ctx.hub.changed.connect(self._on_changes)
        self.programmes = ProgrammeLoader(ctx, self)
        self.programmes.loaded.connect(self._on_programmes)
        self.retranslate_ui()
        self.load_zones()

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        lang = tr.language
        _fill(self.province, _("All provinces"),
              [(p.code, p.name(lang)) for p in regions.provinces()])
        _fill(self.industry, _("All industries"),
              [(k, industry_label(k, lang)) for k in INDUSTRIES])
        _fill(self.size_class, _("All size classes"),
              [(k, size_class_label(k, lang)) for k in SIZE_CLASSES])
        tiers = tier_filter_labels(tr)
        _fill(self.tier, _("All SRDI tiers"), [(t.value, tiers[t]) for t in TitleTier])
        for index in range(1, self.tier.count()):  # the whole official names
            self.tier.setItemData(index, _(LABELS[TitleTier(self.tier.itemData(index))]),
                                  Qt.ItemDataRole.ToolTipRole)
        _fill(self.expiring, _("Any title expiry"), [
            (days, tr.ngettext("Expiry ≤ {count} day", "Expiry ≤ {count} days",
                               days).format(count=days))
            for days in EXPIRY_DAYS])
        _fill(self.country, _("All countries"), countries.all_countries(lang))
        _fill(self.link_status, _("Any link status"),
              [(s.value, _(LABELS[s])) for s in LinkStatus])
        self._fill_zones()
        self._fill_programmes()
        self.tag.setPlaceholderText(_("Tag"))
        self.clear_button.setText(_("Clear filters"))
        tips = {
            self.province: _("Province"), self.industry: _("Industry"),
            self.size_class: _("Size class"), self.tier: _("Holds a valid title of this tier"),
            self.expiring: _("The enterprise's highest valid SRDI title expires within this "
                             "period"),
            self.country: _("Target country"), self.zone: _("Cooperation zone"),
            self.link_status: _("Status of the link to a cooperation zone"),
            self.cluster: _("Characteristic SME industrial cluster the enterprise is linked to"),
            self.pilot: _("SME digital-transformation pilot city the enterprise is linked to"),
            self.tag: _("Enterprises with this tag (several: separate with commas)"),
        }
        for widget, tip in tips.items():
            widget.setToolTip(tip)
        self._update_clear()
        self._cell_width = self._needed_cell_width()
        self._rearrange()

    # ------------------------------------------------------------------ layout
    def _needed_cell_width(self) -> int:
        """The width a cell needs to show its "All …" text (or the button's text) uncut,
        and any entry of the filters with a few fixed entries (size class, tier, expiry,
        link status): a choice there must read whole. (Provinces, industries, countries,
        zones and programmes are long lists of names: their popup shows them whole.)"""
        widths = [self.clear_button.sizeHint().width()]
        fixed = (self.size_class, self.tier, self.expiring, self.link_status)
        for combo in self._combos:
            metrics = combo.fontMetrics()
            option = QStyleOptionComboBox()
            combo.initStyleOption(option)
            texts = [combo.itemText(i) for i in range(combo.count() if combo in fixed else 1)]
            advance = max(metrics.horizontalAdvance(t) for t in texts)
            text = QSize(advance + 2, metrics.height())
            widths.append(combo.style().sizeFromContents(
                QStyle.ContentsType.CT_ComboBox, option, text, combo).width())
        return max(widths)

    def columns_for(self, width: int) -> int:
        spacing = self._grid.horizontalSpacing()
        fits = (width + spacing) // max(1, self._cell_width + spacing)
        return max(MIN_COLUMNS, min(MAX_COLUMNS, fits))

    def _rearrange(self) -> None:
        if self.width() > 0:
            self._arrange(self.columns_for(self.width()))

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self._cells:
            self._grid.removeWidget(widget)
        for index, widget in enumerate(self._cells):
            self._grid.addWidget(widget, index // columns, index % columns)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """What :data:`MIN_COLUMNS` columns need, not what the current arrangement needs:
        the bar must let the window shrink, then re-arranges itself in fewer columns."""
        hint = super().minimumSizeHint()
        spacing = self._grid.horizontalSpacing()
        if self._cell_width:
            hint.setWidth(min(hint.width(), MIN_COLUMNS * (self._cell_width + spacing) - spacing))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._rearrange()

    def _fill_zones(self) -> None:
        zh = self.ctx.tr.language == "zh_CN"
        items = [(z.id, (z.name_zh if zh else z.name_en or z.name_zh)) for z in self._zones]
        _fill(self.zone, self.ctx.tr.gettext("All zones"), items)

    def _fill_programmes(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        for combo, all_text, any_text, none_text, items in (
                (self.cluster, _("All clusters"), _("In any cluster"), _("In no cluster"),
                 self._programmes.clusters),
                (self.pilot, _("All pilot cities"), _("In any pilot city"),
                 _("In no pilot city"), self._programmes.pilot_cities)):
            _fill(combo, all_text, [(ANY, any_text), (NONE, none_text),
                                    *((p.id, option_label(p, tr)) for p in items)])
            if combo.count() > 3:
                combo.insertSeparator(3)
            fit_popup(combo)

    # ------------------------------------------------------------------ zones
    def load_zones(self) -> None:
        """Read the zones again (and the clusters and pilot cities)."""
        db = self.ctx.db
        self.ctx.runner.run(lambda: zones.list(db), on_success=self._on_zones)
        if self.programmes.options is not None:  # else the first read is on its way
            self.programmes.load()

    def programme_name(self, kind: Kind, row_id: int) -> str | None:
        """A cluster's or pilot city's name in the UI language (for a printed list's header:
        no "unverified" mark), None when it is not known."""
        found = self._programmes.find(kind, row_id)
        return found.name(self.ctx.tr.language) if found is not None else None

    def _on_programmes(self, options: ProgrammeOptions) -> None:
        before = (self.cluster.currentData(), self.pilot.currentData())
        self._programmes = options
        self._fill_programmes()
        if (self.cluster.currentData(), self.pilot.currentData()) != before:
            self._on_changed()  # the chosen cluster or pilot city is gone

    def _on_zones(self, rows: list[Any]) -> None:
        self._zones = list(rows)
        before = self.zone.currentData()
        self._fill_zones()
        if before is not None and self.zone.currentData() != before:
            self._on_changed()  # the chosen zone is gone

    def _on_changes(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes.kind == "zone":
            self.load_zones()

    # ------------------------------------------------------------------ values
    def tags(self) -> tuple[str, ...]:
        raw = text.normalize(self.tag.text()).replace("，", ",")
        return tuple(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``EnterpriseQuery`` (only the filters that are set)."""
        out: dict[str, Any] = {
            "province_code": self.province.currentData(),
            "industry": self.industry.currentData(),
            "size_class": self.size_class.currentData(),
            "tier": self.tier.currentData(),
            "expiring_within_days": self.expiring.currentData(),
            "target_country": self.country.currentData(),
            "zone_id": self.zone.currentData(),
            "link_status": self.link_status.currentData(),
            "tags": self.tags(),
        }
        for key, combo in (("cluster", self.cluster), ("pilot", self.pilot)):
            one, any_of = PROGRAMME_KEYS[key]
            data = combo.currentData()
            if data in (ANY, NONE):
                out[any_of] = data == ANY
            else:
                out[one] = data
        return {k: v for k, v in out.items() if v not in (None, ())}

    @property
    def busy(self) -> bool:
        """A typed tag is waiting for its delay."""
        return self._tag_timer.isActive()

    def active_count(self) -> int:
        return len(self.values())

    def set_value(self, name: str, value: Any) -> None:
        """Choose ``value`` in the filter ``name`` (a key of :meth:`values`); emits ``changed``.
        ``in_cluster`` / ``in_pilot_city`` take True (any) or False (none)."""
        if name == "tags":
            self.tag.setText(", ".join(value))
            self._tag_now()
            return
        if name in ("in_cluster", "in_pilot_city"):
            value = None if value is None else (ANY if value else NONE)
        combo = {"province_code": self.province, "industry": self.industry,
                 "size_class": self.size_class, "tier": self.tier,
                 "expiring_within_days": self.expiring, "target_country": self.country,
                 "zone_id": self.zone, "link_status": self.link_status,
                 "cluster_id": self.cluster, "in_cluster": self.cluster,
                 "pilot_city_id": self.pilot, "in_pilot_city": self.pilot}[name]
        index = combo.findData(value) if value is not None else 0
        if index < 0:
            raise ValueError(f"{name}: no entry for {value!r}")
        combo.setCurrentIndex(index)

    def clear(self) -> None:
        if not self.values():
            return
        for combo in self._combos:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(0)
            if combo.isEditable():
                _show_start(combo)
        self.tag.clear()
        self._tag_timer.stop()
        self._on_changed()

    def _tag_now(self) -> None:
        self._tag_timer.stop()
        self._on_changed()

    def _on_changed(self, *_args: Any) -> None:
        self._update_clear()
        self.changed.emit()

    def _update_clear(self) -> None:
        self.clear_button.setEnabled(bool(self.values()))


__all__ = ["EXPIRY_DAYS", "FilterBar"]
