"""The job list's filters for reviewers: the review queue, and the jobs that deserve a second look."""
from django.contrib import admin

from . import review
from .provenance import SOURCE_PROVENANCE


class ReviewQueueFilter(admin.SimpleListFilter):
    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", "awaiting review (new, or extracted again since reviewed)")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return review.jobs_awaiting_review(jobs=queryset)
        return queryset


class UngroundedFilter(admin.SimpleListFilter):
    title = "ungrounded values"
    parameter_name = "ungrounded"

    def lookups(self, request, model_admin):
        return [("dropped", "dropped: an engine value not found in the posting text")]

    def queryset(self, request, queryset):
        if self.value() == "dropped":
            return review.jobs_with_ungrounded_values(jobs=queryset)
        return queryset


class LowConfidenceFilter(admin.SimpleListFilter):
    """No engine reports a confidence, so this reads what we store: what is missing and what rules guessed."""

    title = "low confidence"
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return [
            ("low", "either reason below"),
            ("missing", "key facts missing: no location, or remote or employment type unknown"),
            ("guessed", "key facts (title, location, remote, employment type) guessed by keyword rules"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return review.jobs_missing_key_facts(jobs=queryset)
        if self.value() == "guessed":
            return review.jobs_key_facts_guessed(jobs=queryset)
        if self.value() == "low":
            return review.jobs_missing_key_facts(jobs=queryset) | review.jobs_key_facts_guessed(jobs=queryset)
        return queryset


class FieldSourceFilter(admin.SimpleListFilter):
    title = "a field came from"
    parameter_name = "field_source"

    def lookups(self, request, model_admin):
        # The source's labels as one choice; every other provenance as its own.
        others = [(label, name) for label, name in review.FIELD_SOURCES.items() if label not in SOURCE_PROVENANCE]
        return [("source", "the source's data (ATS API, JSON-LD, page, job board)"), *others]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        labels = SOURCE_PROVENANCE if self.value() == "source" else (self.value(),)
        return review.jobs_with_field_source(jobs=queryset, labels=labels)
