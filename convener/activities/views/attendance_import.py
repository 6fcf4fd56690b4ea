"""Pages: attendance from a meeting tool's report — upload, review the matches, record."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from convener.accounts.auth import signed_in_user
from convener.activities import meeting_reports
from convener.activities.models import Activity, MeetingReportUpload
from convener.activities.services import attendance_import as importing
from convener.initiatives.permissions import get_initiative_for
from convener.initiatives.roles import Capability

MB = 1024 * 1024


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label=gettext_lazy("Participant or attendance report"),
        required=False,
        help_text=gettext_lazy(
            "The .csv your meeting tool gives you: Zoom's participant report, Microsoft Teams' "
            "attendance report or Google Meet's attendance list."
        ),
    )
    chat = forms.FileField(
        label=gettext_lazy("Saved chat (optional)"),
        required=False,
        help_text=gettext_lazy(
            'The saved Zoom chat (.txt). Sign-ins written as "name, location, role" tell '
            "Convener who each unknown name or device is."
        ),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("report") and not data.get("chat"):
            raise ValidationError(_("Choose a report, a saved chat, or both."))
        for name in ("report", "chat"):
            upload = data.get(name)
            if upload is not None and upload.size > meeting_reports.MAX_BYTES:
                self.add_error(
                    name,
                    _("This file is larger than %(mb)d MB, the most a report may be.")
                    % {"mb": meeting_reports.MAX_BYTES // MB},
                )
        return data


def _activity(request: HttpRequest, slug: str, activity_id: int) -> tuple[object, Activity]:
    access = get_initiative_for(request.user, slug, Capability.CONTRIBUTE)
    return access, get_object_or_404(Activity, initiative=access.initiative, pk=activity_id)


@login_required
def attendance_upload(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    access, activity = _activity(request, slug, activity_id)
    bound = request.method == "POST"
    form = ReportUploadForm(request.POST, request.FILES) if bound else ReportUploadForm()
    if request.method == "POST" and form.is_valid():
        report, chat = form.cleaned_data.get("report"), form.cleaned_data.get("chat")
        upload = MeetingReportUpload.objects.create(
            activity=activity,
            report=report.read() if report else b"",
            chat=chat.read() if chat else b"",
            created_by=signed_in_user(request),
        )
        try:
            importing.review_upload(upload)
        except importing.ImportProblem as problem:
            upload.delete()
            form.add_error(None, str(problem))
        else:
            return redirect(
                "activities:attendance_review",
                slug=slug,
                activity_id=activity.pk,
                upload_id=upload.pk,
            )
    return render(
        request,
        "activities/attendance_upload.html",
        {"access": access, "initiative": activity.initiative, "activity": activity, "form": form},
    )


@login_required
def attendance_review(
    request: HttpRequest, slug: str, activity_id: int, upload_id: int
) -> HttpResponse:
    access, activity = _activity(request, slug, activity_id)
    upload = get_object_or_404(MeetingReportUpload, activity=activity, pk=upload_id)
    try:
        review = importing.review_upload(upload)
    except importing.ImportProblem as problem:
        upload.delete()
        messages.error(request, str(problem))
        return redirect("activities:attendance_upload", slug=slug, activity_id=activity.pk)
    problems: dict[str, list[str]] = {}
    future = ""
    try:
        importing.check_attendance_allowed(activity)
    except importing.ActivityError as error:
        future = str(error)
    chosen = {p.key: request.POST.get(f"decision-{p.key}", "") for p in review.people}
    if request.method == "POST" and not future:
        try:
            result = importing.record_upload(
                upload=upload, actor=signed_in_user(request), decisions=chosen
            )
        except importing.ImportProblem as problem:
            problems = problem.fields or {"": [str(problem)]}
        except (importing.ActivityError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            problems = {"": [message]}
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance recorded: %(n)d person newly checked in",
                    "Attendance recorded: %(n)d people newly checked in",
                    result.attended,
                )
                % {"n": result.attended}
                + "; "
                + ngettext(
                    "%(n)d added to the registry.", "%(n)d added to the registry.", result.created
                )
                % {"n": result.created},
            )
            return redirect("activities:detail", slug=slug, activity_id=activity.pk)
    details = importing.candidate_details(review, activity)
    rows = [
        {
            "person": person,
            "candidates": [(c, details.get(c.id, "")) for c in person.match.candidates],
            "matched_detail": details.get(person.match.stakeholder_id or 0, ""),
            "choice": chosen.get(person.key)
            or (
                str(person.match.stakeholder_id)
                if person.status == "matched"
                else "new"
                if person.status == "new"
                else ""
            ),
            "errors": problems.get(person.key, []),
        }
        for person in review.people
    ]
    return render(
        request,
        "activities/attendance_review.html",
        {
            "access": access,
            "initiative": activity.initiative,
            "activity": activity,
            "upload": upload,
            "review": review,
            "counts": review.counts(),
            "rows": rows,
            "general_errors": problems.get("", []),
            "has_errors": bool(problems),
            "future": future,
            "registry_names": {c.id: c.name for p in review.people for c in p.match.candidates},
        },
    )
