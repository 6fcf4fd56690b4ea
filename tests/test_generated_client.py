"""A client generated from our OpenAPI document (openapi-python-client) joins, votes and reads.

The generator runs on the document the API serves; its client talks to the app in process
through httpx's WSGI transport. A header or security scheme missing from the document, or an
untyped response, shows here as a client that cannot vote or results that are not typed.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core.wsgi import get_wsgi_application

from convener.accounts.models import ApiToken
from convener.live import services
from convener.live.tests.pages_helpers import CONFIGS

pytestmark = pytest.mark.django_db
PACKAGE = "convener_api_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    from convener.api import api

    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_text(json.dumps(api.get_openapi_schema()), encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    command = [str(generator), "generate", "--path", str(document), "--meta", "none"]
    result = subprocess.run(
        [*command, "--output-path", str(folder / PACKAGE)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{generator.parent}:{os.environ.get('PATH', '')}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


def _op(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.live.convener_live_api_{name}")


def _transport() -> dict[str, Any]:
    return {"transport": httpx.WSGITransport(app=get_wsgi_application())}


def test_a_generated_client_joins_votes_and_reads_typed_results(generated, cast):
    models = importlib.import_module(f"{PACKAGE}.models")
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="Town hall")
    prompt, config = CONFIGS["single"]
    item = services.add_item(
        session=session, kind="single", prompt=prompt, config=config, actor=owner
    )
    services.start_session(session=session, actor=owner)
    services.open_item(item=item, actor=owner)
    anonymous = generated.Client(base_url="http://testserver", httpx_args=_transport())

    joined = _op("participants_join").sync(
        client=anonymous, body=models.JoinIn(code=session.join_code, name="Ana")
    )
    assert isinstance(joined, models.JoinOut)
    option = config["options"][0]["key"]
    ack = _op("participants_vote").sync(
        item_id=item.pk,
        client=anonymous,
        body=models.VoteBody(value=option),
        x_participant_token=joined.token,
    )
    assert isinstance(ack, models.VoteAck), ack
    assert ack.ok
    refused = _op("participants_vote").sync(
        item_id=item.pk, client=anonymous, body=models.VoteBody(value=option)
    )
    assert isinstance(refused, models.ErrorOut)
    assert refused.error.code == "unauthenticated"

    _token, secret = ApiToken.issue(user=owner, name="generated client")
    staff = generated.AuthenticatedClient(
        base_url="http://testserver", token=secret, httpx_args=_transport()
    )
    results = _op("sessions_item_results").sync(
        slug=cast.initiative.slug, item_id=item.pk, client=staff
    )
    assert type(results).__name__ == "OptionItemResults"
    assert results.overall.n == 1
    chosen = {o.key: o.count for o in results.overall.options}
    assert chosen[option] == 1
