"""Admin for duplicates: the jobs' merge and split actions, a filter by cluster, the postings of a job's cluster on its
page, and the clusters and operators' decisions as read-only lists. A merge or split is recorded as decisions that
matching reads first (jobscraper.clusters), so it sticks through later scrapes."""
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from extraction.admin import ReadOnlyAdmin

from .clusters import cluster_members, jobs_merge, jobs_split
from .models import ClusterDecision, Job, JobCluster


class ClusterFilter(admin.SimpleListFilter):
    title = "duplicates"
    parameter_name = "cluster"

    def lookups(self, request, model_admin):
        return [("any", "in a cluster"), ("alone", "listed once"), ("reposted", "in a reposted cluster")]

    def queryset(self, request, queryset):
        match self.value():
            case "any":
                return queryset.filter(cluster__isnull=False)
            case "alone":
                return queryset.filter(cluster__isnull=True)
            case "reposted":
                return queryset.filter(cluster__reposted_at__isnull=False)
        return queryset


@admin.action(description="Merge the selected jobs: they are one job", permissions=["change"])
def merge_into_one_job(modeladmin, request, queryset):
    if queryset.count() < 2:
        modeladmin.message_user(request, "Select two jobs or more to merge.", messages.WARNING)
        return
    cluster = jobs_merge(queryset, by=request.user)
    modeladmin.message_user(request, f"{cluster.jobs.count()} jobs are now one job ({cluster}); matching keeps them so.")


@admin.action(description="Split the selected jobs from their clusters: each is another job", permissions=["change"])
def split_from_cluster(modeladmin, request, queryset):
    count = jobs_split(queryset, by=request.user)
    modeladmin.message_user(request, f"{count} jobs left their clusters; matching will not join them again.")


def _job_link(job) -> str:
    return reverse("admin:jobscraper_job_change", args=[job.pk])


def _why(job) -> str:
    """Why a member joined its cluster, as matching or an operator recorded it."""
    if job.cluster_match.get("by") == "operator":
        return "merged by an operator"
    reasons = job.cluster_match.get("reasons") or []
    return f"matched job {job.cluster_match.get('with')}: " + "; ".join(reasons) if reasons else ""


@admin.display(description="postings of this job")
def cluster_postings(job) -> str:
    """The cluster's members with where each is listed and why it joined, on a job's admin page."""
    if job is None or job.cluster_id is None:
        return "Listed once: no other posting matched."
    rows = format_html_join("", '<li><a href="{}">{}</a> ({}, {}, first seen {}) {}</li>', (
        (_job_link(member), member, member.company.get_source_kind_display(), member.get_status_display(),
         f"{member.first_seen_at:%Y-%m-%d}", _why(member))
        for member in cluster_members(job)
    ))
    return format_html("<ul>{}</ul>", rows)


class ClusterMemberInline(admin.TabularInline):
    model = Job
    verbose_name_plural = "postings"
    fields = readonly_fields = ["posting", "company", "status", "first_seen_at", "cluster_match"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="posting")
    def posting(self, job):
        return format_html('<a href="{}">{}</a>', _job_link(job), job)


@admin.register(JobCluster)
class JobClusterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "postings", "first_seen_at", "reposted_at"]
    list_filter = [("reposted_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "first_seen_at"
    inlines = [ClusterMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(postings=Count("jobs"))

    @admin.display(description="postings", ordering="postings")
    def postings(self, cluster):
        return cluster.postings


@admin.register(ClusterDecision)
class ClusterDecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "same", "decided_by", "decided_at"]
    list_filter = ["same"]
    list_select_related = ["decided_by"]
    date_hierarchy = "decided_at"
