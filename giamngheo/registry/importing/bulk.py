"""Insert many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere; always inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


class EncodedJson(str):
    """A value for a JSONField that is already JSON text (Polars encodes whole columns at once)."""


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (values in the order of `fields`, attribute names such as "household_id") into `model`.

    Values are taken as given: auto_now fields, defaults and normalisation are the caller's job, exactly as
    with `bulk_create`. Returns the number of rows written.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("rows_insert must run inside the transaction that makes the change")
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows)
    count = 0
    batch: list[models.Model] = []
    for row in rows:
        values = [json.loads(v) if isinstance(v, EncodedJson) else v for v in row]
        batch.append(model(**dict(zip(fields, values, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _copy(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name].column for name in fields]
    as_json = [isinstance(by_attname[name], models.JSONField) for name in fields]
    quote = connection.ops.quote_name
    statement = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            if any(as_json):
                row = [_json_text(v) if j else v for v, j in zip(row, as_json, strict=True)]
            copy.write_row(row)
            count += 1
    return count


def _json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, EncodedJson):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
