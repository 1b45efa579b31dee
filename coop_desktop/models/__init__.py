"""Table and schema models (sqlmodel). Importing this package registers every table.

Each aggregate has ``XBase`` (shared fields), ``X`` (the table), ``XCreate``, ``XUpdate``
(only the set fields change) and ``XRead`` (detached output). Services return ``XRead``.
"""

from coop_desktop.models.application import (
    Application,
    ApplicationRead,
    ApplicationRevision,
    ApplicationRevisionRead,
    ApplicationSection,
    ApplicationSectionRead,
    ApplicationSummary,
    ApplicationUpdate,
    QaIgnore,
    QaIgnoreRead,
)
from coop_desktop.models.attachment import (
    KIND_LABELS as ATTACHMENT_KIND_LABELS,
    Attachment,
    AttachmentCreate,
    AttachmentKind,
    AttachmentRead,
    AttachmentUpdate,
)
from coop_desktop.models.audit import AuditEntry, AuditEntryRead, ReferenceDataset
from coop_desktop.models.common import (
    APPLICATION_STATUS_LABELS,
    LABELS,
    ApplicationStatus,
    AuditAction,
    InteractionKind,
    LegalForm,
    TIER_LEVEL,
    TIER_REQUIRES,
    LinkStatus,
    TitleEventKind,
    TitleEventResult,
    TitleLevel,
    TitleStatus,
    TitleTier,
    ZoneBatch,
    utcnow,
)
from coop_desktop.models.enterprise import (
    Contact,
    ContactCreate,
    ContactRead,
    ContactUpdate,
    Enterprise,
    EnterpriseCreate,
    EnterpriseRead,
    EnterpriseSummary,
    EnterpriseUpdate,
    Interaction,
    InteractionCreate,
    InteractionRead,
    InteractionUpdate,
    SrdiTitle,
    SrdiTitleCreate,
    SrdiTitleRead,
    SrdiTitleUpdate,
)
from coop_desktop.models.event import (
    Event,
    EventCreate,
    EventRead,
    EventUpdate,
    Participation,
    ParticipationCreate,
    ParticipationRead,
    ParticipationUpdate,
)
from coop_desktop.models.glossary import (
    GlossaryTerm,
    GlossaryTermCreate,
    GlossaryTermRead,
    GlossaryTermUpdate,
)
from coop_desktop.models.programme import PilotCity, PilotCityRead, SmeCluster, SmeClusterRead
from coop_desktop.models.srdi import (
    EnterpriseYear,
    EnterpriseYearCreate,
    EnterpriseYearRead,
    EnterpriseYearUpdate,
    SrdiTitleEvent,
    SrdiTitleEventCreate,
    SrdiTitleEventRead,
    SrdiTitleEventUpdate,
)
from coop_desktop.models.tm import TmUnit, TmUnitRead
from coop_desktop.models.zone import (
    Zone,
    ZoneCreate,
    ZoneLink,
    ZoneLinkCreate,
    ZoneLinkRead,
    ZoneLinkUpdate,
    ZoneRead,
    ZoneUpdate,
)
from sqlmodel import SQLModel

metadata = SQLModel.metadata

__all__ = [name for name in dir() if not name.startswith("_")]
