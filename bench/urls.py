from django.http import HttpRequest, HttpResponse
from django.urls import path

from convener.urls import urlpatterns as app_urlpatterns


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"")


urlpatterns = [path("__bench__/empty", empty), *app_urlpatterns]
