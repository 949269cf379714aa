"""Admin for operators (companies, scrape runs) and reviewers (jobs)."""
from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.utils.html import format_html

from extraction.services import jobs_reextract
from scraping.detect import company_detect_source

from . import services
from .models import Company, Job, JobChange, ScrapeRun
from .sanitize import safe_link


class ScrapeRunInline(admin.TabularInline):
    model = ScrapeRun
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["-started_at"]
    fields = readonly_fields = ["started_at", "finished_at", "status", "found", "new", "changed", "unchanged", "closed", "reopened", "linked", "listing_unchanged", "error"]

    def get_queryset(self, request):
        # The newest 10 runs only: a company scraped hourly for months has thousands.
        queryset = super().get_queryset(request)
        newest = queryset.order_by("-started_at").values_list("pk", flat=True)[:10]
        return queryset.filter(pk__in=list(newest))


class CompanyForm(forms.ModelForm):
    detect_source = forms.BooleanField(
        label="Detect source from the careers URL",
        required=False,
        help_text="Fill source kind and parameters from the careers URL (an ATS board, or a careers page that "
        "embeds or links to one) when saving. Untick to keep what you set.",
    )

    class Meta:
        model = Company
        fields = []  # the admin's `fields` choose them, with its formfield_overrides applied


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "source_kind", "active", "scrape_interval_minutes", "open_jobs", "last_run"]
    list_filter = ["source_kind", "active"]
    search_fields = ["name", "careers_url"]
    readonly_fields = ["periodic_task_link", "created_at", "updated_at"]
    form = CompanyForm
    fields = [
        "name", "careers_url", "detect_source", "source_kind", "source_params", "active", "scrape_interval_minutes",
        "periodic_task_link", "created_at", "updated_at",
    ]
    inlines = [ScrapeRunInline]
    actions = ["scrape_now", "enable", "disable", "detect_source"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            open_job_count=Count("jobs", filter=Q(jobs__status=Job.Status.OPEN))
        )

    @admin.display(description="open jobs", ordering="open_job_count")
    def open_jobs(self, company):
        return company.open_job_count

    @admin.display(description="last run")
    def last_run(self, company):
        run = company.scrape_runs.order_by("-started_at").first()
        if run is None:
            return "never"
        return format_html('<a href="{}">{} · {}</a>', run.get_absolute_url(), run.started_at.strftime("%Y-%m-%d %H:%M"), run.get_status_display())

    @admin.display(description="schedule")
    def periodic_task_link(self, company):
        if company.periodic_task_id is None:
            return "created on save"
        task = company.periodic_task
        return format_html(
            '<a href="/admin/django_celery_beat/periodictask/{}/change/">{}</a> ({})',
            task.pk, task.name, "enabled" if task.enabled else "disabled",
        )

    def get_changeform_initial_data(self, request):
        # A new company is usually just a pasted careers URL: detect by default when adding.
        return {**super().get_changeform_initial_data(request), "detect_source": True}

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("detect_source"):
            detection = company_detect_source(company=obj)
            obj.source_kind, obj.source_params = detection.kind, detection.params
            self.message_user(request, f"Source: {obj.get_source_kind_display()}. {detection.reason}.", messages.INFO)
        services.company_save(company=obj)

    def delete_model(self, request, obj):
        services.company_delete(company=obj)

    def delete_queryset(self, request, queryset):
        for company in queryset:
            services.company_delete(company=company)

    @admin.action(description="Scrape selected companies now")
    def scrape_now(self, request, queryset):
        count = services.companies_scrape_now(companies=queryset)
        self.message_user(request, f"Queued a scrape of {count} compan{'y' if count == 1 else 'ies'}.", messages.SUCCESS)

    @admin.action(description="Detect source from careers URL")
    def detect_source(self, request, queryset):
        for company in queryset:
            detection = company_detect_source(company=company)
            company.source_kind, company.source_params = detection.kind, detection.params
            services.company_save(company=company)
            self.message_user(request, f"{company}: {company.get_source_kind_display()}. {detection.reason}.", messages.INFO)

    @admin.action(description="Enable selected companies")
    def enable(self, request, queryset):
        count = services.companies_set_active(companies=queryset, active=True)
        self.message_user(request, f"Enabled {count} compan{'y' if count == 1 else 'ies'} and their schedules.", messages.SUCCESS)

    @admin.action(description="Disable selected companies")
    def disable(self, request, queryset):
        count = services.companies_set_active(companies=queryset, active=False)
        self.message_user(request, f"Disabled {count} compan{'y' if count == 1 else 'ies'} and their schedules.", messages.SUCCESS)


