from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from convener.urls import urlpatterns as app_urlpatterns


def empty(request: HttpRequest) -> HttpResponse:
    """The bare baseline: no session, no template, no query."""
    return HttpResponse(b"")


@login_required
def layout(request: HttpRequest) -> HttpResponse:
    """The page baseline: the same login check and site layout every page pays for."""
    return render(request, "base.html")


urlpatterns = [path("__bench__/empty", empty), path("__bench__/layout", layout), *app_urlpatterns]
