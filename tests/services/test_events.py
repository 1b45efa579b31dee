"""Events: a participation appears in the enterprise's interaction log, atomically."""

from __future__ import annotations

from datetime import date

import pytest

from coop_desktop.errors import ValidationError
from coop_desktop.services import enterprises, events
from coop_desktop.services.catalog import interactions, zones


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司", "uscc": new_uscc()}).value


def _event(db, **extra):
    data = {"name_zh": "中德中小企业对接会", "name_en": "Sino-German SME Matchmaking", "kind": "matchmaking",
            "starts_on": date(2026, 5, 12), "partner_country": "de", "zone_id": zones.list(db)[0].id}
    return events.events.create(db, data | extra).value


def test_participation_writes_interaction(db, firm):
    ev = _event(db)
    assert ev.partner_country == "DE"
    p = events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id, "contacts_made": 4,
                                    "agreements": 1, "amount_fen": 12_000_000_00,
                                    "outcome": "签署意向书"}).value
    log = interactions.list(db, enterprise_id=firm.id)
    assert len(log) == 1 and log[0].id == p.interaction_id
    assert log[0].kind == "matchmaking" and log[0].occurred_on == date(2026, 5, 12)
    assert "中德中小企业对接会" in log[0].notes and log[0].outcome == "签署意向书"
    events.update_participant(db, p.id, {"outcome": "签署合同"})
    assert interactions.list(db, enterprise_id=firm.id)[0].outcome == "签署合同"
    assert [e.id for e in events.events_of(db, firm.id)] == [ev.id]
    with pytest.raises(ValidationError):
        events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id})
    events.remove_participants(db, [p.id])
    assert interactions.list(db, enterprise_id=firm.id) == []
    assert events.participants(db, ev.id) == []


def test_event_validation(db):
    with pytest.raises(ValidationError) as info:
        _event(db, name_zh=" ", kind="visit", ends_on=date(2026, 5, 1), partner_country="XX")
    assert {e.field for e in info.value.errors} == {"name_zh", "kind", "ends_on", "partner_country"}
    assert events.events.list(db) == []


def test_negative_figures_rejected_and_nothing_written(db, firm):
    ev = _event(db)
    with pytest.raises(ValidationError):
        events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id, "agreements": -1})
    assert interactions.list(db, enterprise_id=firm.id) == []
