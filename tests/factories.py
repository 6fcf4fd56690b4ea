"""factory-boy factories shared by every test module."""

import datetime as dt
from typing import Any

import factory

from convener.accounts.models import User
from convener.initiatives import services
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.registry import create_stakeholder

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


class StakeholderFactory(factory.django.DjangoModelFactory):
    """A stakeholder written straight to the registry table (no audit entry, no checks).

    ``initiative`` is required; ``perspective_key`` picks one of its perspectives (none by
    default) unless ``perspective`` is given. Other fields keep the model's defaults.
    """

    class Meta:
        model = Stakeholder

    class Params:
        perspective_key: str | None = None

    name = factory.Sequence(lambda n: f"Person {n}")
    perspective = factory.LazyAttribute(
        lambda o: (
            o.initiative.perspectives.get(key=o.perspective_key) if o.perspective_key else None
        )
    )


class RegisteredStakeholderFactory(factory.Factory):
    """A stakeholder added through the registry service, as the registry page adds one.

    The service checks the fields and writes the audit entry; ``actor`` (``None`` by default) is
    who it names, ``tags`` the tags to attach, any other keyword a registry field.
    """

    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Person {n}")

    @classmethod
    def _create(
        cls,
        model_class: type[Stakeholder],
        *args: Any,
        initiative: Initiative,
        actor: User | None = None,
        tags: tuple[str, ...] = (),
        **fields: Any,
    ) -> Stakeholder:
        return create_stakeholder(initiative=initiative, actor=actor, fields=fields, tags=tags)
