"""The JSON API at /api/v1/: every app's router behind bearer-token authentication."""

from ninja import NinjaAPI

from convener.accounts.api_auth import BearerToken
from convener.activities.api import router as activities_router
from convener.archive.api import router as archive_router
from convener.consensus.api import router as consensus_router
from convener.core.api import install_error_handlers
from convener.framework.api import router as framework_router
from convener.initiatives.api import router as initiatives_router
from convener.live.api import router as live_router
from convener.measuring.api import router as measuring_router
from convener.reports.api import router as reports_router
from convener.stakeholders.api import router as stakeholders_router
from convener.toolkit.api import router as toolkit_router

api = NinjaAPI(
    title="Convener API",
    version="1",
    description=(
        "Leading by Convening as working software. Authenticate with "
        "`Authorization: Bearer <token>` (create one with `convener create_token EMAIL` or on "
        "your account page). Every error has the shape "
        '`{"error": {"code": "...", "message": "...", "fields": {...}}}`.'
    ),
    auth=BearerToken(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/framework", framework_router)
api.add_router("/", initiatives_router)
api.add_router("/", stakeholders_router)
api.add_router("/", activities_router)
api.add_router("/", measuring_router)
api.add_router("/", toolkit_router)
api.add_router("/", live_router)
api.add_router("/", consensus_router)
api.add_router("/", reports_router)
api.add_router("/", archive_router)
