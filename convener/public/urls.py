from django.urls import path

from convener.core.routes import PUBLIC, RouteAccess
from convener.public.views import page

app_name = "public"

urlpatterns = [
    path("public/<slug:slug>/", page.public_page, name="page"),
    path("i/<slug:slug>/settings/public-page/", page.public_settings, name="settings"),
]

route_access: dict[str, RouteAccess] = {
    "page": PUBLIC,  # 404 unless the team published it; no account either way
    "settings": {"GET": "convener", "POST": "convener"},
}
