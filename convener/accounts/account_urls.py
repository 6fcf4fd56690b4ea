"""The signed-in person's own account at /account/."""

from django.urls import path

from convener.accounts import views
from convener.core.routes import ACCOUNT, RouteAccess

app_name = "account"

urlpatterns = [
    path("", views.account, name="home"),
    path("email/", views.change_email, name="email"),
    path("password/", views.change_password, name="password"),
]

route_access: dict[str, RouteAccess] = {"home": ACCOUNT, "email": ACCOUNT, "password": ACCOUNT}
