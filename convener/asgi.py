"""ASGI entry point: HTTP through Django, WebSockets (live sessions) through Channels."""

import gc
import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convener.settings")
# Django must be set up before anything imports models (the consumers do).
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from convener.core.sqlite import keep_open  # noqa: E402
from convener.live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Requests close their database connections; on SQLite this process keeps one idle so that
# the file is not checkpointed and synced each time the last request connection closes.
keep_open(settings.DATABASES["default"])

# Garbage-collector and GIL tuning for a process holding thousands of live-session sockets:
# off by default; ASGI_GC_TUNING=true turns it on (docs/deploy.md, docs/benchmarks.md). Start-up
# objects are frozen out of collections, the young generation is collected every 20,000
# allocations instead of 700, and threads hand the GIL over every 1 ms instead of 5 ms.
if settings.ASGI_GC_TUNING:
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    sys.setswitchinterval(0.001)
