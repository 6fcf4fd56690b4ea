"""What next and the tools' outputs (merged into urls.py with the other toolkit areas)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.toolkit.views import recommend

urlpatterns: list[URLPattern] = [
    path("next/", recommend.recommend, name="recommend"),
    path("outputs/", recommend.outputs, name="outputs"),
]
route_access: dict[str, RouteAccess] = {
    "recommend": {"GET": "viewer"},
    "outputs": {"GET": "viewer"},
}
