"""The signed-in person's own account at /account/."""

from django.urls import path

from convener.accounts.views import account
from convener.core.routes import ACCOUNT, RouteAccess

app_name = "account"

urlpatterns = [
    path("", account.account, name="home"),
    path("email/", account.change_email, name="email"),
    path("password/", account.change_password, name="password"),
]

route_access: dict[str, RouteAccess] = {"home": ACCOUNT, "email": ACCOUNT, "password": ACCOUNT}
