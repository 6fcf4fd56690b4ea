from django.http import Http404, HttpRequest

from convener.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """Return the request's user, whom login_required or token auth has already vouched for."""
    user = request.user
    if not isinstance(user, User):  # only reachable if a view forgot its login check
        raise Http404
    return user
