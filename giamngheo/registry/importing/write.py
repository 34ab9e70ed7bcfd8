"""Write a checked plan into the registry in bulk: households, members, new assessments and their audit rows.

Runs inside the confirming transaction; nothing here commits, so a failure anywhere leaves nothing written.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import polars as pl
from django.db.models import QuerySet
from django.utils import timezone

from giamngheo.common.models import AuditEvent
from giamngheo.common.request_context import current_origin
from giamngheo.common.text import fold
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.services import villages_bulk_create
from giamngheo.registry.importing.bulk import frame_insert, rows_insert
from giamngheo.registry.importing.identity import identities_protect
from giamngheo.registry.importing.plan import CHUNK, Plan
from giamngheo.registry.importing.prepare import Prepared
from giamngheo.registry.models import Household, HouseholdAssessment, ImportBatch, Member

HOUSEHOLD_FIELDS = ("head_name", "village_id", "address", "area", "commune_id")


def plan_write(plan: Plan, prepared: Prepared, *, batch: ImportBatch, commune: AdminUnit,
               acting_user: Any) -> dict[str, Any]:
    """Write everything the plan says; return the counts written and the codes of the households created."""
    now = timezone.now()
    frame = plan.households
    members_todo = None
    if prepared.members is not None:
        written = plan.new_codes | plan.changed_codes
        members_todo = prepared.members.filter(pl.col("household_code").is_in(list(written))).sort("_row")
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Identity protection is pure CPU; it runs while this thread waits for the database's COPYs.
        identities = pool.submit(identities_protect, members_todo.get_column("id_number").to_list()
                                 if members_todo is not None else [])
        return _write(plan, frame, members_todo, identities, batch=batch, commune=commune, acting_user=acting_user,
                      now=now)


def _write(plan: Plan, frame: pl.DataFrame, members_todo: pl.DataFrame | None, identities: Future, *,
           batch: ImportBatch, commune: AdminUnit, acting_user: Any, now: dt.datetime) -> dict[str, Any]:
    villages = _villages(commune, frame, acting_user=acting_user)
    village_ids = {name: pk for name, (pk, _path) in villages.items()}
    village_paths = {name: path for name, (_pk, path) in villages.items()}
    new = frame.filter(pl.col("household_code").is_in(list(plan.new_codes)))
    frame_insert(Household, new.select(
        pl.col("household_code").alias("code"),
        pl.col("village").replace_strict(village_ids, default=None, return_dtype=pl.Int64).alias("village_id"),
        pl.col("village").replace_strict(village_paths, default=commune.path, return_dtype=pl.String)
        .alias("unit_path"),
        "area", "head_name", "address", "search_key", "record_digest",
    ), {"commune_id": commune.id, "is_synthetic": False, "created_at": now, "updated_at": now})
    ids = {code: known.id for code, known in plan.existing.items()}
    ids.update(_ids_of(Household.objects.filter(commune=commune), plan.new_codes))
    changes = _households_update(plan, frame, commune=commune, villages=villages, now=now)
    assessments = _assessments_insert(frame, plan.reassess_codes, ids, batch=batch, commune=commune, now=now)
    members = 0
    if members_todo is not None:
        changed_ids = [ids[code] for code in plan.changed_codes]
        for start in range(0, len(changed_ids), CHUNK):
            Member.objects.filter(household_id__in=changed_ids[start:start + CHUNK]).delete()
        members = _members_insert(members_todo, identities.result(), ids)
    events = _audit_rows(frame, plan, changes, ids, batch=batch, acting_user=acting_user, now=now)
    return {"households_new": len(plan.new_codes), "households_changed": len(plan.changed_codes),
            "members_written": members, "assessments_new": assessments, "audit_events": events,
            "villages_new": len(plan.villages_new)}


def _villages(commune: AdminUnit, frame: pl.DataFrame, *, acting_user: Any) -> dict[str, tuple[int, str]]:
    names = [n for n in frame.get_column("village").unique(maintain_order=True).to_list() if n]
    if not names:
        return {}
    units = villages_bulk_create(commune=commune, names=names, acting_user=acting_user)
    by_key = {unit.search_key: unit for unit in units}
    return {name: (by_key[fold(name)].id, by_key[fold(name)].path) for name in names}


def _ids_of(households: QuerySet[Household], codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    return {code: pk for code, pk in households.values_list("code", "id") if code in codes}


def _households_update(plan: Plan, frame: pl.DataFrame, *, commune: AdminUnit,
                       villages: dict[str, tuple[int, str]], now: dt.datetime) -> dict[str, tuple[dict, dict]]:
    """Apply changed details to existing households; return code → (before, after) of what differs."""
    if not plan.changed_codes:
        return {}
    rows = {r[0]: r for r in frame.filter(pl.col("household_code").is_in(list(plan.changed_codes))).select(
        "household_code", "village", "area", "head_name", "address", "search_key", "record_digest").iter_rows()}
    changes: dict[str, tuple[dict, dict]] = {}
    households = list(Household.objects.filter(code__in=list(plan.changed_codes)).select_related("village"))
    for household in households:
        _code, village, area, head, address, key, digest = rows[household.code]
        village_id, unit_path = villages.get(village, (None, commune.path))
        before = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
        household.head_name, household.village_id, household.address = head, village_id, address
        household.area, household.commune_id, household.unit_path = area, commune.id, unit_path
        household.search_key, household.record_digest, household.updated_at = key, digest, now
        after = {name: getattr(household, name) for name in HOUSEHOLD_FIELDS}
        keys = [k for k in after if before[k] != after[k]]
        changes[household.code] = ({k: before[k] for k in keys}, {k: after[k] for k in keys})
    Household.objects.bulk_update(households, [
        "head_name", "village_id", "address", "area", "commune_id", "unit_path", "search_key", "record_digest",
        "updated_at",
    ], batch_size=1000)
    return changes


def _members_insert(todo: pl.DataFrame, identities: list[tuple[str, str, str]], ids: dict[str, int]) -> int:
    cipher, digest, masked = zip(*identities, strict=True) if todo.height else ((), (), ())
    # Batches staged before members carried an employment column have none: "" = not recorded.
    employment = pl.col("employment") if "employment" in todo.columns else pl.lit("", pl.String)
    return frame_insert(Member, todo.select(
        pl.col("household_code").replace_strict(ids, return_dtype=pl.Int64).alias("household_id"),
        "full_name", "birth_year", "sex", "ethnicity", "relation", employment.alias("employment"),
    ).with_columns(
        pl.Series("id_number_cipher", cipher, dtype=pl.String), pl.Series("id_number_digest", digest, dtype=pl.String),
        pl.Series("id_number_masked", masked, dtype=pl.String),
    ))


def _assessments_insert(frame: pl.DataFrame, codes: set[str], ids: dict[str, int], *, batch: ImportBatch,
                        commune: AdminUnit, now: dt.datetime) -> int:
    todo = frame.filter(pl.col("household_code").is_in(list(codes)))
    return frame_insert(HouseholdAssessment, todo.select(
        pl.col("household_code").replace_strict(ids, return_dtype=pl.Int64).alias("household_id"),
        "category", "income_per_capita", "deprivation_count", pl.col("deprivations").fill_null(""), "reason",
        "facts", "fact_digest",
    ), {"year": batch.year, "commune_id": commune.id, "standard_id": batch.standard_id,
        "assessed_on": batch.assessed_on, "batch_id": batch.id, "created_at": now})


def _audit_rows(frame: pl.DataFrame, plan: Plan, changes: dict[str, tuple[dict, dict]], ids: dict[str, int], *,
                batch: ImportBatch, acting_user: Any, now: dt.datetime) -> int:
    """One audit row per existing household the batch changes, inserted in bulk in the same transaction.

    Households the batch creates are listed by code in the batch's own audit event instead: a first import of
    a commune then costs one audit row, not one per household.
    """
    touched = (plan.changed_codes | plan.reassess_codes) - plan.new_codes
    if not touched:
        return 0
    origin = current_origin()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    actor_label = getattr(user, "username", "") or "hệ thống"
    todo = frame.filter(pl.col("household_code").is_in(list(touched)))

    def rows():
        for code, head, category in todo.select("household_code", "head_name", "category").iter_rows():
            before, after = changes.get(code, ({}, {}))
            after = {**after, "batch_id": batch.id}
            if code in plan.reassess_codes:
                after["assessment"] = {"year": batch.year, "standard_id": batch.standard_id, "category": category}
            action = "household.import_update"
            yield (now, user.pk if user else None, actor_label, action, "registry.household", str(ids[code]),
                   f"{code} — {head}"[:200], batch.unit_path, before, after, origin.ip, origin.user_agent,
                   origin.channel)

    return rows_insert(AuditEvent, ("at", "actor_id", "actor_label", "action", "object_type", "object_id",
                                    "object_label", "unit_path", "before", "after", "ip", "user_agent", "channel"),
                       rows())
