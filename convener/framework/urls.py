from django.urls import path

from convener.core.routes import PUBLIC, RouteAccess
from convener.framework.views import learn

app_name = "framework"

urlpatterns = [
    path("", learn.learn, name="learn"),
    path("habits/<slug:key>/", learn.habit, name="habit"),
    path("rubrics/", learn.rubrics, name="rubrics"),
    path("tools/", learn.tools, name="tools"),
    path("leadership/", learn.leadership, name="leadership"),
]

route_access: dict[str, RouteAccess] = {
    name: PUBLIC for name in ("learn", "habit", "rubrics", "tools", "leadership")
}
