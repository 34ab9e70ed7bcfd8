"""Staff sign in through the Vietnamese form; repeated failures are throttled; sessions expire; logout works."""

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD

THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN = "/tai-khoan/dang-nhap/"


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_right_password_signs_in_and_goes_to_the_workspace(official_cam_xuyen):
    client = Client()
    response = login(client, "canbo.camxuyen", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dia-ban/"
    assert client.get("/dia-ban/").status_code == 200


def test_login_returns_to_the_page_asked_for(official_cam_xuyen, units):
    client = Client()
    target = f"/dia-ban/{units.cam_xuyen.id}/"
    response = client.post(LOGIN, {"username": "canbo.camxuyen", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_wrong_password_is_refused_in_vietnamese(official_cam_xuyen):
    response = login(Client(), "canbo.camxuyen", "sai-mat-khau")
    assert response.status_code == 200
    assert INVALID in response.content.decode()


def test_sixth_attempt_is_refused_even_with_the_right_password(official_cam_xuyen):
    client = Client()
    for _ in range(5):
        assert INVALID in login(client, "canbo.camxuyen", "sai-mat-khau").content.decode()
    response = login(client, "canbo.camxuyen", PASSWORD)
    assert response.status_code == 200
    assert THROTTLED in response.content.decode()
    assert client.get("/dia-ban/").status_code == 302


def test_throttle_counts_the_account_across_addresses(official_cam_xuyen):
    for n in range(5):
        login(Client(), "canbo.camxuyen", "sai-mat-khau", REMOTE_ADDR=f"192.0.2.{n + 1}")
    response = login(Client(), "CanBo.CamXuyen ", PASSWORD, REMOTE_ADDR="192.0.2.99")
    assert THROTTLED in response.content.decode()


def test_throttle_counts_the_address_across_accounts(official_cam_xuyen, official_thien_cam):
    for n in range(5):
        login(Client(), f"doan-mo-{n}", "sai-mat-khau", REMOTE_ADDR="198.51.100.9")
    assert THROTTLED in login(Client(), "canbo.thiencam", PASSWORD, REMOTE_ADDR="198.51.100.9").content.decode()
    assert login(Client(), "canbo.thiencam", PASSWORD, REMOTE_ADDR="198.51.100.10").status_code == 302


def test_a_success_clears_the_accounts_failures(official_cam_xuyen):
    for _ in range(4):
        login(Client(), "canbo.camxuyen", "sai-mat-khau", REMOTE_ADDR="192.0.2.1")
    assert login(Client(), "canbo.camxuyen", PASSWORD, REMOTE_ADDR="192.0.2.2").status_code == 302
    for _ in range(4):
        login(Client(), "canbo.camxuyen", "sai-mat-khau", REMOTE_ADDR="192.0.2.3")
    assert login(Client(), "canbo.camxuyen", PASSWORD, REMOTE_ADDR="192.0.2.4").status_code == 302


@pytest.mark.skipif(not settings.REDIS_URL, reason="runs when REDIS_URL is set (CI)")
def test_failures_are_counted_in_redis(official_cam_xuyen):
    import redis

    for _ in range(5):
        login(Client(), "canbo.camxuyen", "sai-mat-khau", REMOTE_ADDR="192.0.2.1")
    keys = sorted(k.decode().split(":", 2)[-1] for k in redis.Redis.from_url(settings.REDIS_URL).keys("*login-fail*"))
    assert len(keys) == 2
    assert keys[0] == "login-fail:ip:192.0.2.1"
    assert keys[1].startswith("login-fail:user:")


def test_inactive_account_cannot_sign_in(official_cam_xuyen):
    official_cam_xuyen.is_active = False
    official_cam_xuyen.save()
    assert INVALID in login(Client(), "canbo.camxuyen", PASSWORD).content.decode()


def test_sessions_expire_after_a_working_day_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_session_cookie_is_a_browser_session_cookie(official_cam_xuyen):
    client = Client()
    login(client, "canbo.camxuyen", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert client.session.get_expire_at_browser_close() is True
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_logout_ends_the_session(official_cam_xuyen):
    client = Client()
    login(client, "canbo.camxuyen", PASSWORD)
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/dia-ban/").status_code == 302
    assert client.get("/api/v1/units").status_code == 401


def test_logout_needs_a_post(official_cam_xuyen):
    client = Client()
    login(client, "canbo.camxuyen", PASSWORD)
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert client.get("/dia-ban/").status_code == 200
