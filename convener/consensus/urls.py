"""The consensus app's initiative routes (mounted under /i/<slug>/decisions/)."""

from django.urls import URLPattern, path

from convener.consensus.views import decisions, manage, proposals
from convener.core.routes import RouteAccess

app_name = "consensus"

urlpatterns: list[URLPattern] = [
    path("", proposals.proposals, name="proposals"),
    path("new/", proposals.proposal_create, name="proposal_create"),
    path("log/", decisions.decision_log, name="decision_log"),
    path("log/export/", decisions.decision_log_export, name="decision_log_export"),
    path("<int:proposal_id>/", proposals.proposal_detail, name="proposal_detail"),
    path("<int:proposal_id>/position/", proposals.proposal_position, name="proposal_position"),
    path("<int:proposal_id>/comment/", proposals.proposal_comment, name="proposal_comment"),
    path("<int:proposal_id>/status/", proposals.proposal_action, name="proposal_action"),
    path("<int:proposal_id>/revise/", proposals.proposal_revise, name="proposal_revise"),
    path("<int:proposal_id>/settings/", proposals.proposal_settings, name="proposal_settings"),
    path("<int:proposal_id>/links/", manage.proposal_links, name="proposal_links"),
    path("<int:proposal_id>/decide/", manage.proposal_decide, name="proposal_decide"),
    path("<int:proposal_id>/live/", manage.proposal_live, name="proposal_live"),
    path("<int:proposal_id>/export/", manage.proposal_export, name="proposal_export"),
]
route_access: dict[str, RouteAccess] = {
    "proposals": {"GET": "viewer"},
    "proposal_create": {"GET": "convener", "POST": "convener"},
    "decision_log": {"GET": "viewer"},
    "decision_log_export": {"GET": "viewer"},
    "proposal_detail": {"GET": "viewer"},
    "proposal_position": {"POST": "member"},
    "proposal_comment": {"POST": "member"},
    "proposal_action": {"POST": "convener"},
    "proposal_revise": {"GET": "convener", "POST": "convener"},
    "proposal_settings": {"GET": "convener", "POST": "convener"},
    "proposal_links": {"GET": "convener", "POST": "convener"},
    "proposal_decide": {"GET": "convener", "POST": "convener"},
    "proposal_live": {"GET": "convener", "POST": "convener"},
    "proposal_export": {"GET": "convener"},
}
