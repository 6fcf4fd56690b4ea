from django.urls import path

from convener.core.routes import ACCOUNT, INVITEE, PUBLIC, RouteAccess
from convener.initiatives import audit_urls, views

app_name = "initiatives"

urlpatterns = [
    path("", views.home, name="landing"),
    path("initiatives/", views.initiative_list, name="list"),
    path("initiatives/new/", views.initiative_create, name="create"),
    path("i/<slug:slug>/", views.initiative_home, name="home"),
    path("i/<slug:slug>/habits/<slug:habit>/", views.habit_page, name="habit"),
    path("i/<slug:slug>/settings/", views.initiative_settings, name="settings"),
    path("i/<slug:slug>/archive/", views.initiative_archive, name="archive"),
    path("i/<slug:slug>/restore/", views.initiative_restore, name="restore"),
    path("i/<slug:slug>/perspectives/", views.perspectives, name="perspectives"),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/",
        views.perspective_edit,
        name="perspective_edit",
    ),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/move/",
        views.perspective_move,
        name="perspective_move",
    ),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/delete/",
        views.perspective_delete,
        name="perspective_delete",
    ),
    path("i/<slug:slug>/team/", views.team, name="team"),
    path("i/<slug:slug>/team/<int:member_id>/role/", views.member_role, name="member_role"),
    path("i/<slug:slug>/team/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path(
        "i/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("join/", views.join, name="join"),
    path("join/<str:token>/", views.join_token, name="join_token"),
]

route_access: dict[str, RouteAccess] = {
    "landing": PUBLIC,
    "list": ACCOUNT,
    "create": ACCOUNT,
    "home": {"GET": "viewer"},
    "habit": {"GET": "viewer"},
    "settings": {"GET": "convener", "POST": "convener"},
    "archive": {"POST": "owner"},
    "restore": {"POST": "owner"},
    "perspectives": {"GET": "viewer", "POST": "convener"},
    "perspective_edit": {"GET": "convener", "POST": "convener"},
    "perspective_move": {"POST": "convener"},
    "perspective_delete": {"POST": "convener"},
    "team": {"GET": "viewer", "POST": "convener"},
    "member_role": {"POST": "owner"},
    "member_remove": {"POST": "owner"},  # leaving oneself is open to every role
    "invitation_revoke": {"POST": "convener"},
    "join": INVITEE,
    "join_token": INVITEE,
}

# Owner areas kept in their own modules.
urlpatterns += audit_urls.urlpatterns
route_access.update(audit_urls.route_access)
