"""Catalogue corrections (domain spec §6): fresh installations get them from the seed, older ones from 0005,
which leaves administrators' edits alone and versions every change."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from giamngheo.common.models import AuditEvent
from giamngheo.policies.catalogue import SEED
from giamngheo.policies.models import Policy
from giamngheo.policies.services import policy_snapshot, policy_update

from .conftest import granted

pytestmark = pytest.mark.django_db

migration = importlib.import_module("giamngheo.policies.migrations.0005_catalogue_corrections")
STAFF_NOTES = ("chưa đối chiếu", "cần kiểm tra", "chưa xác minh", "cần hỏi", "chưa đọc")
SEEDED = {item["code"]: item for item in SEED}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def as_seeded_before_the_corrections(*codes: str) -> None:
    """Put the policies back to what 0002 seeded before the corrections (the state of older installations)."""
    for code in codes or migration.CORRECTIONS:
        old = {name: values[0] for name, values in migration.CORRECTIONS[code].items()}
        for name in ("valid_from", "valid_to"):
            if name in old:
                old[name] = _date(old[name])
        Policy.objects.filter(code=code).update(**old)


def test_residents_read_no_staff_notes() -> None:
    for policy in Policy.objects.all():
        for text in (policy.legal_basis, policy.benefit, policy.how_to_claim, policy.documents):
            assert not any(note in text for note in STAFF_NOTES), (policy.code, text)
    for item in SEED:
        assert not any(note in item.get(name, "") for name in ("legal_basis", "benefit") for note in STAFF_NOTES)


def test_programmes_that_ran_to_2025_end_on_31_december_2025() -> None:
    phone = Policy.objects.get(code="ho-tro-dien-thoai-thong-minh")
    housing = Policy.objects.get(code="ho-tro-nha-o")
    assert (phone.valid_from, phone.valid_to) == (dt.date(2022, 12, 12), dt.date(2025, 12, 31))
    assert (housing.valid_from, housing.valid_to) == (dt.date(2022, 1, 18), dt.date(2025, 12, 31))
    assert "2269/QĐ-TTg" in phone.verification_note and "2026" in housing.verification_note
    assert "căn cứ hiện hành sau 2025 cần kiểm tra" in Policy.objects.get(code="ho-tro-tien-dien").verification_note


def test_a_fresh_installation_has_the_corrections_as_version_1() -> None:
    assert migration.correct(django_apps) == []
    assert all(p.version == 1 and p.versions.count() == 1 for p in Policy.objects.all())


def test_the_migration_and_the_catalogue_agree() -> None:
    for code, fields in migration.CORRECTIONS.items():
        for name, (_old, new) in fields.items():
            assert SEEDED[code].get(name) == new, (code, name)
    assert tuple(policy_snapshot(Policy.objects.first())) == migration.FIELDS


def test_an_older_installation_is_corrected_with_a_new_version_each() -> None:
    as_seeded_before_the_corrections()
    changed = migration.correct(django_apps)
    assert changed == list(migration.CORRECTIONS)
    for code in changed:
        policy = Policy.objects.get(code=code)
        assert policy.version == 2
        for name in migration.CORRECTIONS[code]:
            expected = SEEDED[code].get(name)
            assert getattr(policy, name) == (_date(expected) if name.startswith("valid_") else expected)
        version = policy.versions.get(version=2)
        assert version.data == policy_snapshot(policy) and version.changed_by is None
        assert version.note.startswith("Sửa danh mục theo đặc tả mục 6")
        event = AuditEvent.objects.get(action="policy.update", object_id=str(policy.pk))
        assert event.after["version"] == 2 and event.actor_label == "hệ thống"
    assert Policy.objects.get(code="ho-tro-nha-o").versions.get(version=2).data["valid_to"] == "2025-12-31"
    assert migration.correct(django_apps) == []  # once only


def test_an_administrators_edit_is_not_overwritten(province_admin) -> None:  # type: ignore[no-untyped-def]
    as_seeded_before_the_corrections()
    policy_update(acting_user=province_admin, code="ho-tro-dien-thoai-thong-minh", note="Tỉnh tiếp tục chương trình",
                  benefit="Tỉnh hỗ trợ tiếp 500.000 đồng/hộ trong năm 2026.")
    changed = migration.correct(django_apps)
    assert "ho-tro-dien-thoai-thong-minh" not in changed and "ho-tro-nha-o" in changed
    phone = Policy.objects.get(code="ho-tro-dien-thoai-thong-minh")
    assert (phone.version, phone.valid_to) == (2, None)
    assert phone.benefit == "Tỉnh hỗ trợ tiếp 500.000 đồng/hộ trong năm 2026."


def test_the_next_daily_refresh_applies_the_corrections_to_households(computed) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.policies.services import entitlements_recompute
    from giamngheo.policies.tasks import entitlements_dated_refresh

    as_seeded_before_the_corrections()
    entitlements_recompute()
    entitlements_dated_refresh(today=dt.date(2026, 11, 28))
    assert "ho-tro-nha-o" in granted(computed.hai)  # what an older installation tells Hải today
    migration.correct(django_apps)
    summary = entitlements_dated_refresh(today=dt.date(2026, 11, 29))
    assert set(summary["policy_codes"]) == set(migration.CORRECTIONS)
    assert granted(computed.hai) == ["bhyt-ho-ngheo", "ho-tro-tien-dien", "tro-giup-phap-ly", "vay-von-ho-ngheo"]
