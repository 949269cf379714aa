"""A job's history: which tracked fields changed and when, for admin and the public page."""
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
