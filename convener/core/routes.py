"""Route classes for the route inventory.

Every app's ``urls.py`` declares ``route_access``: for each URL name, either one of the
classes below or, for initiative routes, a mapping of HTTP method to the least role that may
use it (``"viewer"``, ``"member"``, ``"convener"``, ``"owner"``). Every ``api.py`` declares
``api_access`` the same way, keyed by ``"METHOD /api/v1/path"``. ``tests/test_routes.py``
fails on any route without a class and checks each class against real requests.
"""

PUBLIC = "public"  # anyone, no account
ACCOUNT = "account"  # any logged-in user, about their own account or initiatives
INVITEE = "invitation token"  # reached through a secret team-invitation link
PARTICIPANT = "participant token"  # stakeholders through a personal link or join code, no account
STAFF = "staff"  # Django admin: site operators only

ROLE_RANK = {"viewer": 0, "member": 1, "convener": 2, "owner": 3}

RouteAccess = str | dict[str, str]
