from django.contrib.auth import views as auth_views
from django.urls import path

from giamngheo.accounts.views import LoginView

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
]
