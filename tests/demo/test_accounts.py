"""Demo accounts: one per role, scoped, created once, their logins printed."""

from __future__ import annotations

import pytest
from django.test import Client

from giamngheo.accounts.models import Role, UnitScope, User
from giamngheo.demo.accounts import ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure
from giamngheo.registry.access import households_visible_to

pytestmark = pytest.mark.django_db

EXPECTED_SCOPES = {
    "admin": set(),
    "tinh.hatinh": {"Tỉnh Hà Tĩnh"},
    "xa.camxuyen": {"Xã Cẩm Xuyên"},
    "xa.thiencam": {"Xã Thiên Cầm"},
    "thon.trunghoa": {"Thôn Trung Hòa"},
    "bientap": {"Xã Cẩm Xuyên"},
    "phatthanh": {"Xã Cẩm Xuyên"},
    "giangvien": {"Tỉnh Hà Tĩnh"},
    "kiemtra": {"Tỉnh Hà Tĩnh"},
}


def test_each_role_has_one_scoped_account_with_a_printed_login(seeded) -> None:
    logins = {login.username: login for login in seeded.report.logins}
    assert set(logins) == set(EXPECTED_SCOPES)
    assert all(login.password == DEMO_PASSWORD and login.description for login in logins.values())
    assert {u.role for u in User.objects.all()} == {"", *Role.values}
    for username, scopes in EXPECTED_SCOPES.items():
        user = User.objects.get(username=username)
        assert set(user.scopes.values_list("unit__name", flat=True)) == scopes, username
        assert user.check_password(DEMO_PASSWORD)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_running_again_creates_nothing_and_does_not_print_a_changed_password(seeded) -> None:
    official = User.objects.get(username="xa.camxuyen")
    official.set_password("mat-khau-moi-cua-can-bo")
    official.save()

    logins = {login.username: login.password for login in demo_accounts_ensure()}

    assert User.objects.count() == len(ACCOUNTS)
    assert UnitScope.objects.count() == len(ACCOUNTS) - 1
    assert logins["xa.camxuyen"] == ""
    assert logins["xa.thiencam"] == DEMO_PASSWORD


def test_officials_see_only_their_commune_and_the_village_head_only_the_village(seeded) -> None:
    official = User.objects.get(username="xa.camxuyen")
    head = User.objects.get(username="thon.trunghoa")
    visible = households_visible_to(official)
    assert visible.count() > 0
    assert set(visible.values_list("commune__code", flat=True)) == {"18673"}
    assert set(households_visible_to(head).values_list("village__name", flat=True)) == {"Thôn Trung Hòa"}
    assert households_visible_to(User.objects.get(username="kiemtra")).count() == 2_000


def test_a_demo_login_opens_the_workspace(seeded) -> None:
    client = Client()
    assert client.login(username="xa.thiencam", password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200
