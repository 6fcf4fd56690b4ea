"""The login page marks the e-mail, and only the e-mail, to be kept across a language switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from convener import accounts

pytestmark = pytest.mark.django_db


def _inputs(page: str) -> dict[str, str]:
    """Return each <input> tag of ``page`` by its name."""
    found = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="(\w+)"', tag)
        if name:
            found[name.group(1)] = tag
    return found


def test_login_marks_the_email_to_keep_and_never_the_password():
    page = Client().get("/accounts/login/").content.decode()
    inputs = _inputs(page)
    assert "data-keep-typed" in inputs["username"]
    assert "data-keep-typed" not in inputs["password"]
    assert "accounts/keep_typed.js" in page
    assert 'class="language-switch"' in page


def test_the_script_skips_passwords_and_keeps_the_text_in_the_browser_only():
    script = (
        Path(accounts.__file__)
        .with_name("static")
        .joinpath("accounts", "keep_typed.js")
        .read_text()
    )
    assert 'field.type !== "password"' in script
    assert "sessionStorage" in script
    assert "fetch(" not in script
    assert "XMLHttpRequest" not in script
