from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from convener.accounts.models import User


class SignUpForm(UserCreationForm):
    """Create an account with a name, an e-mail address and a password."""

    class Meta:
        model = User
        fields = ["display_name", "email"]
        labels = {"display_name": _("Your name"), "email": _("E-mail address")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["email"].help_text = _("You will log in with this address.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists. Log in instead.")
            )
        return email


class EmailLoginForm(AuthenticationForm):
    """Django's login form, labelled for e-mail; password managers and paste both work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        # keep_typed.js keeps the e-mail (never the password) across a language switch.
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "data-keep-typed": ""}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What will use it, for example “nightly export script”."),
    )


class ProfileForm(forms.ModelForm):
    """The name a person is shown by and the language of their interface."""

    language = forms.ChoiceField(
        label=_("Language"),
        # Each language is named in its own language, so a person can find theirs.
        choices=settings.LANGUAGES,
        help_text=_("Used for every page, starting now and each time you log in."),
    )

    class Meta:
        model = User
        fields = ["display_name", "language"]
        labels = {"display_name": _("Your name")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["display_name"].widget.attrs.update({"autocomplete": "name"})


class EmailChangeForm(forms.Form):
    """A new e-mail address, confirmed with the current password."""

    email = forms.EmailField(
        label=_("New e-mail address"),
        help_text=_("You will log in with this address from now on."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email:
            raise forms.ValidationError(_("This is already your e-mail address."))
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean_current_password(self) -> str:
        password: str = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
