"""Entitlements follow the calendar: the daily refresh recomputes what a crossed date changed, and no more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from giamngheo.common.models import AuditEvent
from giamngheo.policies.models import Entitlement, Policy, Scenario
from giamngheo.policies.tasks import (
    DATED_REFRESH_ACTION,
    change_days,
    dated_refresh_plan,
    entitlements_dated_refresh,
    entitlements_dated_refresh_task,
)

from .conftest import granted

pytestmark = pytest.mark.django_db

D = dt.date


def catalogue_windows() -> list[tuple[str, dt.date | None, dt.date | None]]:
    return list(Policy.objects.order_by("position", "code").values_list("code", "valid_from", "valid_to"))


def test_a_window_changes_on_its_first_day_and_the_day_after_its_last() -> None:
    assert change_days(D(2025, 7, 1), None) == [D(2025, 7, 1)]
    assert change_days(D(2022, 12, 12), D(2025, 12, 31)) == [D(2022, 12, 12), D(2026, 1, 1)]
    assert change_days(None, None) == []


def test_the_first_run_recomputes_everything() -> None:
    plan = dated_refresh_plan(today=D(2026, 11, 29), last_on=None, policies=[])
    assert plan.everything and plan.reasons == ("lần chạy đầu tiên",)


def test_policies_that_ended_with_2025_are_recomputed_on_1_january_2026() -> None:
    plan = dated_refresh_plan(today=D(2026, 1, 1), last_on=D(2025, 12, 31), policies=catalogue_windows())
    assert not plan.everything
    assert set(plan.policy_codes) == {"ho-tro-dien-thoai-thong-minh", "ho-tro-nha-o"}
    assert "ho-tro-nha-o: hết hiệu lực sau ngày 31/12/2025" in plan.reasons


def test_a_policy_starting_while_the_job_did_not_run_is_caught_up() -> None:
    windows = [("moi", D(2026, 12, 1), None), ("cu", D(2025, 7, 1), None), ("het", None, D(2027, 6, 30))]
    plan = dated_refresh_plan(today=D(2026, 12, 3), last_on=D(2026, 11, 29), policies=windows)
    assert plan.policy_codes == ("moi",) and plan.reasons == ("moi: áp dụng từ 01/12/2026",)
    # The same day again, or an ordinary day: nothing.
    assert dated_refresh_plan(today=D(2026, 12, 3), last_on=D(2026, 12, 3), policies=windows).policy_codes == ()
    assert dated_refresh_plan(today=D(2026, 11, 30), last_on=D(2026, 11, 29), policies=windows).policy_codes == ()


def test_a_new_national_standard_recomputes_everything() -> None:
    plan = dated_refresh_plan(today=D(2027, 1, 1), last_on=D(2026, 12, 31), policies=[("x", None, None)])
    assert plan.everything
    assert plan.reasons == ("chuẩn nghèo 2022–2025 hết hiệu lực sau ngày 31/12/2026",
                            "chuẩn nghèo 2027–2030 áp dụng từ 01/01/2027")


def test_policies_changed_since_the_last_run_are_recomputed() -> None:
    plan = dated_refresh_plan(today=D(2026, 11, 30), last_on=D(2026, 11, 29), policies=catalogue_windows(),
                              changed_codes={"ho-tro-tien-dien"})
    assert plan.policy_codes == ("ho-tro-tien-dien",) and plan.reasons == ("ho-tro-tien-dien: danh mục đã sửa",)


def _stale_phone_row(household) -> Entitlement:  # type: ignore[no-untyped-def]
    """What a recompute during 2025 stored: the smartphone support, before the programme ended."""
    row = Entitlement.objects.filter(household=household, scenario=Scenario.CURRENT).first()
    row.pk = None
    row.policy = Policy.objects.get(code="ho-tro-dien-thoai-thong-minh")
    row.save()
    return row


def test_runs_recompute_what_the_day_changed_and_are_audited(computed) -> None:  # type: ignore[no-untyped-def]
    first = entitlements_dated_refresh(today=D(2025, 12, 31))
    assert first["all"] is True and first["since"] is None and first["households"] == 3
    _stale_phone_row(computed.hai)

    nothing = entitlements_dated_refresh(today=D(2025, 12, 31))  # the same day again
    assert (nothing["all"], nothing["policy_codes"], nothing["written"]) == (False, [], 0)
    assert "ho-tro-dien-thoai-thong-minh" in granted(computed.hai)

    new_year = entitlements_dated_refresh(today=D(2026, 1, 1))
    assert new_year["since"] == "2025-12-31" and new_year["all"] is False
    assert new_year["policy_codes"] == ["ho-tro-nha-o", "ho-tro-dien-thoai-thong-minh"]
    assert new_year["removed"] == 1
    assert granted(computed.hai) == ["bhyt-ho-ngheo", "ho-tro-tien-dien", "tro-giup-phap-ly", "vay-von-ho-ngheo"]

    events = list(AuditEvent.objects.filter(action=DATED_REFRESH_ACTION).order_by("id"))
    assert [e.after["on"] for e in events] == ["2025-12-31", "2025-12-31", "2026-01-01"]
    assert events[-1].object_id == "2 chính sách" and events[-1].actor_label == "hệ thống"
    # The recompute itself leaves its own event, with the policies it covered.
    recompute = AuditEvent.objects.filter(action="entitlements.recompute").order_by("-id").first()
    assert recompute.after["policy_codes"] == ["ho-tro-nha-o", "ho-tro-dien-thoai-thong-minh"]


def test_a_policy_edited_since_the_last_run_is_recomputed(computed, province_admin) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.policies.services import policy_update

    entitlements_dated_refresh(today=D(2026, 11, 28))
    policy_update(acting_user=province_admin, code="ho-tro-tien-dien", note="thử", documents="Căn cước.")
    summary = entitlements_dated_refresh(today=D(2026, 11, 29))
    assert summary["policy_codes"] == ["ho-tro-tien-dien"]
    assert summary["reasons"] == ["ho-tro-tien-dien: danh mục đã sửa"]


def test_all_recomputes_every_policy(computed) -> None:  # type: ignore[no-untyped-def]
    entitlements_dated_refresh(today=D(2026, 11, 28))
    _stale_phone_row(computed.tam)
    summary = entitlements_dated_refresh(today=D(2026, 11, 28), everything=True)
    assert summary["all"] is True and summary["removed"] == 1
    assert "ho-tro-dien-thoai-thong-minh" not in granted(computed.tam)


def test_the_task_is_scheduled_daily_after_midnight(computed) -> None:  # type: ignore[no-untyped-def]
    entry = settings.CELERY_BEAT_SCHEDULE["entitlements-dated-refresh"]
    assert entry["task"] == "policies.entitlements_dated_refresh" == entitlements_dated_refresh_task.name
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {20}
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    result = entitlements_dated_refresh_task.apply().get()
    assert result["all"] is True and result["households"] == 3


def test_the_command_refreshes_and_says_what_it_did(computed, capsys) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.cli import main

    assert main(["entitlements-refresh"]) == 0
    first = capsys.readouterr().out
    assert "- lần chạy đầu tiên" in first and "Đã tính lại mọi chính sách: 3 hộ" in first
    assert main(["entitlements-refresh"]) == 0
    assert "không tính lại" in capsys.readouterr().out
    assert main(["entitlements-refresh", "--all"]) == 0
    assert "- tính lại toàn bộ theo yêu cầu" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action=DATED_REFRESH_ACTION, channel="cli").count() == 3
