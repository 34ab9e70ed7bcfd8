"""The public face: a Vietnamese home page and the admin's login page."""

from django.test import Client


def test_home_page_is_vietnamese_with_staff_login_and_resident_links(db):
    response = Client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert "<h1>Nền tảng giảm nghèo đa chiều</h1>" in page
    assert '<a role="button" href="/tai-khoan/dang-nhap/">Đăng nhập cán bộ</a>' in page
    assert "<h3>Dành cho người dân</h3>" in page
    assert '<a href="/api/v1/docs">' in page


def test_home_page_offers_the_workspace_to_staff(client_for, official_cam_xuyen):
    page = client_for(official_cam_xuyen).get("/").content.decode()
    assert '<a role="button" href="/dia-ban/">Vào địa bàn của tôi</a>' in page


def test_login_page_is_vietnamese(db):
    page = Client().get("/tai-khoan/dang-nhap/").content.decode()
    assert "<h1>Đăng nhập cho cán bộ</h1>" in page
    assert '<label for="id_username">Tên đăng nhập</label>' in page
    assert '<label for="id_password">Mật khẩu</label>' in page


def test_admin_sends_visitors_to_its_login_page(db):
    client = Client()
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "giamngheo — quản trị" in response.content.decode()


def test_admin_index_renders_for_a_superuser(client_for, superuser):
    response = client_for(superuser).get("/admin/")
    assert response.status_code == 200
    assert "/admin/common/auditevent/" in response.content.decode()
