from django.urls import path

from convener.core.routes import ACCOUNT, INVITEE, PUBLIC, RouteAccess
from convener.initiatives import audit_urls
from convener.initiatives.views import initiatives, perspectives, team

app_name = "initiatives"

urlpatterns = [
    path("", initiatives.home, name="landing"),
    path("initiatives/", initiatives.initiative_list, name="list"),
    path("initiatives/new/", initiatives.initiative_create, name="create"),
    path("i/<slug:slug>/", initiatives.initiative_home, name="home"),
    path("i/<slug:slug>/habits/<slug:habit>/", initiatives.habit_page, name="habit"),
    path("i/<slug:slug>/settings/", initiatives.initiative_settings, name="settings"),
    path("i/<slug:slug>/archive/", initiatives.initiative_archive, name="archive"),
    path("i/<slug:slug>/restore/", initiatives.initiative_restore, name="restore"),
    path("i/<slug:slug>/perspectives/", perspectives.perspectives, name="perspectives"),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/",
        perspectives.perspective_edit,
        name="perspective_edit",
    ),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/move/",
        perspectives.perspective_move,
        name="perspective_move",
    ),
    path(
        "i/<slug:slug>/perspectives/<int:perspective_id>/delete/",
        perspectives.perspective_delete,
        name="perspective_delete",
    ),
    path("i/<slug:slug>/team/", team.team, name="team"),
    path("i/<slug:slug>/team/<int:member_id>/role/", team.member_role, name="member_role"),
    path("i/<slug:slug>/team/<int:member_id>/remove/", team.member_remove, name="member_remove"),
    path(
        "i/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        team.invitation_revoke,
        name="invitation_revoke",
    ),
    path("join/", team.join, name="join"),
    path("join/<str:token>/", team.join_token, name="join_token"),
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
