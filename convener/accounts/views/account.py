from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from convener.accounts import services
from convener.accounts.auth import signed_in_user
from convener.accounts.forms import ApiTokenForm, EmailChangeForm, ProfileForm, SignUpForm
from convener.accounts.language import apply_user_language, remember_language
from convener.accounts.models import ApiToken
from convener.core.throttle import (
    SIGNUPS_PER_CLIENT,
    WRONG_PASSWORDS_PER_ACCOUNT,
    client_key,
    over_limit,
)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else fallback


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request, "/"))
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        if over_limit("accounts.signup", client_key(request), SIGNUPS_PER_CLIENT):
            form.add_error(None, _("Too many accounts were created from your network. Try later."))
            context = {"form": form, "next": _safe_next(request, "")}
            return render(request, "accounts/signup.html", context, status=429)
        user = form.save(commit=False)
        user.language = translation.get_language() or ""
        user.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Convener. Your account is ready."))
        return redirect(_safe_next(request, "initiatives:list"))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


class LoginView(auth_views.LoginView):
    """Django's sign-in, which then applies the language stored on the account."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        return apply_user_language(super().form_valid(form), form.get_user())


def _password_form(user: object, data: object = None) -> PasswordChangeForm:
    # Django's form takes the focus; on a page of four forms the first one should not jump.
    form = PasswordChangeForm(user, data)
    form.fields["old_password"].widget.attrs.pop("autofocus", None)
    return form


def _account_page(request: HttpRequest, status: int = 200, **forms: object) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "profile_form": ProfileForm(
            instance=user, initial={"language": user.language or translation.get_language()}
        ),
        "email_form": EmailChangeForm(user),
        "password_form": _password_form(user),
        "token_count": user.api_tokens.count(),
    }
    context.update(forms)
    return render(request, "accounts/account.html", context, status=status)


def _too_many_wrong_passwords(request: HttpRequest) -> HttpResponse | None:
    """Refuse a password check once the person got it wrong too often (a stolen session must
    not become a way to guess the password); the sign-in lockout does the same for sign-in."""
    key = str(signed_in_user(request).pk)
    if not over_limit("accounts.password_check", key, WRONG_PASSWORDS_PER_ACCOUNT, count=False):
        return None
    messages.error(request, _("Too many wrong passwords. Try again in an hour."))
    return _account_page(request, status=429)


def _count_wrong_password(request: HttpRequest, form: forms.Form, field: str) -> None:
    if field in form.errors:
        key = str(signed_in_user(request).pk)
        over_limit("accounts.password_check", key, WRONG_PASSWORDS_PER_ACCOUNT)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Show the account page; on POST, save the name and language."""
    user = signed_in_user(request)
    if request.method != "POST":
        return _account_page(request)
    form = ProfileForm(request.POST, instance=user)
    if not form.is_valid():
        return _account_page(request, profile_form=form)
    form.save()
    translation.activate(user.language)  # the confirmation is in the language just chosen
    messages.success(request, _("Your name and language are saved."))
    return remember_language(redirect("account:home"), user.language)


@login_required
@require_POST
def change_email(request: HttpRequest) -> HttpResponse:
    """Change the e-mail address a person logs in with, after checking their password."""
    user = signed_in_user(request)
    if refused := _too_many_wrong_passwords(request):
        return refused
    form = EmailChangeForm(user, request.POST)
    if not form.is_valid():
        _count_wrong_password(request, form, "current_password")
        return _account_page(request, email_form=form)
    services.change_email(user=user, email=form.cleaned_data["email"])
    messages.success(request, _("You now log in with %(email)s.") % {"email": user.email})
    return redirect("account:home")


@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    """Change the password with Django's own form (current password, new one twice)."""
    user = signed_in_user(request)
    if refused := _too_many_wrong_passwords(request):
        return refused
    form = _password_form(user, request.POST)
    if not form.is_valid():
        _count_wrong_password(request, form, "old_password")
        return _account_page(request, password_form=form)
    services.change_password(
        request=request, user=user, password=form.cleaned_data["new_password1"]
    )
    messages.success(request, _("Your password is changed. Other browsers are signed out."))
    return redirect("account:home")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = ApiToken.issue(
            user=signed_in_user(request), name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "tokens": signed_in_user(request).api_tokens.all(),
            "new_secret": new_secret,
        },
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    token.delete()
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")
