"""Bulk writes for the benchmark data: executemany on SQLite, COPY on PostgreSQL.

Rows are plain tuples with ids we assign ourselves, so nothing is read back.
A model field we do not fill (one added after this was written) gets its
default, so the generator keeps working while the schema grows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model

from mundwerk.accounts.models import User
from mundwerk.posts.models import Post, Tag, Topic
from mundwerk.search.models import Document, ReindexRun
from mundwerk.spaces.models import Space

# While loading: no fsync (a failed load is simply run again), a big page cache.
_SQLITE_LOAD_PRAGMAS = {"synchronous": "OFF", "cache_size": -524288, "temp_store": "MEMORY"}
EPOCH = datetime(1970, 1, 1)  # naive UTC, as Django stores datetimes on SQLite
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    unfilled: tuple[str, ...]  # columns we leave to their defaults
    defaults: tuple[Any, ...]  # ... and those defaults, in the same order

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + self.unfilled


def table_for(model: type[Model], columns: Sequence[str], connection: BaseDatabaseWrapper) -> Table:
    """Describe inserts into `model`'s table: our columns, then every other one's default."""
    fields = {str(field.column): field for field in model._meta.concrete_fields}
    unknown = set(columns) - set(fields)
    if unknown:
        raise ValueError(f"{model._meta.db_table} has no columns {sorted(unknown)}")
    # Columns with a database default are left out: the database fills them.
    rest = [
        field
        for column, field in fields.items()
        if column not in columns and not field.has_db_default()
    ]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in rest)
    return Table(
        model._meta.db_table, tuple(columns), tuple(str(field.column) for field in rest), defaults
    )


class Loader:
    """Write rows fast into the database behind a Django connection."""

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        if connection.vendor not in {"sqlite", "postgresql"}:
            raise ValueError(f"unsupported database: {connection.vendor}")
        self.connection = connection
        self.is_sqlite = connection.vendor == "sqlite"
        self.tables: set[str] = set()
        self._suffix = "" if self.is_sqlite else "+00:00"
        self._restore: list[tuple[str, object]] = []

    def time(self, micros: int) -> str:
        """A time as the database backend would store it."""
        return str(EPOCH + timedelta(microseconds=micros)) + self._suffix

    def start(self) -> None:
        """Trade durability for speed while loading; `finish` restores the settings."""
        if self.connection.in_atomic_block:
            return  # tests: settings that need no open transaction only
        with self.connection.cursor() as cursor:
            if self.is_sqlite:
                for pragma in _SQLITE_LOAD_PRAGMAS:
                    cursor.execute(f"PRAGMA {pragma}")
                    self._restore.append((pragma, cursor.fetchone()[0]))
                for pragma, value in _SQLITE_LOAD_PRAGMAS.items():
                    cursor.execute(f"PRAGMA {pragma} = {value}")
            else:
                cursor.execute("SET synchronous_commit = off")

    def insert(self, table: Table, rows: Sequence[Row]) -> None:
        if not rows:
            return
        self.tables.add(table.name)
        data: Iterable[Row] = rows
        if table.defaults:
            defaults = table.defaults
            data = (row + defaults for row in rows)
        names = ", ".join(f'"{column}"' for column in table.all_columns)
        raw = self.connection.connection
        assert raw is not None
        if self.is_sqlite:
            marks = ", ".join("?" * len(table.all_columns))
            raw.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', data)  # noqa: S608
            return
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
        ):
            for row in data:
                copy.write_row(row)

    def finish(self) -> None:
        """Move id sequences past our ids, refresh planner statistics, tidy up."""
        connection = self.connection
        with connection.cursor() as cursor:
            if self.is_sqlite:
                # SQLite's AUTOINCREMENT already follows the largest id inserted.
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")
                if not connection.in_atomic_block:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                for pragma, value in self._restore:
                    cursor.execute(f"PRAGMA {pragma} = {value}")
                return
            for name in sorted(self.tables):
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
                    f'COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM "{name}"',
                    [f'"{name}"'],
                )
            if connection.in_atomic_block:
                cursor.execute("ANALYZE")
            else:
                cursor.execute("SET synchronous_commit = on")
                cursor.execute("VACUUM ANALYZE")  # also fills the visibility map


def content_models() -> list[type[Model]]:
    """Members, spaces, topics, posts, tags and every model that points at them."""
    found: set[type[Model]] = {User, Space, Tag, Topic, Post}
    candidates = apps.get_models(include_auto_created=True)
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in found:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in found:
                    found.add(model)
                    grew = True
                    break
    return sorted(found, key=lambda model: model._meta.db_table)


def content_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    alias = connection.alias
    return {
        "members": User.objects.using(alias).count(),
        "spaces": Space.objects.using(alias).count(),
        "tags": Tag.objects.using(alias).count(),
        "posts": Post.objects.using(alias).count(),
    }


def wipe_content(connection: BaseDatabaseWrapper) -> None:
    """Empty every content table, the sessions of the members and the search index of it all.

    The index goes too, so a new dataset never answers searches with the old
    one's documents, and `mundwerk reindex` (which the load runner starts for
    an unfinished index) builds it again.
    """
    existing = set(connection.introspection.table_names())
    tables = [model._meta.db_table for model in content_models()] + ["django_session"]
    tables += [Document._meta.db_table, ReindexRun._meta.db_table]
    tables = [name for name in tables if name in existing]
    quoted = ", ".join(f'"{name}"' for name in tables)
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    disabled = connection.disable_constraint_checking()
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for name in tables:
                cursor.execute(f'DELETE FROM "{name}"')  # noqa: S608
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                marks = ", ".join(["%s"] * len(tables))
                cursor.execute(
                    f"DELETE FROM sqlite_sequence WHERE name IN ({marks})",  # noqa: S608
                    tables,
                )
    finally:
        if disabled:
            connection.enable_constraint_checking()


def migrate_if_needed(connection: BaseDatabaseWrapper) -> bool:
    """Bring the schema up to date; return whether anything was applied."""
    settings = connection.settings_dict
    if isinstance(connection, SQLiteWrapper) and not connection.is_in_memory_db():
        Path(settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return False
    call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
    return True
