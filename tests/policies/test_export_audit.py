"""Every export of a list naming households leaves an audit event: who, which policy, where, format, how many."""

from __future__ import annotations

import csv
import io

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.policies.models import Policy

pytestmark = pytest.mark.django_db


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="entitlements.export").order_by("id"))


def test_an_xlsx_export_is_audited_with_its_row_count(computed, client_for, official_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    assert client_for(official_cam_xuyen).get("/chinh-sach/bhyt-ho-ngheo/danh-sach.xlsx").status_code == 200
    [event] = exports()
    policy = Policy.objects.get(code="bhyt-ho-ngheo")
    assert (event.actor, event.object_type, event.object_id) == (official_cam_xuyen, "policies.policy", str(policy.pk))
    assert event.unit_path == units.cam_xuyen.path  # the official's one unit
    assert event.channel == "web"
    assert event.after == {"policy": "bhyt-ho-ngheo", "version": 1, "format": "xlsx", "scenario": "current",
                           "change": None, "commune": None, "commune_name": "địa bàn được giao", "rows": 1}


def test_a_csv_export_of_a_commune_is_audited(computed, client_for, province_admin, units) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_admin)
    response = client.get(f"/chinh-sach/vay-von-ho-can-ngheo/danh-sach.csv?xa={units.thien_cam.pk}")
    title, _headers, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "Vay vốn ưu đãi cho hộ cận nghèo" in title[0] and "Xã Thiên Cầm" in title[0]
    assert [line[1] for line in lines] == ["TC-0101"]
    [event] = exports()
    assert event.unit_path == units.thien_cam.path
    assert (event.after["format"], event.after["commune"], event.after["rows"]) == ("csv", units.thien_cam.code, 1)
    client.get("/chinh-sach/bhyt-ho-can-ngheo/danh-sach.csv?kich-ban=2027-2030")
    client.get("/chinh-sach/bhyt-ho-can-ngheo/danh-sach.csv?thay-doi=duoc")
    assert [(e.after["scenario"], e.after["change"], e.after["rows"]) for e in exports()[1:]] == [
        ("2027-2030", None, 2), ("2027-2030", "duoc", 1)]


def test_refused_exports_record_nothing(computed, client_for, official_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    client = client_for(official_cam_xuyen)
    assert client.get(f"/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?xa={units.thien_cam.pk}").status_code == 404
    assert client.get("/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?kich-ban=khac").status_code == 404
    assert exports() == []
    # An empty list is still an export of the policy's list: audited with 0 rows.
    client.get("/chinh-sach/vay-von-ho-can-ngheo/danh-sach.csv")
    assert [e.after["rows"] for e in exports()] == [0]
