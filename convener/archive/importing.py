"""Import an export document as a NEW initiative, all or nothing.

Every record gets a new id; references between records are rewritten. Nobody is made a member
without accepting, and no account is ever created: each team membership in the file becomes a
pending team invitation, e-mailed as the team page's invitations are. References to people
(authors, "created by") name the importing person when it is their address, and nobody
otherwise. Only an administrator's command may keep the team as it was (``keep_team``): then
existing accounts keep their roles, and unknown addresses are invited. Any problem rolls
everything back and raises ``ImportProblem`` with a message naming the record and field.

The import page queues the work as a background job (``queue_archive_import`` keeps the
checked file in an ``ArchiveImport`` row, ``run_queued_archive_import`` imports it and clears
the file); the ``import_initiative`` command imports inline.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convener.accounts.models import User
from convener.archive.exporting import FORMAT, ID_REFERENCES, JSON_REFERENCES, VERSION
from convener.archive.graph import exported_models, initiative_models, is_secret
from convener.archive.models import ArchiveImport
from convener.core.tasks import enqueue
from convener.core.tokens import hash_token, new_token
from convener.core.uploads import OverBudget, check_json_depth, too_deep
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from convener.initiatives.services import invite_member, record_audit, unique_slug

logger = logging.getLogger(__name__)

IMPORT_TASK = "convener.archive.jobs.import_archive"
# A job left "running" this long belongs to a worker that died (its transaction rolled back);
# a retry of the job may then take it again. Matches the database queue's lease.
RUN_LEASE = ArchiveImport.LEASE
UNEXPECTED = gettext_lazy(
    "An unexpected error stopped the import. Try again; if it happens again, the "
    "administrators can find the details in the server log."
)
FINISHED_IMPORT_LIFETIME = dt.timedelta(days=30)  # how long a finished import's status is kept


class ImportProblem(Exception):
    """Why a document cannot be imported; nothing was changed."""


@dataclass
class ImportResult:
    initiative: Initiative
    created: dict[str, int] = field(default_factory=dict)  # model label → records
    invited: list[str] = field(default_factory=list)  # e-mail addresses sent an invitation


def parse_document(data: bytes | str) -> dict[str, Any]:
    """Parse and check the envelope of an export document; raise ImportProblem if unusable."""
    try:
        document = json.loads(data)
        check_json_depth(document)
    except RecursionError as exc:  # deeper than the parser's own stack
        raise ImportProblem(too_deep()) from exc
    except OverBudget as exc:
        raise ImportProblem(str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"The file is not UTF-8 text (byte {exc.start}).") from exc
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem(f'This is not a Convener initiative export (format "{FORMAT}").')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportProblem("The export has no valid version number.")
    if version > VERSION:
        raise ImportProblem(
            f"The export uses format version {version}, newer than this server understands "
            f"(version {VERSION}). Upgrade Convener here first."
        )
    if not isinstance(document.get("records"), list) or not isinstance(
        document.get("users", []), list
    ):
        raise ImportProblem('The export needs a "records" list and a "users" list.')
    return document


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


class _Importer:
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


def import_initiative(
    *, document: dict[str, Any], actor: User | None = None, keep_team: bool = False
) -> ImportResult:
    """Create a new initiative from a parsed export document; all or nothing.

    ``actor``, when given, becomes an owner of the new initiative, is named in its audit log
    and sends the team invitations. ``keep_team`` (administrators only: the command's
    ``--keep-team``) keeps the memberships of existing accounts instead of inviting them.
    """
    with transaction.atomic():
        importer = _Importer(document, actor=actor, keep_team=keep_team)
        result = importer.run()
        initiative = result.initiative
        if actor is not None:
            Membership.objects.update_or_create(
                initiative=initiative, user=actor, defaults={"role": Role.OWNER}
            )
            record_audit(
                initiative=initiative,
                actor=actor,
                action="import",
                target_type="initiative",
                target_id=initiative.pk,
                detail=f"from export of “{document.get('source', {}).get('slug', '')}”"[:200],
            )
        if not initiative.memberships.filter(role=Role.OWNER).exists():
            raise ImportProblem("The export names no owner, and no importing owner was given.")
        result.invited = invite_team(initiative, importer.invitations, actor)
    return result


def invite_team(
    initiative: Initiative, invitations: list[tuple[str, str]], actor: User | None
) -> list[str]:
    """Send a team invitation for each (e-mail, role) not already on the team; return them."""
    invited = []
    for email, role in invitations:
        if initiative.memberships.filter(user__email__iexact=email).exists():
            continue
        invite_member(
            initiative=initiative,
            invited_by=actor,  # type: ignore[arg-type]  # the administrator's command: nobody
            inviter_role=Role.OWNER,
            email=email,
            role=role,
        )
        invited.append(email)
    return invited


def import_bytes(
    *, data: bytes | str, actor: User | None = None, keep_team: bool = False
) -> ImportResult:
    """Parse ``data`` and import it; raise ImportProblem and change nothing on any problem."""
    return import_initiative(document=parse_document(data), actor=actor, keep_team=keep_team)


# --- Background imports ------------------------------------------------------------------


def queue_archive_import(
    *, initiative: Initiative, actor: User, data: bytes, filename: str = ""
) -> ArchiveImport:
    """Check an uploaded export and queue its import; raise ImportProblem if it is unusable.

    The envelope (JSON, format, version) is checked here, so an obviously wrong file is refused
    at once; the records themselves are checked by the job, all or nothing. Statuses of imports
    finished more than 30 days ago are removed on the way.
    """
    document = parse_document(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # UTF-16 or -32 JSON: keep it as parsed
        text = json.dumps(document, ensure_ascii=False)
    with transaction.atomic():
        ArchiveImport.objects.filter(
            finished_at__lt=timezone.now() - FINISHED_IMPORT_LIFETIME
        ).delete()
        job = ArchiveImport.objects.create(
            initiative_pk=initiative.pk,
            queued_at=timezone.now(),
            started_by=actor,
            filename=filename[:200],
            document=text,
        )
        enqueue(IMPORT_TASK, import_id=job.pk)
    return job


def run_queued_archive_import(*, import_id: int) -> ImportResult | None:
    """Import a queued export file (the background job's work); None if it did not import.

    The new initiative is created and the row marked done in one transaction; on any problem
    nothing is created and the row is marked failed with the reason in a separate one. The
    file's text is cleared either way. A row another run has claimed is left alone.
    """
    return ArchiveImport.run(
        import_id,
        _import_upload,
        explain=lambda exc: str(exc) if isinstance(exc, ImportProblem) else None,
        unexpected=UNEXPECTED,
        related=("started_by",),
        on_failure={"document": ""},
    )


def _import_upload(job: ArchiveImport, token: str) -> ImportResult | None:
    if job.started_by is None:
        raise ImportProblem(_("The account that started the import no longer exists."))
    with transaction.atomic():
        # Claim the outcome first: this write also serialises runs that race for it.
        if not ArchiveImport.finish(job.pk, token, document=""):
            return None
        result = import_bytes(data=job.document, actor=job.started_by)
        ArchiveImport.objects.filter(pk=job.pk).update(
            result_pk=result.initiative.pk,
            records=sum(result.created.values()),
            new_accounts=len(result.invited),  # the column counts team invitations now
            finished_at=timezone.now(),
        )
    return result
