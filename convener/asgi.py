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

# Garbage collection. A server holding thousands of sockets has a large heap, and with Python's
# default thresholds a full collection ran every second or two while a room filled up, each one
# pausing every socket for about 200 ms (bench/live_load.py, 1,000 phones). What start-up
# loaded (Django, the apps, the URLs) is frozen out of collections, and the young generation is
# collected every 20,000 allocations instead of 700, so that the older ones run rarely.
gc.freeze()
gc.set_threshold(20_000, 50, 100)
# Threads that run database work (sync views, the vote batches a busy writer pushed off the
# loop) give up the GIL at every query and must win it back from the event loop: at Python's
# default 5 ms hand-over a few statements can wait a second in all during a burst. 1 ms.
sys.setswitchinterval(0.001)
