import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from convener.accounts.models import ApiToken, User
from convener.core.tokens import hash_token
from tests.factories import PASSWORD, UserFactory


def test_sign_up_logs_the_new_person_in(db):
    client = Client()
    response = client.post(
        reverse("accounts:signup"),
        {
            "display_name": "Rosa Diaz",
            "email": "Rosa@Example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="rosa@example.org")
    assert user.display_name == "Rosa Diaz"
    assert client.get(reverse("initiatives:list")).status_code == 200


def test_sign_up_with_a_taken_address_keeps_what_was_typed(db):
    UserFactory(email="taken@example.org")
    response = Client().post(
        reverse("accounts:signup"),
        {
            "display_name": "Someone",
            "email": "taken@example.org",
            "password1": "x",
            "password2": "y",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in html
    assert 'value="Someone"' in html


def test_login_fields_support_password_managers_and_paste(db):
    html = Client().get(reverse("accounts:login")).content.decode()
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "onpaste" not in html


def test_login_and_logout(db):
    user = UserFactory()
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("initiatives:list")).status_code == 302


def _fail(client, email, ip):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": "wrong"}, REMOTE_ADDR=ip
    )


def test_lockout_is_keyed_on_account_and_address_not_address_alone(db, settings):
    victim, colleague = UserFactory(), UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, victim.email, "10.0.0.1")
    locked = client.post(
        reverse("accounts:login"),
        {"username": victim.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # A colleague behind the same address still logs in.
    ok = Client().post(
        reverse("accounts:login"),
        {"username": colleague.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert ok.status_code == 302
    # The same account from another address is not locked either.
    elsewhere = Client().post(
        reverse("accounts:login"),
        {"username": victim.email, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert elsewhere.status_code == 302


def test_lockout_cools_off(db, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, user.email, "10.0.0.2")
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_password_reset_by_e_mail(db):
    user = UserFactory(email="forgetful@example.org")
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "forgetful@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/reset/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_password_reset_does_not_reveal_unknown_addresses(db):
    response = Client().post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 0
    assert "If an account uses that address" in response.content.decode()


def test_create_token_prints_a_token_that_is_stored_hashed(db):
    user = UserFactory(email="script@example.org")
    out = StringIO()
    call_command("create_token", "script@example.org", stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("cvn_")
    assert len(secret) >= 4 + 43
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == hash_token(secret)
    assert ApiToken.authenticate(secret) == user


def test_create_token_for_an_unknown_address_fails_clearly(db):
    with pytest.raises(CommandError, match="No account uses"):
        call_command("create_token", "ghost@example.org")


def test_tokens_page_shows_a_new_token_once_and_revokes(db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:tokens"), {"name": "export script"})
    secret = re.search(r'value="(cvn_[^"]+)"', response.content.decode()).group(1)
    assert ApiToken.authenticate(secret) == user
    assert secret not in client.get(reverse("accounts:tokens")).content.decode()
    token = ApiToken.objects.get(user=user)
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert ApiToken.authenticate(secret) is None


def test_someone_elses_token_cannot_be_revoked(db):
    token, _secret = ApiToken.issue(user=UserFactory(), name="theirs")
    client = Client()
    client.force_login(UserFactory())
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
