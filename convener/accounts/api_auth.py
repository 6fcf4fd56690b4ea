from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from convener.accounts.models import ApiToken


class BearerToken(HttpBearer):
    """Authenticate with an API token from ``convener create_token`` or the account page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user
