"""Alembic environment, run programmatically by ``coop_desktop.db.migrate``.

The caller passes an open connection in ``config.attributes["connection"]``; batch mode
is on because SQLite cannot ALTER most things in place.
"""

from __future__ import annotations

from alembic import context

from coop_desktop.db.sqlite import include_object
from coop_desktop.models import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("coop_desktop migrations run only through coop_desktop.db.migrate")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
