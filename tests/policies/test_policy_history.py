"""A policy's version history: every version newest first, what changed, escaped, behind the policy page's door."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from giamngheo.policies import selectors
from giamngheo.policies.models import Policy, PolicyVersion
from giamngheo.policies.services import policy_update

pytestmark = pytest.mark.django_db

CODE = "vay-von-ho-ngheo"
URL = f"/chinh-sach/{CODE}/lich-su/"


@pytest.fixture
def edited(province_admin) -> Policy:  # type: ignore[no-untyped-def]
    assert Policy.objects.get(code=CODE).version == 1
    policy_update(acting_user=province_admin, code=CODE, note="Ghi mức vay",
                  benefit="<p>Vay vốn sản xuất, kinh doanh với lãi suất <strong>0,5%/tháng</strong>, "
                          "tối đa 100 triệu đồng.</p>",
                  amount_verified=True)
    policy_update(acting_user=province_admin, code=CODE, note="Mở cho hộ cận nghèo",
                  name="Vay vốn ưu đãi cho hộ nghèo, cận nghèo", rule={"category": ["poor", "near_poor"]})
    return Policy.objects.get(code=CODE)


def test_two_edits_list_three_versions_with_the_changed_fields(edited, client_for, province_admin) -> None:  # type: ignore[no-untyped-def]
    history = selectors.policy_history(edited)
    assert [e.version.version for e in history] == [3, 2, 1]
    assert [c.name for c in history[0].changes] == ["name", "rule"]
    assert [c.name for c in history[1].changes] == ["benefit", "amount_verified"]
    assert history[2].first and history[2].changes == ()

    name = history[0].changes[0]
    assert (name.label, name.old, name.new) == ("Tên chính sách", "Vay vốn ưu đãi cho hộ nghèo",
                                                "Vay vốn ưu đãi cho hộ nghèo, cận nghèo")
    rule = history[0].changes[1]
    assert rule.label == "Điều kiện (quy tắc)"
    assert rule.old == '{\n  "category": [\n    "poor"\n  ]\n}'
    assert rule.new == '{\n  "category": [\n    "poor",\n    "near_poor"\n  ]\n}'
    assert rule.parts == (("same", '{\n  "category": ['), ("del", '    "poor"'),
                          ("ins", '    "poor",\n    "near_poor"'), ("same", "  ]\n}"))
    benefit = history[1].changes[0]
    assert benefit.label == "Quyền lợi"
    # tags stripped
    assert benefit.new == "Vay vốn sản xuất, kinh doanh với lãi suất 0,5%/tháng, tối đa 100 triệu đồng."
    kinds = {kind for kind, _ in benefit.parts}
    assert kinds == {"same", "del", "ins"}
    assert benefit.parts[0] == ("same", "Vay vốn sản xuất, kinh doanh với lãi suất")
    assert ("ins", "0,5%/tháng,") in benefit.parts
    verified = history[1].changes[1]
    assert (verified.label, verified.old, verified.new) == ("Mức hỗ trợ đã đối chiếu văn bản gốc", "không", "có")

    page = client_for(province_admin).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    headings = re.findall(r"<h2>Phiên bản (\d+)</h2>", html)
    assert headings == ["3", "2", "1"]
    for text in ("Ghi mức vay", "Mở cho hộ cận nghèo", "quantri.tinh", "Tên chính sách", "Quyền lợi",
                 "<del>Vay vốn ưu đãi cho hộ nghèo</del> → <ins>Vay vốn ưu đãi cho hộ nghèo, cận nghèo</ins>",
                 "<ins>    &quot;poor&quot;,\n    &quot;near_poor&quot;</ins>", "<del>không</del> → <ins>có</ins>"):
        assert text in html, text
    assert html.index("Mở cho hộ cận nghèo") < html.index("Ghi mức vay")  # newest first


def test_the_policy_page_and_edit_form_link_to_the_history(client_for, province_admin) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_admin)
    for page in (f"/chinh-sach/{CODE}/", f"/chinh-sach/{CODE}/sua/"):
        assert f'href="{URL}"' in client.get(page).content.decode(), page


def test_hostile_html_in_a_version_is_shown_escaped(edited, client_for, province_admin) -> None:  # type: ignore[no-untyped-def]
    version = PolicyVersion.objects.get(policy=edited, version=3)
    version.data = {**version.data,
                    "benefit": ('<script>alert("x")</script>Vay &lt;script&gt;alert(1)&lt;/script&gt; '
                                '<img src=x onerror=alert(2)>'),
                    "agency": "<b onmouseover=alert(3)>Ngân hàng</b>",
                    "rule": {"category": ["poor", "</code><script>alert(4)</script>"]}}
    version.note = "<script>alert(5)</script>"
    version.save()
    html = client_for(province_admin).get(URL).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)", html, flags=re.IGNORECASE) == []  # only the site's own
    assert "<b " not in html and "<img" not in html and "</code><script" not in html
    assert "onerror" not in html and "onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # text that reads as a tag shows as text
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in html


def test_same_door_as_the_policy_page(edited, client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    # The catalogue and policy page are open to every signed-in staff account, commune officials included (the
    # policy page already lists the versions): the history answers them the same way, and sends visitors to log in.
    official = client_for(official_cam_xuyen)
    for page in ("/chinh-sach/", f"/chinh-sach/{CODE}/", URL):
        assert official.get(page).status_code == 200, page
        anonymous = Client().get(page)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login")), page


def test_unknown_code_is_not_found(client_for, province_admin, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    for user in (province_admin, official_cam_xuyen):
        assert client_for(user).get("/chinh-sach/khong-co-ma-nay/lich-su/").status_code == 404
