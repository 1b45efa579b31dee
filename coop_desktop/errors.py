"""Domain exceptions.

Every error a user can see carries an English message id (marked with ``N_``) and
parameters, never a pre-rendered string, so that the UI, the CLI and the PDF code can
render it in whichever language they are using. ``str(error)`` renders English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coop_desktop.i18n.catalog import N_

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator


@dataclass(frozen=True)
class Message:
    """A translatable message: an English msgid with ``{name}`` parameters."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, tr: Translator | None = None) -> str:
        """The message in ``tr``'s language (English by default). A parameter that is itself
        a :class:`Message` (a field's name, for instance) is rendered in that language too.
        Text parameters quote what someone typed: invisible control characters in them are
        shown (``[U+202E]``, see :mod:`coop_desktop.controls`) and a huge one is cut short.
        A date parameter is written as the app writes dates in that language (``2027年1月25日``
        / ``Jan 25, 2027``)."""
        if tr is None:
            from coop_desktop.i18n.catalog import english

            tr = english()
        params = {k: v.render(tr) if isinstance(v, Message) else _date_param(v, tr)
                  if isinstance(v, date) else quote_param(v) for k, v in self.params.items()}
        return tr.gettext(self.msgid).format(**params)


def _date_param(value: date, tr: Translator) -> str:
    from coop_desktop.i18n.formatting import format_date, format_datetime

    return format_datetime(value, tr) if isinstance(value, datetime) else format_date(value, tr)


#: The longest text parameter a message quotes (characters).
PARAM_MAX = 500


def quote_param(value: Any) -> Any:
    """A message parameter as a message quotes it (see :meth:`Message.render`)."""
    if not isinstance(value, str):
        return value
    from coop_desktop.controls import visible

    if len(value) > PARAM_MAX:
        value = value[:PARAM_MAX] + "…"
    return visible(value)


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field (``field`` is the model attribute name)."""

    field: str
    message: Message

    def render(self, tr: Translator | None = None) -> str:
        return self.message.render(tr)


class CoopError(Exception):
    """Base class of every error the application reports to a user."""

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.message = Message(msgid, params)
        super().__init__(self.message.render())

    def render(self, tr: Translator | None = None) -> str:
        return self.message.render(tr)


class ValidationError(CoopError):
    """Input was rejected; nothing was written. ``errors`` lists every field problem."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("ValidationError needs at least one FieldError")
        first = self.errors[0].message
        super().__init__(first.msgid, **first.params)

    @classmethod
    def single(cls, field_name: str, msgid: str, /, **params: Any) -> ValidationError:
        return cls([FieldError(field_name, Message(msgid, params))])

    def render(self, tr: Translator | None = None) -> str:
        return "\n".join(e.render(tr) for e in self.errors)

    def for_field(self, name: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == name]


class NotFoundError(CoopError):
    """The record asked for does not exist (or is in the recycle bin)."""


class ConflictError(CoopError):
    """The change would break a uniqueness rule or another record's expectations."""


class DatabaseError(CoopError):
    """The database file cannot be used as it is (too new, not ours, damaged)."""


class DatabaseBusyError(DatabaseError):
    """Another program held the write lock for longer than the busy timeout; nothing was
    written. Trying again later is safe."""


class DatabaseDamagedError(DatabaseError):
    """The file failed an integrity check or SQLite reported it malformed. From then on
    the :class:`~coop_desktop.db.Database` refuses every write (``damaged`` is set)."""


class StorageError(DatabaseError):
    """The disk refused a write (full, read-only, I/O error); the transaction was rolled
    back, so the database is unchanged."""


class ReadOnlyDatabaseError(DatabaseError):
    """The database was opened read-only (a rescue view of a damaged file, a backup)."""


class EditConflict(ConflictError):
    """The text being saved was based on a version that has changed since it was read
    (another window, another program, the command line). Nothing was written.

    ``field`` names what collided; ``mine`` is what was being saved, ``theirs`` what the
    database holds now and ``base`` what the editor had read, so the UI can show both.
    """

    def __init__(self, msgid: str, /, *, field: str, mine: Any, theirs: Any, base: Any,
                 **params: Any) -> None:
        self.field, self.mine, self.theirs, self.base = field, mine, theirs, base
        #: Every colliding field: name -> (mine, theirs).
        self.fields: dict[str, tuple[Any, Any]] = {field: (mine, theirs)}
        super().__init__(msgid, **params)


# Messages used by several modules.
MSG_NOT_FOUND = N_("The {kind} with id {id} does not exist or has been deleted.")
