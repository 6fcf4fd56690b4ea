"""The live app's initiative routes (mounted under /i/<slug>/live/)."""

from django.urls import URLPattern, path

from convener.core.routes import RouteAccess
from convener.live.views import breakout_copy, manage, run, series

app_name = "live"

S = "<int:session_id>/"

urlpatterns: list[URLPattern] = [
    path("", manage.sessions, name="sessions"),
    path("new/", manage.session_create, name="session_create"),
    path(S, manage.session_edit, name="session_edit"),
    path(S + "copy/", manage.session_copy, name="session_copy"),
    path(S + "items/add/", manage.item_add, name="item_add"),
    path(S + "items/<int:item_id>/", manage.item_edit, name="item_edit"),
    path(S + "items/<int:item_id>/move/", manage.item_move, name="item_move"),
    path(S + "items/<int:item_id>/delete/", manage.item_delete, name="item_delete"),
    path(S + "run/", run.facilitate, name="facilitate"),
    path(S + "run/live/", run.facilitate_live, name="facilitate_live"),
    path(S + "run/control/", run.control, name="control"),
    path(S + "present/", run.presenter, name="presenter"),
    path(S + "present/live/", run.presenter_live, name="presenter_live"),
    path(S + "results/", run.results, name="results"),
    path(S + "results/export/", run.export, name="export"),
    path(S + "records/", run.records, name="records"),
    path(
        S + "items/<int:item_id>/to-worksheet/",
        breakout_copy.to_worksheet,
        name="breakout_to_worksheet",
    ),
    path("series/", series.series_list, name="series_list"),
    path("series/new/", series.series_create, name="series_create"),
    path("series/<int:series_id>/", series.series_page, name="series_page"),
    path(
        "series/<int:series_id>/sessions/add/",
        series.series_add_session,
        name="series_add_session",
    ),
]

VIEW = {"GET": "viewer"}
EDIT = {"GET": "member", "POST": "member"}
ACT = {"POST": "member"}

route_access: dict[str, RouteAccess] = {
    "sessions": VIEW,
    "session_create": EDIT,
    "session_edit": EDIT,
    "session_copy": ACT,
    "item_add": EDIT,
    "item_edit": EDIT,
    "item_move": ACT,
    "item_delete": ACT,
    "facilitate": {"GET": "member"},
    "facilitate_live": {"GET": "member"},
    "control": ACT,
    "presenter": VIEW,
    "presenter_live": VIEW,
    "results": VIEW,
    "export": {"GET": "member"},
    "records": {"GET": "member"},
    "breakout_to_worksheet": ACT,
    "series_list": VIEW,
    "series_create": EDIT,
    "series_page": VIEW,
    "series_add_session": ACT,
}
