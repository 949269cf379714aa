"""A job's history: which tracked fields changed and when, for admin and the public page, and what reviewers
corrected, for admin only."""
from datetime import date
from decimal import Decimal

from .fields import TRACKED
from .models import Job, JobChange


def _json(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def job_field_changes(*, job: Job, values: dict, at) -> list[JobChange]:
    """Unsaved changes for each tracked field in `values` that differs from the job's current value."""
    changes = []
    for name in TRACKED:  # what a reader cares to see change (fields.py marks them)
        if name not in values:
            continue
        old, new = _json(getattr(job, name)), _json(values[name])
        if old != new:
            changes.append(JobChange(job=job, at=at, kind=JobChange.Kind.CHANGED, field=name, old_value=old, new_value=new))
    return changes


def job_reviewer_corrections(*, job: Job, before: dict, by, at) -> list[JobChange]:
    """Unsaved corrections for each field in `before` (its stored value) that differs from what the reviewer gave `job`.

    Every field a reviewer may edit, not only the tracked ones: a correction is worth knowing whoever reads the posting.
    """
    changes = []
    for name, stored in before.items():
        old, new = _json(stored), _json(getattr(job, name))
        if old != new:
            changes.append(JobChange(
                job=job, at=at, kind=JobChange.Kind.CORRECTED, field=name, old_value=old, new_value=new, by=by,
            ))
    return changes
