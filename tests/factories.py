"""factory-boy factories shared by every test module."""

import datetime as dt

import factory

from convener.accounts.models import User
from convener.initiatives import services
from convener.initiatives.models import Initiative

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_initiative(
    *, owner: User, title: str = "Teletherapy for children's mental health"
) -> Initiative:
    """Create an initiative through the real service, as the UI would."""
    return services.create_initiative(
        owner=owner,
        title=title,
        issue="Keep teletherapy available to children after the stay-at-home period.",
        practice_problem="Families lost access when emergency rules ended.",
        start_date=dt.date(2026, 1, 15),
    )
