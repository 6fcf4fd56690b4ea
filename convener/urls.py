from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from convener.accounts.language import set_language
from convener.api import api
from convener.api_reference import api_reference
from convener.core.routes import PUBLIC, RouteAccess
from convener.core.views import status

urlpatterns = [
    path("", include("convener.initiatives.urls")),
    path("accounts/", include("convener.accounts.urls")),
    path("account/", include("convener.accounts.account_urls")),
    path("learn/", include("convener.framework.urls")),
    path("i/<slug:slug>/stakeholders/", include("convener.stakeholders.urls")),
    path("i/<slug:slug>/activities/", include("convener.activities.urls")),
    path("i/<slug:slug>/measuring/", include("convener.measuring.urls")),
    path("i/<slug:slug>/toolkit/", include("convener.toolkit.urls")),
    path("i/<slug:slug>/live/", include("convener.live.urls")),
    path("i/<slug:slug>/decisions/", include("convener.consensus.urls")),
    path("i/<slug:slug>/reports/", include("convener.reports.urls")),
    path("i/<slug:slug>/archive/", include("convener.archive.urls")),
    path("", include("convener.public.urls")),
    path("r/", include("convener.measuring.participant_urls")),
    path("live/", include("convener.live.participant_urls")),
    path("p/", include("convener.consensus.participant_urls")),
    path("unsubscribe/", include("convener.stakeholders.unsubscribe_urls")),
    path("invitation/", include("convener.activities.participant_urls")),
    path("api/v1/reference/", api_reference, name="api_reference"),
    path("api/v1/", api.urls),
    path("healthz", status.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # gettext for the apps' JavaScript: each app's locale/<lang>/LC_MESSAGES/djangojs.po.
    path(
        "i18n/js/",
        JavaScriptCatalog.as_view(packages=["convener.toolkit"]),
        name="javascript_catalog",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "convener.core.views.errors.bad_request"
handler403 = "convener.core.views.errors.permission_denied"
handler404 = "convener.core.views.errors.page_not_found"
handler500 = "convener.core.views.errors.server_error"

route_access: dict[str, RouteAccess] = {
    "healthz": PUBLIC,
    "set_language": PUBLIC,
    "api_reference": PUBLIC,
    "javascript_catalog": PUBLIC,
}