class JobChangeInline(admin.TabularInline):
    model = JobChange
    verbose_name_plural = "history"
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = ["at", "kind", "field", "old_value", "new_value"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    change_form_template = "admin/jobscraper/job/change_form.html"
    list_display = ["display_title", "company", "status", "extraction_state", "extraction_engine", "review_status", "salary_display", "first_seen_at"]
    list_filter = ["review_status", "extraction_state", "status", "extraction_engine", "remote", "employment_type", "company"]
    list_select_related = ["company"]
    search_fields = ["title", "external_id", "company__name"]
    date_hierarchy = "first_seen_at"
    actions = ["approve", "reject", "reextract"]
    inlines = [JobChangeInline]
    readonly_fields = [
        "company", "external_id", "source_link", "also_listed_on", "source_origin", "status", "first_seen_at", "last_seen_at", "closed_at",
        "extraction_state", "extraction_engine", "token_count", "extraction_latency_ms", "extraction_attempts",
        "extraction_error", "extracted_at", "field_sources", "content_hash", "reviewed_at",
    ]
    fieldsets = [
        ("Posting", {"fields": [
            "company", "external_id", "source_link", "also_listed_on", "status", "first_seen_at", "last_seen_at",
            "closed_at",
        ]}),
        ("Review", {"fields": ["review_status", "reviewed_at"]}),
        ("Extracted fields", {"fields": [
            "title", "locations", "remote", "employment_type", "seniority", "department", ("salary_min", "salary_max"),
            ("salary_currency", "salary_period"), ("salary_annual_min", "salary_annual_max"), "skills", "requirements",
            "benefits", "visa_sponsorship", "date_posted", "summary", "field_sources",
        ]}),
        ("Extraction", {"fields": [
            "extraction_state", "extraction_engine", "token_count", "extraction_latency_ms", "extraction_attempts",
            "extraction_error", "extracted_at", "source_origin", "content_hash",
        ]}),
    ]

    @admin.display(description="title", ordering="title")
    def display_title(self, job):
        return job.display_title

    @admin.display(description="salary")
    def salary_display(self, job):
        if job.salary_min is None and job.salary_max is None:
            return "—"
        return f"{job.salary_min or ''}–{job.salary_max or ''} {job.salary_currency} / {job.salary_period or '?'}"

    @admin.display(description="source URL")
    def source_link(self, job):
        url = safe_link(job.source_url)
        if not url:
            return job.source_url or "—"
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, url)

    @admin.action(description="Approve selected jobs")
    def approve(self, request, queryset):
        count = services.jobs_review(jobs=queryset, status=Job.ReviewStatus.APPROVED)
        self.message_user(request, f"Approved {count} job(s).", messages.SUCCESS)

    @admin.action(description="Reject selected jobs (hidden from the public list)")
    def reject(self, request, queryset):
        count = services.jobs_review(jobs=queryset, status=Job.ReviewStatus.REJECTED)
        self.message_user(request, f"Rejected {count} job(s).", messages.SUCCESS)

    @admin.action(description="Re-extract selected jobs")
    def reextract(self, request, queryset):
        count = jobs_reextract(job_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {count} job(s) for extraction.", messages.SUCCESS)


@admin.register(ScrapeRun)
class ScrapeRunAdmin(admin.ModelAdmin):
    list_display = ["company", "started_at", "duration", "status", "found", "new", "changed", "unchanged", "closed", "reopened", "linked", "listing_unchanged"]
    list_filter = ["status", "company"]
    list_select_related = ["company"]
    search_fields = ["company__name", "error"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
