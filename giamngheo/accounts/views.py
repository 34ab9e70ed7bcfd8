from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from giamngheo.accounts.throttle import login_blocked, login_failed, login_succeeded
from giamngheo.common.middleware import client_ip


class ThrottledLoginForm(AuthenticationForm):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    password = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
        "throttled": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
    }

    def clean(self):  # type: ignore[no-untyped-def]
        username = self.cleaned_data.get("username", "")
        ip = client_ip(self.request) if self.request else ""
        if login_blocked(username=username, ip=ip):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failed(username=username, ip=ip)
            raise
        login_succeeded(username=username, ip=ip)
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
