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
the file); the ``import_initiative`` command imports inline. The record-by-record work is
``convener.archive.records``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from convener.accounts.models import User
from convener.archive.exporting import FORMAT, VERSION
from convener.archive.models import ArchiveImport
from convener.archive.records import ImportProblem, ImportResult, RecordImporter
from convener.core.tasks import enqueue
from convener.core.uploads import OverBudget, check_json_depth, too_deep
from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from convener.initiatives.services import invite_member, record_audit

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


def import_initiative(
    *, document: dict[str, Any], actor: User | None = None, keep_team: bool = False
) -> ImportResult:
    """Create a new initiative from a parsed export document; all or nothing.

    ``actor``, when given, becomes an owner of the new initiative, is named in its audit log
    and sends the team invitations. ``keep_team`` (administrators only: the command's
    ``--keep-team``) keeps the memberships of existing accounts instead of inviting them.
    """
    with transaction.atomic():
        importer = RecordImporter(document, actor=actor, keep_team=keep_team)
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
