"""Insert many plain rows into one model's table with `executemany`, inside the caller's transaction.

`bulk_create` builds a model instance and compiles every field of every row; for the demo's half a
million rows that is most of the seeding time (measured: `docs/performance.md`, "Demo seeding"). Here
each row is a tuple of already clean values; the other columns get their model default (or the time of
the insert for `auto_now`/`auto_now_add`), so a field added later with a default needs no change here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

BATCH = 5_000
# Fields whose Python values the database driver cannot take as they are (dates on SQLite, JSON everywhere).
_PREPARED = (models.JSONField, models.DateField)


def table_insert(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]], *,
    json_text: Sequence[str] = (),
) -> int:
    """Insert `rows` (values in the order of `names`, attribute names like "household_id"); return the count.

    Values of the JSON fields named in `json_text` come already encoded as JSON text.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        raise RuntimeError("table_insert must run inside the transaction that makes the change")
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_name = {f.attname: f for f in fields}
    unknown = set(names) - set(by_name)
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    rest = [f for f in fields if f.attname not in names]
    fixed = tuple(_default(f, connection) for f in rest)
    prepare = [None if n in json_text else _preparer(by_name[n], connection) for n in names]
    columns = [by_name[n].column for n in names] + [f.column for f in rest]
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    marks = [f"%s{cast}" if n in json_text else "%s" for n in names] + ["%s"] * len(rest)
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(marks)})")
    needs_prepare = any(p is not None for p in prepare)
    count = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            if needs_prepare:
                values = [
                    tuple(v if p is None else p(v) for v, p in zip(row, prepare, strict=True)) + fixed
                    for row in batch
                ]
            else:
                values = [tuple(row) + fixed for row in batch]
            cursor.executemany(sql, values)
            count += len(batch)
    return count


def _preparer(field: models.Field, connection: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    if not isinstance(field, _PREPARED):
        return None
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        # Few distinct days, many rows: convert each day once.
        known: dict[Any, Any] = {}

        def day(value: Any) -> Any:
            if value not in known:
                known[value] = field.get_db_prep_save(value, connection)
            return known[value]

        return day
    return lambda value: field.get_db_prep_save(value, connection)


def _default(field: models.Field, connection: BaseDatabaseWrapper) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value: Any = timezone.now()
    elif field.has_default():
        value = field.get_default()
    elif field.null:
        value = None
    else:
        raise ValueError(f"{field.model.__name__}.{field.name} needs a value: it has no default")
    return field.get_db_prep_save(value, connection)
