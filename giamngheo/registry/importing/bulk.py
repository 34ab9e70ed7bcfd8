"""Insert many rows at once: COPY on PostgreSQL, batched INSERTs elsewhere; always inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
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


def frame_insert(model: type[models.Model], frame: pl.DataFrame, constants: dict[str, Any] | None = None) -> int:
    """Insert every row of `frame` (columns named by attribute, e.g. "household_id") plus `constants` per row.

    On PostgreSQL the frame is written as CSV by Polars and streamed to COPY in one piece, so no Python code
    runs per row; elsewhere the rows go through `rows_insert`. JSON columns hold JSON text.
    """
    constants = constants or {}
    if frame.height == 0:
        return 0
    json_fields = {f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)}
    if connection.vendor != "postgresql":
        names = [*frame.columns, *constants]
        extra = tuple(constants.values())
        return rows_insert(model, names, (
            tuple(EncodedJson(v) if n in json_fields and v is not None else v
                  for n, v in zip(frame.columns, row, strict=True)) + extra
            for row in frame.iter_rows()
        ))
    if not connection.in_atomic_block:
        raise RuntimeError("frame_insert must run inside the transaction that makes the change")
    literal = frame.with_columns([pl.lit(_csv_literal(v), pl.String).alias(k) for k, v in constants.items()])
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(by_attname[name].column) for name in literal.columns)
    buffer = io.BytesIO()
    literal.write_csv(buffer, include_header=False)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
        copy.write(buffer.getbuffer())
    return frame.height


def _csv_literal(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)
