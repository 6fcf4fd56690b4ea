"""The account page: a signed-in person changes their name, e-mail, password and language."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from convener.accounts.models import User
from tests.factories import PASSWORD, UserFactory


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_log_in(db):
    response = Client().get(reverse("account:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_header_menu_links_to_the_account_page(db):
    html = signed_in(UserFactory()).get(reverse("initiatives:list")).content.decode()
    assert f'href="{reverse("account:home")}"' in html


def test_page_shows_the_four_forms_and_no_placeholder_choice(db):
    html = signed_in(UserFactory(email="ana@example.org")).get(reverse("account:home"))
    text = html.content.decode()
    assert "ana@example.org" in text
    for name in ("display_name", "language", "current_password", "old_password", "new_password1"):
        assert f'name="{name}"' in text
    assert "---------" not in text
    assert reverse("accounts:tokens") in text
    assert reverse("api_reference") in text


def test_name_and_language_are_saved_and_the_language_applies_at_once(db):
    user = UserFactory(display_name="Old")
    client = signed_in(user)
    response = client.post(reverse("account:home"), {"display_name": "Lucía", "language": "es"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.language) == ("Lucía", "es")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("account:home"))
    assert page.content.decode().count('lang="es"') >= 1
    assert "Su cuenta" in page.content.decode()


def test_a_blank_name_or_unknown_language_is_refused_with_a_message(db):
    user = UserFactory(display_name="Kept")
    response = signed_in(user).post(reverse("account:home"), {"display_name": "", "language": "xx"})
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Kept"


def test_language_stored_on_the_account_is_applied_when_signing_in(db):
    UserFactory(email="es@example.org", language="es")
    response = Client().post(
        reverse("accounts:login"), {"username": "es@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_switching_language_in_the_header_is_remembered_on_the_account(db):
    user = UserFactory(language="en")
    signed_in(user).post(reverse("set_language"), {"language": "es", "next": "/"})
    user.refresh_from_db()
    assert user.language == "es"


def test_sign_up_keeps_the_language_the_page_was_read_in(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.post(
        reverse("accounts:signup"),
        {
            "display_name": "Rosa",
            "email": "rosa@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert User.objects.get(email="rosa@example.org").language == "es"


def test_email_changes_only_with_the_current_password(db):
    user = UserFactory(email="old@example.org")
    client = signed_in(user)
    wrong = client.post(
        reverse("account:email"), {"email": "new@example.org", "current_password": "nope"}
    )
    assert wrong.status_code == 200
    assert "This is not your current password." in wrong.content.decode()
    user.refresh_from_db()
    assert user.email == "old@example.org"
    right = client.post(
        reverse("account:email"), {"email": "New@Example.org", "current_password": PASSWORD}
    )
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org"
    login = Client().post(
        reverse("accounts:login"), {"username": "new@example.org", "password": PASSWORD}
    )
    assert login.status_code == 302


def test_email_taken_by_another_account_is_refused(db):
    UserFactory(email="taken@example.org")
    user = UserFactory(email="mine@example.org")
    response = signed_in(user).post(
        reverse("account:email"), {"email": "taken@example.org", "current_password": PASSWORD}
    )
    assert "Another account already uses this e-mail address." in response.content.decode()
    user.refresh_from_db()
    assert user.email == "mine@example.org"


def test_password_change_keeps_this_browser_and_signs_out_the_others(db):
    user = UserFactory()
    here, elsewhere = signed_in(user), signed_in(user)
    response = here.post(
        reverse("account:password"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 7",
            "new_password2": "another long passphrase 7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase 7")
    assert here.get(reverse("account:home")).status_code == 200
    assert elsewhere.get(reverse("account:home")).status_code == 302


def test_password_change_with_a_wrong_old_password_changes_nothing(db):
    user = UserFactory()
    response = signed_in(user).post(
        reverse("account:password"),
        {
            "old_password": "wrong",
            "new_password1": "x y z 12345 q",
            "new_password2": "x y z 12345 q",
        },
    )
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_get_on_the_change_addresses_is_refused(db):
    client = signed_in(UserFactory())
    assert client.get(reverse("account:email")).status_code == 405
    assert client.get(reverse("account:password")).status_code == 405


def test_guessing_the_current_password_on_the_account_page_is_stopped(db):
    """A stolen session must not become a way to guess the password: after ten wrong
    passwords in an hour, neither form checks one, even the right one."""
    user = UserFactory(email="old@example.org")
    other = UserFactory(email="someone@example.org")
    client = signed_in(user)
    for attempt in range(10):
        form = "account:email" if attempt % 2 else "account:password"
        data = {"email": "new@example.org", "current_password": "nope", "old_password": "nope"}
        assert client.post(reverse(form), data).status_code == 200
    refused = client.post(
        reverse("account:email"), {"email": "new@example.org", "current_password": PASSWORD}
    )
    assert refused.status_code == 429
    assert "Too many wrong passwords. Try again in an hour." in refused.content.decode()
    user.refresh_from_db()
    assert user.email == "old@example.org"
    password = {
        "old_password": PASSWORD,
        "new_password1": "A-new-pass-2026",
        "new_password2": "A-new-pass-2026",
    }
    assert client.post(reverse("account:password"), password).status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Someone else's account is not affected.
    theirs = signed_in(other).post(
        reverse("account:email"), {"email": "their-new@example.org", "current_password": PASSWORD}
    )
    assert theirs.status_code == 302
