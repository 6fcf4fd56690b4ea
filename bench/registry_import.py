"""Importing a 10,000-row CSV end to end: parse, validate, preview and commit (target ≤ 10 s).

The baseline is a raw ``bulk_create`` of the same 10,000 stakeholders (already typed, no
validation, no organizations or tags) on the same database, so the ratio says what the checks,
the staging and the organization/tag/circle bookkeeping cost on top of the bare insert.

Run: ``.venv/bin/python -m bench.registry_import [rows]``
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

from bench.harness import report, setup_django

ROWS = 10_000
RUNS = 3
TARGET_SECONDS = 10.0


def make_csv(rows: int, *, existing: int) -> bytes:
    """Return a realistic contact list: organizations, perspectives, circles, tags; the first
    ``existing`` rows repeat people already in the registry (by e-mail)."""
    perspectives = ["Family/Youth", "State agency", "county_agency", "Justice", "University"]
    circles = ["core", "key", "extended", "dissemination", ""]
    lines = ["Name;Organization;E-mail;Perspective;Circle;Interest;Stance;Consent date;Tags"]
    for i in range(rows):
        email = f"existing{i}@example.org" if i < existing else f"person{i}@example.org"
        lines.append(
            f"Persona Número {i};Organización {i % 250};{email};{perspectives[i % 5]};"
            f"{circles[i % 5]};{'sí' if i % 2 else 'no'};{('supporter', 'critic', '')[i % 3]};"
            f'2025-0{1 + i % 9}-1{i % 10};"tag{i % 20}, region{i % 4}"'
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    setup_django()
    from convener.accounts.models import User
    from convener.initiatives.models import Initiative
    from convener.initiatives.services import create_initiative
    from convener.stakeholders import tabular
    from convener.stakeholders.models import Stakeholder
    from convener.stakeholders.services import transfer

    user = User.objects.create_user(email="bench@example.org", password="x" * 12)
    existing = rows // 100
    data = make_csv(rows, existing=existing)

    def new_initiative(title: str, *, seed: bool) -> Initiative:
        initiative = create_initiative(
            owner=user, title=title, issue="Bench.", start_date=dt.date(2026, 1, 1)
        )
        if seed:
            Stakeholder.objects.bulk_create(
                Stakeholder(
                    initiative=initiative,
                    name=f"Persona Número {i}",
                    email=f"existing{i}@example.org",
                )
                for i in range(existing)
            )
        return initiative

    def import_run(run: int) -> tuple[float, float, float]:
        initiative = new_initiative(f"Import {run}", seed=True)
        start = time.perf_counter()
        batch = transfer.stage_import(
            initiative=initiative, actor=user, data=data, filename="bench.csv"
        )
        staged = time.perf_counter()
        transfer.preview_import(batch)
        previewed = time.perf_counter()
        transfer.commit_import(batch=batch, actor=user, default_choice="merge")
        committed = time.perf_counter()
        count = Stakeholder.objects.filter(initiative=initiative).count()
        assert count == rows + 250, count  # every person, plus the organizations named
        return staged - start, previewed - staged, committed - previewed

    def baseline_run(run: int) -> float:
        initiative = new_initiative(f"Baseline {run}", seed=False)
        table = tabular.read_table(data)
        results = tabular.validate_rows(
            table.header,
            list(enumerate(table.rows, 2)),
            tabular.guess_mapping(table.header),
            tabular.Reference(),
        )
        objects = [
            Stakeholder(
                initiative=initiative,
                **{k: v for k, v in r.values.items() if k in transfer.ROW_FIELDS},
            )
            for r in results
        ]
        start = time.perf_counter()
        Stakeholder.objects.bulk_create(objects, batch_size=500)
        return time.perf_counter() - start

    phases: dict[str, list[float]] = {
        "stage (parse + store)": [],
        "preview (validate)": [],
        "commit (validate + write)": [],
        "end to end": [],
    }
    baseline: list[float] = []
    for run in range(RUNS):
        stage, preview, commit = import_run(run)
        for key, value in zip(
            phases, (stage, preview, commit, stage + preview + commit), strict=True
        ):
            phases[key].append(value)
        baseline.append(baseline_run(run))

    def line(label: str, samples: list[float]) -> str:
        runs = ", ".join(f"{s:.2f}" for s in samples)
        return f"{label:<40} median={statistics.median(samples):7.2f} s  runs={runs}"

    total = statistics.median(phases["end to end"])
    base = statistics.median(baseline)
    report(
        f"Import {rows:,} CSV rows ({existing} already in the registry, merged; "
        "250 organizations created; tags; circles)",
        [
            *(line(k, v) for k, v in phases.items()),
            line("baseline: raw bulk_create of the rows", baseline),
            f"ratio end to end / baseline: {total / base:.1f}x",
            f"target: end to end <= {TARGET_SECONDS:.0f} s: "
            + ("met" if total <= TARGET_SECONDS else "NOT MET"),
        ],
    )


if __name__ == "__main__":
    main()
