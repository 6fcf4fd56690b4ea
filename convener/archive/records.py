"""Rebuild the records of an export document as new rows of this server.

Every record gets a new id and references between records are rewritten to the new ids; a
reference to a person names an account only as ``RecordImporter.user`` allows. Values that
must be unique across the whole server get a fresh value when this server already uses them.
Any problem raises ``ImportProblem`` naming the record and field; the caller's transaction
rolls everything back.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from convener.accounts.models import User
from convener.archive.exporting import ID_REFERENCES, JSON_REFERENCES
from convener.archive.graph import exported_models, initiative_models, is_secret
from convener.core.tokens import hash_token, new_token
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from convener.initiatives.services import unique_slug


class ImportProblem(Exception):
    """Why a document cannot be imported; nothing was changed."""


@dataclass
class ImportResult:
    initiative: Initiative
    created: dict[str, int] = field(default_factory=dict)  # model label → records
    invited: list[str] = field(default_factory=list)  # e-mail addresses sent an invitation


def _exists(model: type[models.Model], name: str, value: str) -> bool:
    return model._base_manager.filter(**{name: value}).exists()


# Characters people confuse when reading a code aloud or off a screen (I/1/l, O/0) are left
# out of generated codes, as join codes do.
CONFUSABLE = set("IlO01")


def fresh_code(old: str, taken: Callable[[str], bool]) -> str:
    """Return a random value shaped like ``old`` (same length and kinds of characters)."""
    kinds = "".join(
        chars
        for chars in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
        if any(c in chars for c in old)
    )
    alphabet = [c for c in kinds or string.ascii_uppercase + string.digits if c not in CONFUSABLE]
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in old)
        if not taken(candidate):
            return candidate


class RecordImporter:
    def __init__(
        self, document: dict[str, Any], actor: User | None = None, keep_team: bool = False
    ) -> None:
        self.document = document
        self.actor = actor
        self.keep_team = keep_team
        self.invitations: list[tuple[str, str]] = []  # (e-mail, role) of team memberships
        owned = exported_models()
        self.models = {item.model._meta.label_lower: item.model for item in owned}
        self.all_owned = {item.model for item in initiative_models()}
        self.new_ids: dict[str, int] = {}  # old key → new primary key
        self.deferred: list[tuple[type[models.Model], int, str, str, str]] = []
        self.m2m: list[tuple[models.Model, str, list[Any], str]] = []
        self.id_deferred: list[tuple[type[models.Model], int, str, str]] = []
        self.users: dict[str, User | None] = {}
        self.created: dict[str, int] = {}
        self.created_pks: dict[type[models.Model], list[int]] = {}
        self.initiative: Initiative | None = None

    def user(self, email: Any, where: str) -> User | None:
        """Return the account a reference to a person may name here, or None.

        Never creates an account. A web import names only the importing person; an
        administrator keeping the team names any existing account.
        """
        if not isinstance(email, str) or "@" not in email:
            raise ImportProblem(f"{where}: {email!r} is not an e-mail address.")
        email = email.strip().lower()
        if email not in self.users:
            if self.keep_team:
                self.users[email] = User.objects.filter(email__iexact=email).first()
            elif self.actor is not None and self.actor.email.lower() == email:
                self.users[email] = self.actor
            else:
                self.users[email] = None
        return self.users[email]

    def run(self) -> ImportResult:
        for index, record in enumerate(self.document["records"], start=1):
            self.insert(index, record)
        for model, pk, name, old_key, where in self.deferred:
            if old_key not in self.new_ids:
                raise ImportProblem(
                    f"{where}: field “{name}” refers to {old_key}, not in the file."
                )
            model._base_manager.filter(pk=pk).update(**{f"{name}_id": self.new_ids[old_key]})
        for obj, name, values, where in self.m2m:
            self.set_m2m(obj, name, values, where)
        for model, pk, id_field, old_key in self.id_deferred:
            # A record the file does not hold leaves the id empty, as the export does.
            model._base_manager.filter(pk=pk).update(**{id_field: self.new_ids.get(old_key)})
        if self.initiative is None:
            raise ImportProblem("The export holds no initiative record.")
        self.rewrite_json_references()
        return ImportResult(initiative=self.initiative, created=self.created)

    def insert(self, index: int, record: Any) -> None:
        model, key, fields, where = self.check_record(index, record)
        if model is Membership and not self.kept_membership(fields, where):
            return
        concrete = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        m2m_fields = {f.name: f for f in model._meta.many_to_many}
        unknown = set(fields) - set(concrete) - set(m2m_fields)
        if unknown:
            raise ImportProblem(f"{where}: unknown field(s) {', '.join(sorted(unknown))}.")
        values, later = self.field_values(model, concrete, fields, where)
        id_later = self.rewrite_id_reference(model, values)
        self.keep_unique(model, concrete, values)
        obj = model(**values)
        try:
            with transaction.atomic():
                obj.save_base(raw=True)
        except (DatabaseError, ValueError, TypeError) as exc:
            raise ImportProblem(f"{where}: the database refused it ({exc}).") from exc
        self.new_ids[key] = obj.pk
        self.created_pks.setdefault(model, []).append(obj.pk)
        self.created[model._meta.label] = self.created.get(model._meta.label, 0) + 1
        if isinstance(obj, Initiative):
            self.initiative = obj
        for name, old_key in later:
            self.deferred.append((model, obj.pk, name, old_key, where))
        if id_later is not None:
            self.id_deferred.append((model, obj.pk, *id_later))
        for name in set(fields) & set(m2m_fields):
            if not isinstance(fields[name], list):
                raise ImportProblem(f"{where}: field “{name}” must be a list.")
            self.m2m.append((obj, name, fields[name], where))

    def kept_membership(self, fields: dict[str, Any], where: str) -> bool:
        """Return whether a membership record is stored; otherwise note its invitation."""
        email, role = fields.get("user"), fields.get("role")
        if role not in Role.values:
            raise ImportProblem(f"{where}: field “role”: {role!r} is not a role.")
        if self.keep_team and self.user(email, where) is not None:
            return True
        if not isinstance(email, str) or "@" not in email:
            raise ImportProblem(f"{where}: {email!r} is not an e-mail address.")
        self.invitations.append((email.strip().lower(), str(role)))
        return False

    def check_record(
        self, index: int, record: Any
    ) -> tuple[type[models.Model], str, dict[str, Any], str]:
        """Return the record's model, key, fields and its name for messages; or refuse it."""
        where = f"Record {index}"
        if not isinstance(record, dict):
            raise ImportProblem(f"{where} is not an object.")
        label, key, fields = record.get("model"), record.get("key"), record.get("fields")
        where = f"Record {index} ({key})"
        if label not in self.models:
            raise ImportProblem(f"{where}: unknown model “{label}”.")
        if not isinstance(key, str) or key in self.new_ids:
            raise ImportProblem(f"{where}: missing or repeated key.")
        if not isinstance(fields, dict):
            raise ImportProblem(f"{where}: “fields” must be an object.")
        model = self.models[label]
        if model is Initiative and self.initiative is not None:
            raise ImportProblem(f"{where}: an export holds exactly one initiative.")
        return model, key, fields, where

    def field_values(
        self,
        model: type[models.Model],
        concrete: dict[str, models.Field[Any, Any]],
        fields: dict[str, Any],
        where: str,
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Return the values to save, and the (field, key) references to fill in later."""
        values: dict[str, Any] = {}
        later: list[tuple[str, str]] = []
        id_reference = ID_REFERENCES.get(model._meta.label, ("", ""))[1]
        for name, model_field in concrete.items():
            if is_secret(model_field):
                unique = model_field.unique
                values[name] = hash_token(new_token()) if unique or not model_field.blank else ""
                continue
            if name not in fields:
                if getattr(model_field, "auto_now", False) or getattr(
                    model_field, "auto_now_add", False
                ):
                    values[name] = timezone.now()
                continue  # the model's default applies
            value = fields[name]
            if name == id_reference:
                values[name] = value  # a record key, rewritten below
            elif isinstance(model_field, models.ForeignKey):
                self.foreign_key(model_field, value, values, later, where)
            else:
                try:
                    values[name] = model_field.to_python(value)
                except ValidationError as exc:
                    raise ImportProblem(
                        f"{where}: field “{name}”: {' '.join(exc.messages)}"
                    ) from exc
        return values, later

    def foreign_key(
        self,
        model_field: models.ForeignKey[Any, Any],
        value: Any,
        values: dict[str, Any],
        later: list[tuple[str, str]],
        where: str,
    ) -> None:
        """Put a reference into ``values``: a record of the file, a user, or a natural key."""
        name, target = model_field.name, model_field.related_model
        if value is None:
            values[model_field.attname] = None
        elif target in self.all_owned:
            if not isinstance(value, str):
                raise ImportProblem(f"{where}: field “{name}” must be a record key.")
            if value in self.new_ids:
                values[model_field.attname] = self.new_ids[value]
            elif model_field.null:
                later.append((name, value))  # filled in once that record exists
            else:
                raise ImportProblem(
                    f"{where}: field “{name}” refers to {value}, which must come "
                    "earlier in the file."
                )
        elif target is User:
            values[name] = self.user(value, f"{where}, field “{name}”")
        else:
            values[name] = self.natural(target, value, where, name)  # type: ignore[arg-type]

    def rewrite_json_references(self) -> None:
        """Point every id kept inside a JSON field at this import's own new record."""
        for name, keys in JSON_REFERENCES.items():
            label, field_name = name.rsplit(".", 1)
            model = self.models.get(label.lower())
            if model is None:
                continue
            rows = model._base_manager.filter(pk__in=self.created_pks.get(model, []))
            for pk, value in rows.values_list("pk", field_name):
                new = self.rewrite_ids(value, keys)
                if new != value:
                    model._base_manager.filter(pk=pk).update(**{field_name: new})

    def rewrite_ids(self, value: Any, keys: dict[str, str]) -> Any:
        if isinstance(value, list):
            return [self.rewrite_ids(v, keys) for v in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, inner in value.items():
            if key in keys and inner is not None:
                old = f"{keys[key]}:{inner}"
                # An id the file does not hold names a record of some other initiative.
                out[key] = self.new_ids.get(old) if not isinstance(inner, bool) else None
            else:
                out[key] = self.rewrite_ids(inner, keys)
        return out

    def rewrite_id_reference(
        self, model: type[models.Model], values: dict[str, Any]
    ) -> tuple[str, str] | None:
        """Point an audit entry's target id at the new record; return (field, key) if later."""
        ref = ID_REFERENCES.get(model._meta.label)
        if ref is None:
            return None
        _type_field, id_field = ref
        old = values.get(id_field)
        values[id_field] = None
        if not isinstance(old, str) or ":" not in old:
            return None
        if old in self.new_ids:
            values[id_field] = self.new_ids[old]
            return None
        return id_field, old

    def keep_unique(
        self,
        model: type[models.Model],
        concrete: dict[str, models.Field[Any, Any]],
        values: dict[str, Any],
    ) -> None:
        """Give fields unique across the whole server a new value if this one is taken here."""
        for name, model_field in concrete.items():
            value = values.get(name)
            if (
                not model_field.unique
                or isinstance(model_field, models.ForeignKey)
                or value in (None, "")
                or not model._base_manager.filter(**{name: value}).exists()
            ):
                continue
            if model is Initiative and name == "slug":
                values[name] = unique_slug(str(values.get("title") or "initiative"))
            elif model_field.has_default() and callable(model_field.default):
                values[name] = model_field.get_default()
            elif isinstance(value, str):
                values[name] = fresh_code(value, partial(_exists, model, name))

    def natural(self, target: type[models.Model], value: Any, where: str, name: str) -> Any:
        manager = target._default_manager
        if not isinstance(value, list) or not hasattr(manager, "get_by_natural_key"):
            raise ImportProblem(f"{where}: field “{name}” cannot be resolved.")
        try:
            return manager.get_by_natural_key(*value)
        except target.DoesNotExist as exc:  # type: ignore[attr-defined]
            raise ImportProblem(f"{where}: field “{name}”: {value!r} does not exist here.") from exc

    def set_m2m(self, obj: models.Model, name: str, values: list[Any], where: str) -> None:
        field_ = obj._meta.get_field(name)
        target = field_.related_model
        if target is User:
            people = [self.user(v, f"{where}, field “{name}”") for v in values]
            related: list[Any] = [p for p in people if p is not None]
        else:
            missing = [v for v in values if v not in self.new_ids]
            if missing:
                raise ImportProblem(
                    f"{where}: field “{name}” refers to {missing[0]}, not in the file."
                )
            related = [self.new_ids[v] for v in values]
        getattr(obj, name).set(related)
