"""One generic use-case set for the simpler record kinds (titles, contacts, zones…).

Each kind is a :class:`RecordKind` instance with its models and a ``check`` function
that returns the normalised values or raises ValidationError. Create/update/delete/
restore all audit in the same transaction, like the enterprise services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from sqlmodel import Session, SQLModel, col, select

from coop_desktop.db import Database
from coop_desktop.errors import ValidationError
from coop_desktop.services import audit as audit_mod
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes, Outcome

R = TypeVar("R", bound=SQLModel)

#: check(session, values, own_id) -> normalised values; raises ValidationError.
Checker = Callable[[Session, dict[str, Any], int | None], dict[str, Any]]


class RecordKind(Generic[R]):
    def __init__(self, table: type[SQLModel], create: type[SQLModel], update: type[SQLModel],
                 read: type[R], check: Checker, *, parent: tuple[type[SQLModel], str] | None = None,
                 order_by: str = "id") -> None:
        self.table, self.create_model, self.update_model, self.read_model = table, create, update, read
        self.entity: str = table.__tablename__  # type: ignore[attr-defined]
        self.check = check
        self.parent = parent
        self.order_by = order_by
        self.fields = tuple(create.model_fields)

    def _check_parent(self, session: Session, values: dict[str, Any]) -> None:
        if self.parent is not None:
            table, key = self.parent
            records.get_row(session, table, values[key])

    def create(self, db: Database, data: SQLModel | dict[str, Any]) -> Outcome[R]:
        parsed = records.parse_input(self.create_model, data)
        with db.session() as session:
            values = self.check(session, parsed.model_dump(), None)
            self._check_parent(session, values)
            row = self.table(**values)
            session.add(row)
            session.flush()
            row_id: int = row.id  # type: ignore[attr-defined]
            AuditWriter(session, db.actor).created(self.entity, row_id, values)
            result = records.read(self.read_model, row)
        return Outcome(result, Changes(self.entity, (row_id,), self.fields, "create"))

    def update(self, db: Database, row_id: int, data: SQLModel | dict[str, Any], *,
               base: SQLModel | dict[str, Any] | None = None) -> Outcome[R]:
        """Change the fields set in ``data``; ``base`` as in ``enterprises.update``."""
        parsed = records.parse_input(self.update_model, data)
        wanted = parsed.model_dump(exclude_unset=True)
        read = (records.parse_input(self.update_model, base).model_dump(exclude_unset=True)
                if base is not None else None)
        with db.session() as session:
            row = records.get_row(session, self.table, row_id)
            current = {k: getattr(row, k) for k in self.fields}
            wanted = records.merge_edit(current, wanted, read)
            values = self.check(session, {**current, **wanted}, row_id)
            changes = records.apply(row, {k: values[k] for k in self.fields if k in values})
            if changes:
                if hasattr(row, "user_edited"):
                    row.user_edited = True  # type: ignore[attr-defined]
                session.add(row)
                AuditWriter(session, db.actor).updated(self.entity, row_id, changes)
            result = records.read(self.read_model, row)
        return Outcome(result, Changes(self.entity, (row_id,) if changes else (), tuple(changes)))

    def delete(self, db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
        with db.session() as session:
            done = records.soft_delete(session, AuditWriter(session, db.actor), self.table, ids)
        return Outcome(done, Changes(self.entity, tuple(done), action="delete"))

    def restore(self, db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
        with db.session() as session:
            done = records.restore(session, AuditWriter(session, db.actor), self.table, ids)
        return Outcome(done, Changes(self.entity, tuple(done), action="restore"))

    def get(self, db: Database, row_id: int) -> R:
        with db.read() as session:
            return records.read(self.read_model, records.get_row(session, self.table, row_id))

    def list(self, db: Database, *, deleted: bool = False, **equals: Any) -> list[R]:
        """Live rows (or the recycle bin's) whose columns equal ``equals``."""
        stmt = select(self.table)
        deleted_col = col(self.table.deleted_at)  # type: ignore[attr-defined]
        stmt = stmt.where(deleted_col.is_not(None) if deleted else deleted_col.is_(None))
        for name, value in equals.items():
            stmt = stmt.where(getattr(self.table, name) == value)
        stmt = stmt.order_by(getattr(self.table, self.order_by), self.table.id)  # type: ignore[attr-defined]
        with db.read() as session:
            return [records.read(self.read_model, r) for r in session.exec(stmt).all()]

    def history(self, db: Database, row_id: int) -> list[Any]:
        with db.read() as session:
            return audit_mod.history(session, self.entity, row_id)


def raise_if(errors: list[Any]) -> None:
    errors = [e for e in errors if e is not None]
    if errors:
        raise ValidationError(errors)
