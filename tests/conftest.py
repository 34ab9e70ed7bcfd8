"""Shared fixtures: a small Hà Tĩnh unit tree, staff accounts per role, households with results.

Everything is built directly with the ORM so that tests do not depend on the real unit loader.
Unit tree (paths are "/<id>/<id>/…/", as `AdminUnit.path` requires):

    Tỉnh Hà Tĩnh (42)
    ├── Huyện Cẩm Xuyên (436, until 2025-07-01)
    │   ├── Thị trấn Cẩm Xuyên (18673, until 2025-07-01) ──► Xã Cẩm Xuyên
    │   ├── Xã Cẩm Quang (18691, until 2025-07-01)       ──► Xã Cẩm Xuyên
    │   └── Thị trấn Thiên Cầm (18676, until 2025-07-01) ──► Xã Thiên Cầm
    ├── Xã Cẩm Xuyên (18673, from 2025-07-01)
    │   ├── Thôn Trung Hòa       household CX-0001 Nguyễn Văn An
    │   └── Thôn Quyết Tiến      household CX-0002 Trần Thị Bình
    └── Xã Thiên Cầm (18676, from 2025-07-01)
        └── Thôn Tân Phú         household TC-0001 Lê Văn Đức
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from django.db.models.signals import post_migrate

from giamngheo.common.text import fold

PASSWORD = "Mat-khau-thu-nghiem-2025"
REFORM = dt.date(2025, 7, 1)


# ---------------------------------------------------------------------------------------------- session set-up


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start from an empty Redis test database when the suite runs against Redis (REDIS_URL, db 15 in CI)."""
    url = os.environ.get("REDIS_URL")
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache, so login-throttling counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _request_origin_of_its_own() -> Iterator[None]:
    """Each test starts outside any request ("system"), even after a CLI command ran in-process and set "cli"."""
    from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin

    token = set_origin(RequestOrigin())
    yield
    reset_origin(token)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every transactional test (live server, browser) the database as migrations left it.

    Django empties the database after such a test, which would also remove the rows that data migrations
    seed (policy catalogue, checklists) for every later test; serialized rollback puts them back.
    """
    for item in items:
        if _is_transactional(item):
            item.fixturenames.append("django_db_serialized_rollback")  # type: ignore[attr-defined]


def _is_transactional(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


# The audit log is append-only in the database itself: its triggers refuse DELETE (SQLite) and TRUNCATE
# (PostgreSQL), which is what Django does to empty the database after each transactional test. So for those
# tests the triggers are dropped just before that and put back when the next test starts or, when Django
# runs its post-migrate step after emptying, right away.
_append_only = importlib.import_module("giamngheo.common.migrations.0002_audit_append_only")


def _audit_triggers(connection, *, present: bool) -> None:  # type: ignore[no-untyped-def]
    vendor = connection.vendor
    drop = {"sqlite": _append_only.SQLITE_REVERSE, "postgresql": _append_only.POSTGRES_REVERSE}.get(vendor, [])
    create = {"sqlite": _append_only.SQLITE, "postgresql": _append_only.POSTGRES}.get(vendor, [])
    with connection.cursor() as cursor:
        for statement in drop + (create if present else []):
            cursor.execute(statement)


def _audit_triggers_back_after_flush(sender, using, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if sender.label == "common":
        from django.db import connections

        _audit_triggers(connections[using], present=True)


post_migrate.connect(_audit_triggers_back_after_flush, dispatch_uid="tests-audit-triggers-back")


@pytest.fixture(autouse=True)
def _audit_log_flushable(request: pytest.FixtureRequest) -> Iterator[None]:
    if not _is_transactional(request.node):
        yield
        return
    # Set up the database first, so that emptying it happens after this fixture's teardown.
    request.getfixturevalue("transactional_db")
    from django.db import connection

    _audit_triggers(connection, present=True)
    yield
    _audit_triggers(connection, present=False)


# ---------------------------------------------------------------------------------------------- units


def make_unit(*, level: str, code: str, name: str, parent=None, valid_from=None, valid_to=None, **extra):  # type: ignore[no-untyped-def]
    """Create an administrative unit with its materialised path "/<ancestor ids>/<own id>/"."""
    from giamngheo.geo.models import AdminUnit

    short_name = extra.pop("short_name", name.split(" ", 1)[1] if " " in name else name)
    unit = AdminUnit.objects.create(
        level=level, code=code, name=name, short_name=short_name, parent=parent,
        valid_from=valid_from, valid_to=valid_to, search_key=fold(name), **extra,
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    AdminUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@pytest.fixture
def units(db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    from giamngheo.geo.models import UnitSuccession

    province = make_unit(level="province", code="42", name="Tỉnh Hà Tĩnh", unit_type="Tỉnh")
    old_district = make_unit(
        level="district", code="436", name="Huyện Cẩm Xuyên", parent=province, valid_to=REFORM, unit_type="Huyện"
    )
    old_town = make_unit(
        level="commune", code="18673", name="Thị trấn Cẩm Xuyên", parent=old_district, valid_to=REFORM,
        unit_type="Thị trấn",
    )
    old_cam_quang = make_unit(
        level="commune", code="18691", name="Xã Cẩm Quang", parent=old_district, valid_to=REFORM, unit_type="Xã"
    )
    old_thien_cam = make_unit(
        level="commune", code="18676", name="Thị trấn Thiên Cầm", parent=old_district, valid_to=REFORM,
        unit_type="Thị trấn",
    )
    cam_xuyen = make_unit(
        level="commune", code="18673", name="Xã Cẩm Xuyên", parent=province, valid_from=REFORM, unit_type="Xã"
    )
    thien_cam = make_unit(
        level="commune", code="18676", name="Xã Thiên Cầm", parent=province, valid_from=REFORM, unit_type="Xã"
    )
    trung_hoa = make_unit(level="village", code="18673-01", name="Thôn Trung Hòa", parent=cam_xuyen, unit_type="Thôn")
    quyet_tien = make_unit(
        level="village", code="18673-02", name="Thôn Quyết Tiến", parent=cam_xuyen, unit_type="Thôn"
    )
    tan_phu = make_unit(level="village", code="18676-01", name="Thôn Tân Phú", parent=thien_cam, unit_type="Thôn")
    for old, new in [(old_town, cam_xuyen), (old_cam_quang, cam_xuyen), (old_thien_cam, thien_cam)]:
        UnitSuccession.objects.create(predecessor=old, successor=new, effective=REFORM)
    return SimpleNamespace(
        province=province, old_district=old_district, old_town=old_town, old_cam_quang=old_cam_quang,
        old_thien_cam=old_thien_cam, cam_xuyen=cam_xuyen, thien_cam=thien_cam, trung_hoa=trung_hoa,
        quyet_tien=quyet_tien, tan_phu=tan_phu,
    )


# ---------------------------------------------------------------------------------------------- accounts


@pytest.fixture
def make_user(db) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Return a factory: make_user("commune_official", unit, ..., username="cx") → a scoped staff account."""
    from giamngheo.accounts.models import UnitScope, User

    def factory(role: str, *scope_units, username: str | None = None, password: str = PASSWORD, **fields):  # type: ignore[no-untyped-def]
        name = username or f"{role}-{User.objects.count() + 1}"
        user = User.objects.create_user(username=name, password=password, role=role, **fields)
        for unit in scope_units:
            UnitScope.objects.create(user=user, unit=unit)
        return user

    return factory


