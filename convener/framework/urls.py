from django.urls import path

from convener.core.routes import PUBLIC, RouteAccess
from convener.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.learn, name="learn"),
    path("habits/<slug:key>/", views.habit, name="habit"),
    path("rubrics/", views.rubrics, name="rubrics"),
    path("tools/", views.tools, name="tools"),
    path("leadership/", views.leadership, name="leadership"),
]

route_access: dict[str, RouteAccess] = {
    name: PUBLIC for name in ("learn", "habit", "rubrics", "tools", "leadership")
}
