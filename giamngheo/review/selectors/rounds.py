"""Reads of one round: its lists (from the entries' results), villages, meetings and the changes between standards."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.domain.standard import standard_get
from giamngheo.registry.models import Household, Member
from giamngheo.review.models import ReviewRound, RoundHousehold, StandardResult

ROUND_LISTS = (
    ("poor", "Danh sách hộ nghèo"),
    ("near_poor", "Danh sách hộ cận nghèo"),
    ("escaped_poor", "Danh sách hộ thoát nghèo"),
    ("escaped_near", "Danh sách hộ thoát cận nghèo"),
)


def entry_list_keys(entry: RoundHousehold) -> list[str]:
    """Return which decision lists a reviewed household belongs to."""
    keys = []
    if entry.category in ("poor", "near_poor"):
        keys.append(entry.category)
    if entry.start_category == "poor" and entry.category != "poor":
        keys.append("escaped_poor")
    if entry.start_category == "near_poor" and entry.category in ("average", "non_poor"):
        keys.append("escaped_near")
    return keys


def entry_note(entry: RoundHousehold) -> str:
    if entry.category not in ("poor", "near_poor") or entry.start_category in ("poor", "near_poor"):
        return ""
    return "Phát sinh mới" if entry.source != RoundHousehold.Source.POOR else ""


@dataclass
class RoundLists:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    totals: dict[str, dict[str, int]] = field(default_factory=dict)


def round_lists(review: ReviewRound) -> RoundLists:
    """Return the decision's lists with one row per household (head, village, ethnicity, members, deprivations)."""
    entries = list(review.entries.select_related("household", "village", "assessment").order_by(
        "village__name", "household__code"))
    ids = [e.household_id for e in entries]
    member_counts = dict(Member.objects.filter(household_id__in=ids).values("household_id")
                         .annotate(n=Count("id")).values_list("household_id", "n"))
    heads = dict(Member.objects.filter(household_id__in=ids, relation="Chủ hộ")
                 .values_list("household_id", "ethnicity"))
    out = RoundLists(rows={key: [] for key, _ in ROUND_LISTS})
    for entry in entries:
        facts = entry.assessment.facts if entry.assessment else {}
        members = member_counts.get(entry.household_id) or int((facts or {}).get("members") or 0)
        row = {
            "household_id": entry.household_id, "code": entry.household.code, "head": entry.household.head_name,
            "village": entry.village.name if entry.village else "", "ethnicity": heads.get(entry.household_id, ""),
            "members": members, "category": entry.category, "start_category": entry.start_category,
            "deprivation_count": entry.assessment.deprivation_count if entry.assessment else 0,
            "deprivations": entry.assessment.deprivations if entry.assessment else "",
            "note": entry_note(entry),
        }
        for key in entry_list_keys(entry):
            out.rows[key].append(row)
    for key, rows in out.rows.items():
        out.totals[key] = {"households": len(rows), "persons": sum(r["members"] for r in rows)}
    return out


def round_villages(review: ReviewRound) -> list[dict[str, Any]]:
    """Return each village with listed households: its size, its meetings and whether one approved."""
    villages: dict[int | None, dict[str, Any]] = {}
    for entry in review.entries.select_related("village"):
        key = entry.village_id
        if key not in villages:
            villages[key] = {"id": key, "name": entry.village.name if entry.village else "(không thuộc thôn)",
                             "entries": 0, "meetings": [], "approved": False}
        villages[key]["entries"] += 1
    for meeting in review.meetings.all():
        slot = villages.get(meeting.village_id)
        if slot is not None:
            slot["meetings"].append(meeting)
            slot["approved"] = slot["approved"] or meeting.approved
    for key, slot in villages.items():
        scope = Household.objects.filter(village_id=key) if key else Household.objects.filter(
            commune=review.commune, village__isnull=True)
        slot["households"] = scope.count()
    return sorted(villages.values(), key=lambda v: v["name"])


def round_standard_changes(review: ReviewRound) -> dict[str, Any]:
    """Compare the round's results under each standard: counts per category and the households that change."""
    by_household: dict[int, dict[str, StandardResult]] = defaultdict(dict)
    for result in StandardResult.objects.filter(round=review):
        by_household[result.household_id][result.standard_id] = result
    standards = review.standard_ids
    counts = {sid: Counter(r[sid].category for r in by_household.values() if sid in r) for sid in standards}
    households = Household.objects.in_bulk(list(by_household))
    changes = []
    for hid, results in by_household.items():
        categories = [results[s].category if s in results else "" for s in standards]
        if len(set(categories)) > 1:
            changes.append({"household_id": hid, "code": households[hid].code, "head": households[hid].head_name,
                            "categories": [CATEGORY_NAMES_VI.get(c, c) for c in categories],
                            "missing": results[standards[-1]].missing_indicators if standards[-1] in results else ""})
    changes.sort(key=lambda c: c["code"])
    return {
        "standards": [{"id": s, "title": standard_get(s).title} for s in standards],
        "counts": [{"category": c, "name": CATEGORY_NAMES_VI[c], "by_standard": [counts[s][c] for s in standards]}
                   for c in ("poor", "near_poor", "average", "non_poor")],
        "changes": changes,
    }


def village_rows(review: ReviewRound, village_id: int | None) -> list[dict[str, Any]]:
    """Return every reviewed household of a village with its proposed class, for the meeting's minutes."""
    entries = review.entries.filter(village_id=village_id).select_related("household", "assessment")
    members = dict(Member.objects.filter(household_id__in=[e.household_id for e in entries])
                   .values("household_id").annotate(n=Count("id")).values_list("household_id", "n"))
    return [{"code": e.household.code, "head": e.household.head_name, "members": members.get(e.household_id, 0),
             "deprivation_count": e.assessment.deprivation_count if e.assessment else 0, "category": e.category}
            for e in entries.order_by("household__code")]


def round_entries(review: ReviewRound):  # type: ignore[no-untyped-def]
    return review.entries.select_related("household", "village").order_by("household__code")