@pytest.fixture
def official_cam_xuyen(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("commune_official", units.cam_xuyen, username="canbo.camxuyen", first_name="Hoa")


@pytest.fixture
def official_thien_cam(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("commune_official", units.thien_cam, username="canbo.thiencam")


@pytest.fixture
def village_head_trung_hoa(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("village_head", units.trung_hoa, username="truongthon.trunghoa")


@pytest.fixture
def province_admin(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("province_admin", units.province, username="quantri.tinh")


@pytest.fixture
def auditor(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("auditor", units.province, username="kiemtra.tinh")


@pytest.fixture
def superuser(db):  # type: ignore[no-untyped-def]
    from giamngheo.accounts.models import User

    return User.objects.create_superuser(username="admin", password=PASSWORD, email="admin@example.gov.vn")


@pytest.fixture
def client_for() -> Callable[..., object]:
    """Return a factory: client_for(user) → a Django test client logged in as that user."""
    from django.test import Client

    def factory(user):  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client

    return factory


# ---------------------------------------------------------------------------------------------- households


def make_household(*, code: str, head_name: str, commune, village=None, members=(), results=(), **fields):  # type: ignore[no-untyped-def]
    """Create a household with members [(name, birth_year, sex, relation)] and results [(year, category, income)]."""
    from giamngheo.registry.models import Household, HouseholdAssessment, Member

    household = Household.objects.create(
        code=code, head_name=head_name, commune=commune, village=village,
        unit_path=(village or commune).path,
        search_key=fold(f"{code} {head_name} {village.name if village else ''} {fields.get('address', '')}"),
        **fields,
    )
    for full_name, birth_year, sex, relation in members:
        Member.objects.create(
            household=household, full_name=full_name, birth_year=birth_year, sex=sex, relation=relation
        )
    for year, category, income in results:
        poor_or_near = category in {"poor", "near_poor"}
        HouseholdAssessment.objects.create(
            household=household, year=year, commune=commune, standard_id="nd07-2021", category=category,
            income_per_capita=income, deprivation_count=3 if poor_or_near else 0,
            deprivations="viec_lam;bhyt;nha_o" if poor_or_near else "",
            reason="Thu nhập dưới chuẩn" if poor_or_near else "", facts={}, assessed_on=dt.date(year, 11, 30),
        )
    return household


@pytest.fixture
def households(units) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    an = make_household(
        code="CX-0001", head_name="Nguyễn Văn An", commune=units.cam_xuyen, village=units.trung_hoa,
        address="Xóm 3", members=[("Nguyễn Văn An", 1970, "M", "Chủ hộ"), ("Phạm Thị Lan", 1974, "F", "Vợ")],
        results=[(2024, "poor", 1_200_000), (2025, "near_poor", 1_800_000)],
    )
    binh = make_household(
        code="CX-0002", head_name="Trần Thị Bình", commune=units.cam_xuyen, village=units.quyet_tien,
        members=[("Trần Thị Bình", 1982, "F", "Chủ hộ")], results=[(2025, "non_poor", 4_500_000)],
    )
    duc = make_household(
        code="TC-0001", head_name="Lê Văn Đức", commune=units.thien_cam, village=units.tan_phu, area="urban",
        members=[("Lê Văn Đức", 1965, "M", "Chủ hộ")], results=[(2025, "poor", 1_000_000)],
    )
    return SimpleNamespace(an=an, binh=binh, duc=duc)


@pytest.fixture
def celery_eager() -> Iterator[None]:
    """Celery runs tasks in the process right after the commit, as without REDIS_URL (even when the suite has Redis)."""
    from config.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
