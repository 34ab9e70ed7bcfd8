"""Transfer a household to another commune (chuyển hộ) and strike it off the register (xóa tên khỏi sổ).

Rules: the officials of the household's commune (or the province) act; the destination is a current commune of
the same province; past results keep the commune they were made in; a closed household is kept but left out of
current lists; every refusal says why in Vietnamese and writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from giamngheo.common.models import AuditEvent
from giamngheo.registry.access import access_household, households_visible_to
from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import Household, HouseholdAssessment, HouseholdMove, ImportStatus
from giamngheo.registry.selectors import household_search
from giamngheo.registry.services import HouseholdNotFound, household_close, household_transfer
from tests.conftest import make_household, make_unit
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 15)  # after the fixtures' latest results (30/11/2025)


def message(error: pytest.ExceptionInfo) -> str:
    return error.value.messages[0]


def transfer(user, household, **options):  # type: ignore[no-untyped-def]
    options.setdefault("on", ON)
    options.setdefault("reason", "Chuyển hộ khẩu theo đơn ngày 10/01/2026")
    return household_transfer(acting_user=user, household_id=household.id, **options)


# ---------------------------------------------------------------------------------------------- transfer


def test_transfer_moves_the_household_and_its_visibility(official_cam_xuyen, official_thien_cam, households, units):
    assert access_household(official_thien_cam, households.an.id) is None

    move = transfer(official_cam_xuyen, households.an, village_id=units.tan_phu.id)

    household = Household.objects.get(pk=households.an.id)
    assert (household.commune, household.village, household.unit_path) == (
        units.thien_cam, units.tan_phu, units.tan_phu.path)
    assert "tan phu" in household.search_key and household.record_digest == ""
    assert access_household(official_cam_xuyen, household.id) is None
    assert access_household(official_thien_cam, household.id) == household
    assert [h.code for h in household_search(households_visible_to(official_thien_cam))] == ["CX-0001", "TC-0001"]
    assert [h.code for h in household_search(households_visible_to(official_cam_xuyen))] == ["CX-0002"]
    assert (move.from_commune, move.from_village, move.to_commune, move.to_village, move.moved_on, move.moved_by) == (
        units.cam_xuyen, units.trung_hoa, units.thien_cam, units.tan_phu, ON, official_cam_xuyen)


def test_past_results_keep_the_commune_they_were_made_in(official_cam_xuyen, households, units):
    transfer(official_cam_xuyen, households.an, commune_id=units.thien_cam.id)

    results = HouseholdAssessment.objects.filter(household=households.an).order_by("year")
    assert [(a.year, a.commune_id) for a in results] == [(2024, units.cam_xuyen.id), (2025, units.cam_xuyen.id)]
    household = Household.objects.get(pk=households.an.id)
    assert (household.commune, household.village, household.unit_path) == (units.thien_cam, None, units.thien_cam.path)


def test_transfer_is_audited_with_before_and_after(official_cam_xuyen, households, units):
    move = transfer(official_cam_xuyen, households.an, village_id=units.tan_phu.id)

    event = AuditEvent.objects.get()
    assert event.action == "household.transfer"
    assert event.object_id == str(households.an.id)
    assert event.unit_path == units.trung_hoa.path  # the origin's auditors see the household leave
    assert event.before == {"commune_id": units.cam_xuyen.id, "village_id": units.trung_hoa.id,
                            "unit_path": units.trung_hoa.path, "commune": "Xã Cẩm Xuyên"}
    assert event.after == {"commune_id": units.thien_cam.id, "village_id": units.tan_phu.id,
                           "unit_path": units.tan_phu.path, "commune": "Xã Thiên Cầm", "on": "2026-01-15",
                           "reason": "Chuyển hộ khẩu theo đơn ngày 10/01/2026", "move_id": move.id}
    assert event.actor == official_cam_xuyen


def test_the_province_admin_transfers_within_the_province(province_admin, households, units):
    transfer(province_admin, households.duc, commune_id=units.cam_xuyen.id)
    assert Household.objects.get(pk=households.duc.id).commune == units.cam_xuyen


def test_the_destination_commune_cannot_take_a_household_it_does_not_hold(official_thien_cam, households, units):
    with pytest.raises(HouseholdNotFound):
        transfer(official_thien_cam, households.an, commune_id=units.thien_cam.id)
    assert HouseholdMove.objects.count() == 0


def test_a_village_head_may_not_transfer(village_head_trung_hoa, households, units):
    with pytest.raises(PermissionDenied) as error:
        transfer(village_head_trung_hoa, households.an, commune_id=units.thien_cam.id)
    assert str(error.value) == "Chỉ cán bộ xã hoặc tỉnh quản lý cả xã của hộ mới được chuyển hộ."


def test_an_auditor_may_not_transfer(auditor, households, units):
    with pytest.raises(HouseholdNotFound):
        transfer(auditor, households.an, commune_id=units.thien_cam.id)


@pytest.mark.parametrize(("options", "expected"), [
    ({}, "Cần chọn xã (hoặc thôn) chuyển đến."),
    ({"commune_id": 999_999}, "Không tìm thấy xã chuyển đến."),
    ({"village_id": 999_999}, "Không tìm thấy thôn chuyển đến."),
    ({"commune_id": "old_town"}, "Thị trấn Cẩm Xuyên đã hết hiệu lực từ 01/07/2025 (sắp xếp đơn vị hành chính); "
                                 "hãy chọn xã hiện nay."),
    ({"commune_id": "cam_xuyen"}, "Hộ đã thuộc Xã Cẩm Xuyên; chuyển thôn trong cùng xã là sửa thông tin hộ, không "
                                  "phải chuyển hộ."),
    ({"village_id": "quyet_tien"}, "Hộ đã thuộc Xã Cẩm Xuyên; chuyển thôn trong cùng xã là sửa thông tin hộ, không "
                                   "phải chuyển hộ."),
    ({"commune_id": "thien_cam", "village_id": "quyet_tien"}, "Thôn Quyết Tiến không thuộc xã chuyển đến đã chọn."),
    ({"commune_id": "province"}, "Không tìm thấy xã chuyển đến."),
    ({"commune_id": "thien_cam", "reason": "  "}, "Cần ghi lý do chuyển hộ (ví dụ: theo quyết định chuyển hộ khẩu "
                                                  "số …)."),
    ({"commune_id": "thien_cam", "on": dt.date(2025, 11, 29)},
     "Ngày chuyển (29/11/2025) sớm hơn kết quả rà soát gần nhất của hộ (30/11/2025); ngày chuyển phải từ ngày ấy "
     "trở đi."),
])
def test_refused_transfers_say_why_and_write_nothing(official_cam_xuyen, households, units, options, expected):
    options = {k: getattr(units, v).id if isinstance(v, str) and k.endswith("_id") else v for k, v in options.items()}
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, **options)
    assert message(error) == expected
    household = Household.objects.get(pk=households.an.id)
    assert (household.commune, household.village) == (units.cam_xuyen, units.trung_hoa)
    assert HouseholdMove.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_future_date_is_refused(official_cam_xuyen, households, units):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, commune_id=units.thien_cam.id, on=tomorrow)
    assert message(error) == f"Ngày chuyển ({tomorrow:%d/%m/%Y}) chưa đến; không ghi trước được."


def test_a_retired_village_is_refused(official_cam_xuyen, households, units):
    old = make_unit(level="village", code="18676-09", name="Thôn Cũ", parent=units.thien_cam,
                    valid_to=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, village_id=old.id)
    assert message(error) == "Thôn Cũ đã hết hiệu lực từ 01/07/2025; hãy chọn thôn khác."


def test_another_province_is_refused_and_points_to_closing(official_cam_xuyen, households, units):
    other = make_unit(level="province", code="40", name="Tỉnh Nghệ An")
    far = make_unit(level="commune", code="17000", name="Xã Xa", parent=other, valid_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, commune_id=far.id)
    assert message(error) == ("Xã Xa thuộc tỉnh khác. Hộ chuyển đi tỉnh khác thì xóa tên khỏi sổ với lý do "
                              "“Chuyển đi tỉnh khác”; tỉnh nơi đến ghi hộ vào sổ của mình.")


def test_a_second_transfer_may_not_predate_the_first(province_admin, households, units):
    transfer(province_admin, households.an, commune_id=units.thien_cam.id, on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as error:
        transfer(province_admin, households.an, commune_id=units.cam_xuyen.id, on=dt.date(2026, 2, 1))
    assert message(error) == "Ngày chuyển (01/02/2026) sớm hơn lần chuyển hộ gần nhất (01/03/2026)."
    transfer(province_admin, households.an, village_id=units.trung_hoa.id, on=dt.date(2026, 3, 2))
    assert list(HouseholdMove.objects.filter(household=households.an).values_list("to_commune", flat=True)) == [
        units.thien_cam.id, units.cam_xuyen.id]


def test_a_household_moved_meanwhile_is_not_moved_again(official_cam_xuyen, province_admin, households, units,
                                                        monkeypatch):
    stale = Household.objects.get(pk=households.an.id)  # what the first official's page showed
    transfer(province_admin, households.an, commune_id=units.thien_cam.id)
    monkeypatch.setattr("giamngheo.registry.services.access_household", lambda user, pk: stale)
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, commune_id=units.thien_cam.id)
    assert message(error) == "Hộ CX-0001 vừa được người khác chuyển sang xã khác; hãy tải lại trang."
    assert HouseholdMove.objects.count() == 1


# ---------------------------------------------------------------------------------------------- close


def close(user, household, **options):  # type: ignore[no-untyped-def]
    options.setdefault("on", ON)
    options.setdefault("reason_kind", "died_out")
    return household_close(acting_user=user, household_id=household.id, **options)


def test_close_hides_the_household_from_current_lists_but_keeps_it(official_cam_xuyen, households, units):
    close(official_cam_xuyen, households.binh, reason_kind="merged", note="Nhập vào hộ CX-0001 (Nguyễn Văn An)")

    household = Household.objects.get(pk=households.binh.id)
    assert (household.closed_on, household.closed_reason, household.is_closed) == (ON, "merged", True)
    scoped = households_visible_to(official_cam_xuyen)
    assert [h.code for h in household_search(scoped)] == ["CX-0001"]
    assert [h.code for h in household_search(scoped, query="binh")] == []
    assert [h.code for h in household_search(scoped, state="closed")] == ["CX-0002"]
    assert [h.code for h in household_search(scoped, state="all")] == ["CX-0001", "CX-0002"]
    assert access_household(official_cam_xuyen, household.id) == household  # its page still opens
    assert household.assessments.count() == 1 and household.members.count() == 1


def test_close_is_audited_with_before_and_after(official_cam_xuyen, households):
    close(official_cam_xuyen, households.an, reason_kind="moved_away", note="Chuyển vào Bình Dương")
    event = AuditEvent.objects.get()
    assert event.action == "household.close"
    assert event.unit_path == households.an.unit_path
    assert event.before == {"closed_on": None, "closed_reason": "", "closed_note": ""}
    assert event.after == {"closed_on": "2026-01-15", "closed_reason": "moved_away",
                           "closed_note": "Chuyển vào Bình Dương"}


def test_closing_twice_is_refused(official_cam_xuyen, households):
    close(official_cam_xuyen, households.an)
    with pytest.raises(ValidationError) as error:
        close(official_cam_xuyen, households.an)
    assert message(error) == "Hộ CX-0001 đã được xóa tên khỏi sổ từ ngày 15/01/2026; không xóa tên được nữa."
    assert AuditEvent.objects.count() == 1


def test_a_closed_household_cannot_be_transferred(official_cam_xuyen, households, units):
    close(official_cam_xuyen, households.an)
    with pytest.raises(ValidationError) as error:
        transfer(official_cam_xuyen, households.an, commune_id=units.thien_cam.id)
    assert message(error) == "Hộ CX-0001 đã được xóa tên khỏi sổ từ ngày 15/01/2026; không chuyển được nữa."


@pytest.mark.parametrize(("options", "expected"), [
    ({"reason_kind": "gone"}, "Lý do xóa tên phải là một trong: died_out (Hộ không còn ai (các thành viên đã mất)); "
                              "merged (Nhập vào hộ khác); moved_away (Chuyển đi tỉnh khác); other (Lý do khác)."),
    ({"reason_kind": "merged"}, "Cần ghi chú: nhập vào hộ nào (mã hộ, chủ hộ)."),
    ({"reason_kind": "other", "note": " "}, "Cần ghi chú lý do xóa tên khỏi sổ."),
    ({"on": dt.date(2025, 1, 1)}, "Ngày xóa tên (01/01/2025) sớm hơn kết quả rà soát gần nhất của hộ (30/11/2025); "
                                  "ngày xóa tên phải từ ngày ấy trở đi."),
])
def test_refused_closures_say_why(official_cam_xuyen, households, options, expected):
    with pytest.raises(ValidationError) as error:
        close(official_cam_xuyen, households.an, **options)
    assert message(error) == expected
    assert Household.objects.get(pk=households.an.id).closed_on is None
    assert AuditEvent.objects.count() == 0


def test_closing_outside_the_scope_is_not_found(official_thien_cam, village_head_trung_hoa, households):
    with pytest.raises(HouseholdNotFound):
        close(official_thien_cam, households.an)
    with pytest.raises(PermissionDenied):
        close(village_head_trung_hoa, households.an)


# ---------------------------------------------------------------------------------------------- the import


def test_the_import_refusal_names_the_transfer_form(stage, official_thien_cam, households, units):
    content = xlsx_bytes([household_row("CX-0001", commune="18676", village="Thôn Tân Phú", members=1)],
                         [member_row("CX-0001", "Nguyễn Văn An")])
    batch = stage(official_thien_cam, content, commune_id=units.thien_cam.id)
    assert batch.status == ImportStatus.INVALID
    assert batch.errors[0]["message"] == (
        "hộ 'CX-0001' đã có trong sổ hộ của một xã khác; tệp nhập không tự chuyển hộ giữa các xã. Cán bộ của xã cũ "
        "(hoặc của tỉnh) mở trang của hộ và dùng mục “Chuyển hộ” để chuyển hộ sang xã này, rồi tải tệp lên lại.")


def test_a_transferred_household_is_imported_into_its_new_commune(
    stage, official_cam_xuyen, official_thien_cam, make_user, households, units
):
    transfer(official_cam_xuyen, households.an, village_id=units.tan_phu.id)
    content = xlsx_bytes([household_row("CX-0001", commune="18676", village="Thôn Tân Phú", members=1)],
                         [member_row("CX-0001", "Nguyễn Văn An")])
    batch = stage(official_thien_cam, content, commune_id=units.thien_cam.id)
    assert batch.errors == []
    checker = make_user("commune_official", units.thien_cam, username="kiemtra.thiencam")
    confirmed = household_import_confirm(acting_user=checker, batch_id=batch.id)

    assert confirmed.status == ImportStatus.CONFIRMED
    results = HouseholdAssessment.objects.filter(household=households.an).order_by("year")
    assert [(a.year, a.commune_id) for a in results] == [
        (2024, units.cam_xuyen.id), (2025, units.cam_xuyen.id), (2026, units.thien_cam.id)]
    assert Household.objects.get(pk=households.an.id).commune == units.thien_cam


def test_households_created_directly_can_be_transferred_without_results(official_cam_xuyen, units):
    bare = make_household(code="CX-0099", head_name="Võ Văn Chín", commune=units.cam_xuyen)
    transfer(official_cam_xuyen, bare, commune_id=units.thien_cam.id)
    assert Household.objects.get(pk=bare.id).unit_path == units.thien_cam.path


# ---------------------------------------------------------------------------------------------- the household page


def test_the_page_offers_both_forms_to_the_communes_officials(client_for, official_cam_xuyen, households, units):
    page = client_for(official_cam_xuyen).get(f"/ho/{households.an.id}/").content.decode()
    assert f'action="/ho/{households.an.id}/chuyen-ho/"' in page
    assert f'action="/ho/{households.an.id}/xoa-ten/"' in page
    assert f'<option value="v:{units.tan_phu.id}">Thôn Tân Phú</option>' in page
    assert f'value="c:{units.cam_xuyen.id}"' not in page  # not its own commune
    assert "Hộ chưa chuyển xã lần nào." in page


def test_the_page_offers_no_forms_to_a_village_head(client_for, village_head_trung_hoa, households):
    page = client_for(village_head_trung_hoa).get(f"/ho/{households.an.id}/").content.decode()
    assert "chuyen-ho" not in page and "xoa-ten" not in page


def test_transfer_through_the_page(client_for, official_cam_xuyen, official_thien_cam, households, units):
    client = client_for(official_cam_xuyen)
    response = client.post(f"/ho/{households.an.id}/chuyen-ho/", {
        "destination": f"v:{units.tan_phu.id}", "on": "2026-01-15", "reason": "Theo đơn của hộ"}, follow=True)
    assert response.redirect_chain == [(f"/dia-ban/{units.cam_xuyen.id}/", 302)]
    page = response.content.decode()
    assert "Đã chuyển hộ CX-0001 sang Thôn Tân Phú, Xã Thiên Cầm từ ngày 15/01/2026." in page
    assert "CX-0001" not in [h.code for h in response.context["page"]]
    assert AuditEvent.objects.get().channel == "web"

    page = client_for(official_thien_cam).get(f"/ho/{households.an.id}/").content.decode()
    assert ("<td>15/01/2026</td><td>Thôn Trung Hòa, Xã Cẩm Xuyên</td><td>Thôn Tân Phú, Xã Thiên Cầm</td>"
            "<td>Theo đơn của hộ</td><td>canbo.camxuyen</td>") in page


def test_a_refused_transfer_shows_the_reason_on_the_page(client_for, official_cam_xuyen, households, units):
    response = client_for(official_cam_xuyen).post(f"/ho/{households.an.id}/chuyen-ho/", {
        "destination": f"c:{units.thien_cam.id}", "on": "2025-11-01", "reason": "Theo đơn"})
    assert response.status_code == 400
    assert "sớm hơn kết quả rà soát gần nhất của hộ (30/11/2025)" in response.content.decode()
    assert HouseholdMove.objects.count() == 0


def test_close_through_the_page_and_find_it_with_the_filter(client_for, official_cam_xuyen, households, units):
    client = client_for(official_cam_xuyen)
    response = client.post(f"/ho/{households.binh.id}/xoa-ten/", {
        "reason_kind": "died_out", "on": "2026-01-15", "note": ""}, follow=True)
    page = response.content.decode()
    assert "Đã xóa tên hộ CX-0002 khỏi sổ từ ngày 15/01/2026" in page
    assert "Đã xóa tên khỏi sổ</strong> từ ngày 15/01/2026: Hộ không còn ai (các thành viên đã mất)." in page
    assert f'action="/ho/{households.binh.id}/xoa-ten/"' not in page  # no second closing

    unit = f"/dia-ban/{units.cam_xuyen.id}/"
    assert [h.code for h in client.get(unit).context["page"]] == ["CX-0001"]
    assert [h.code for h in client.get(unit, {"trang_thai": "closed"}).context["page"]] == ["CX-0002"]
    assert [h.code for h in client.get(unit, {"trang_thai": "all"}).context["page"]] == ["CX-0001", "CX-0002"]


def test_pages_of_another_commune_refuse_both_forms(client_for, official_thien_cam, households, units):
    client = client_for(official_thien_cam)
    assert client.post(f"/ho/{households.an.id}/xoa-ten/", {
        "reason_kind": "died_out", "on": "2026-01-15"}).status_code == 404
    assert client.post(f"/ho/{households.an.id}/chuyen-ho/", {
        "destination": f"c:{units.thien_cam.id}", "on": "2026-01-15", "reason": "x"}).status_code == 404


# ---------------------------------------------------------------------------------------------- the API


def test_api_transfer_and_close(client_for, official_cam_xuyen, official_thien_cam, households, units):
    client = client_for(official_cam_xuyen)
    response = client.post(f"/api/v1/households/{households.an.id}/transfer", {
        "commune_id": units.thien_cam.id, "on": "2026-01-15", "reason": "Theo đơn"}, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["from_commune_id"], response.json()["to_commune_id"]) == (
        units.cam_xuyen.id, units.thien_cam.id)
    assert client.get(f"/api/v1/households/{households.an.id}").status_code == 404

    other = client_for(official_thien_cam)
    detail = other.get(f"/api/v1/households/{households.an.id}").json()
    assert detail["commune_id"] == units.thien_cam.id
    assert {a["commune_id"] for a in detail["assessments"]} == {units.cam_xuyen.id}

    response = other.post(f"/api/v1/households/{households.an.id}/close", {
        "on": "2026-02-01", "reason_kind": "moved_away", "note": "Vào TP Hồ Chí Minh"},
        content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["closed_on"], response.json()["closed_reason"]) == ("2026-02-01", "moved_away")
    assert [h["code"] for h in other.get("/api/v1/households").json()["items"]] == ["TC-0001"]
    assert [h["code"] for h in other.get("/api/v1/households", {"state": "closed"}).json()["items"]] == ["CX-0001"]
    assert [e.channel for e in AuditEvent.objects.order_by("id")] == ["api", "api"]


def test_api_scoping_and_refusals(client_for, official_cam_xuyen, official_thien_cam, village_head_trung_hoa,
                                  households, units):
    body = {"commune_id": units.thien_cam.id, "on": "2026-01-15", "reason": "Theo đơn"}
    url = f"/api/v1/households/{households.an.id}/transfer"
    response = client_for(official_thien_cam).post(url, body, content_type="application/json")
    assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy hộ gia đình."})
    response = client_for(official_thien_cam).post(f"/api/v1/households/{households.an.id}/close", {
        "on": "2026-01-15", "reason_kind": "died_out"}, content_type="application/json")
    assert response.status_code == 404
    response = client_for(village_head_trung_hoa).post(url, body, content_type="application/json")
    assert (response.status_code, response.json()) == (
        403, {"detail": "Chỉ cán bộ xã hoặc tỉnh quản lý cả xã của hộ mới được chuyển hộ."})

    client = client_for(official_cam_xuyen)
    response = client.post(url, {**body, "commune_id": units.cam_xuyen.id}, content_type="application/json")
    assert (response.status_code, response.json()) == (422, {"detail": (
        "Hộ đã thuộc Xã Cẩm Xuyên; chuyển thôn trong cùng xã là sửa thông tin hộ, không phải chuyển hộ.")})
    response = client.post(f"/api/v1/households/{households.an.id}/close", {
        "on": "2026-01-15", "reason_kind": "lost"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"].startswith("Lý do xóa tên phải là một trong:")
    assert AuditEvent.objects.count() == 0
