"""Admin for operators (companies, scrape runs, operations page) and reviewers (jobs, the review queue)."""
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, Sum
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from extraction.admin import ReadOnlyAdmin
from extraction.clustering import jobs_cluster_soon
from extraction.normalize import located
from extraction.services import jobs_reextract
from scraping import services as scraping_services
from scraping.closing import run_closures_confirm
from scraping.http import url_refusal

from . import fields, operations, review, services
from .admin_clusters import ClusterFilter, cluster_postings, merge_into_one_job, split_from_cluster
from .admin_filters import FieldSourceFilter, LowConfidenceFilter, ReviewQueueFilter, UngroundedFilter
from .admin_review import review_decide, review_jobs, review_screen_urls
from .models import Company, ExchangeRate, Job, JobChange, ScrapeRun
from .sanitize import safe_link
from .templatetags.jobs import salary_range


class ScrapeRunInline(admin.TabularInline):
    model = ScrapeRun
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["-started_at"]
    fields = readonly_fields = ["started_at", "finished_at", "status", "found", "new", "changed", "unchanged", "closed", "reopened", "linked", "listing_unchanged", "closing", "error"]

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

    def clean_careers_url(self):
        # A URL the scraper's address guard refuses would be saved as a company that fails every scrape: say so here.
        # Only a URL typed now is checked, within the guard's short bound on the host's lookup; no page is fetched.
        url = self.cleaned_data["careers_url"]
        if "careers_url" in self.changed_data:
            refusal = url_refusal(url)
            if refusal:
                raise forms.ValidationError(f"Scraping would refuse this URL: {refusal}.")
        return url


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "source_kind", "active", "scrape_interval_minutes", "open_jobs", "last_run"]
    list_filter = ["source_kind", "active"]
    search_fields = ["name", "careers_url"]
    readonly_fields = ["source_detection", "periodic_task_link", "created_at", "updated_at"]
    form = CompanyForm
    fields = [
        "name", "careers_url", "detect_source", "source_kind", "source_params", "source_detection", "active",
        "scrape_interval_minutes",
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
        services.company_save(company=obj)
        # A new company is scraped at once when active, not after its first interval (its schedule's first run).
        first_scrape = not change
        if form.cleaned_data.get("detect_source"):
            self._detect(request, [obj], scrape_active=first_scrape)
        elif first_scrape:
            scraping_services.companies_scrape_now(companies=[obj], active_only=True)
        if first_scrape and obj.active:
            self.message_user(request, f"{obj}: first scrape queued; its runs show on its page.", messages.INFO)

    def delete_model(self, request, obj):
        services.company_delete(company=obj)

    def delete_queryset(self, request, queryset):
        for company in queryset:
            services.company_delete(company=company)

    @admin.action(description="Scrape selected companies now")
    def scrape_now(self, request, queryset):
        count = scraping_services.companies_scrape_now(companies=queryset)
        self.message_user(request, f"Queued a scrape of {count} compan{'y' if count == 1 else 'ies'}.", messages.SUCCESS)

    @admin.action(description="Detect source from careers URL")
    def detect_source(self, request, queryset):
        self._detect(request, queryset)

    def _detect(self, request, companies, *, scrape_active=False):
        """What the careers URLs show now; pages to read go to the scrape queue, never read within the request."""
        detected, queued = scraping_services.companies_detect_source(companies=companies, scrape_active=scrape_active)
        for company, detection in detected:
            self.message_user(request, f"{company}: {company.get_source_kind_display()}. {detection.reason}.", messages.INFO)
        if queued:
            self.message_user(
                request,
                f"Reading the careers page of {queued} compan{'y' if queued == 1 else 'ies'} in the background (scrape "
                "queue): the list shows each one's source once its page is read, the scrape worker's log says why.",
                messages.INFO,
            )

    @admin.action(description="Enable selected companies")
    def enable(self, request, queryset):
        waking = [company for company in queryset if not company.active]  # scraped at once, as a new company is
        count = services.companies_set_active(companies=queryset, active=True)
        scraping_services.companies_scrape_now(companies=waking)
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
    fields = readonly_fields = ["at", "kind", "field", "old_value", "new_value", "by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


def _extracted_rows() -> list:
    """The declared fields an extraction fills, in order, the salary's parts two to a row where the salary starts."""
    salary = fields.STORED_SALARY
    rows = []
    for name in fields.STORED:
        if name not in salary:
            rows.append(name)
        elif name == salary[0]:
            rows += [tuple(salary[i:i + 2]) for i in range(0, len(salary), 2)]
    return rows


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    change_form_template = "admin/jobscraper/job/change_form.html"
    list_display = ["display_title", "company", "status", "extraction_state", "extraction_engine", "review_status", "salary_display", "first_seen_at"]
    list_filter = [
        ReviewQueueFilter, UngroundedFilter, LowConfidenceFilter, FieldSourceFilter, "review_status", "extraction_state",
        "status", "close_reason", "extraction_engine", "content_part", "remote", "employment_type", ClusterFilter,
        "company",
    ]
    list_select_related = ["company"]
    search_fields = ["title", "external_id", "company__name"]
    date_hierarchy = "first_seen_at"
    actions = ["approve", "reject", "reextract", merge_into_one_job, split_from_cluster]
    inlines = [JobChangeInline]
    readonly_fields = [
        "company", "external_id", "source_link", "also_listed_on", "source_origin", "content_part", "status", "first_seen_at", "last_seen_at", "closed_at", "close_reason", "valid_through",
        "extraction_state", "extraction_engine", "token_count", "extraction_latency_ms", "extraction_attempts",
        "extraction_error", "extracted_at", "field_sources", "content_hash", "reviewed_at", "reviewed_by", "cloud_spend",
        "postings",
    ]
    fieldsets = [
        ("Posting", {"fields": [
            "company", "external_id", "source_link", "also_listed_on", "status", "first_seen_at", "last_seen_at",
            "closed_at", "close_reason", "valid_through", "postings",
        ]}),
        ("Review", {"fields": ["review_status", "reviewed_at", "reviewed_by"]}),
        ("Extracted fields", {"fields": [*_extracted_rows(), "field_sources"]}),
        ("Extraction", {"fields": [
            "extraction_state", "extraction_engine", "token_count", "extraction_latency_ms", "extraction_attempts",
            "extraction_error", "extracted_at", "source_origin", "content_part", "content_hash", "cloud_spend",
        ]}),
    ]

    # decision -> button label; every decision but a plain approve moves the reviewer on to the next job
    REVIEW_DECISIONS = {
        "approve": "Approve",
        "approve_next": "Approve & next",
        "reject_next": "Reject & next",
        "reextract_next": "Re-extract & next",
        "skip": "Skip",
    }

    def get_urls(self):
        # Before the defaults: their "<path:object_id>/" would take these paths too.
        return [
            path("operations/", self.admin_site.admin_view(self.operations_view), name="jobscraper_operations"),
            path("<path:object_id>/review/", self.admin_site.admin_view(self.review_view), name="jobscraper_job_review"),
            *review_screen_urls(self),
            *super().get_urls(),
        ]

    def delete_model(self, request, obj):
        services.jobs_delete(jobs=Job.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.jobs_delete(jobs=queryset)

    def get_ordering(self, request):
        if request.GET.get(ReviewQueueFilter.parameter_name) == "review":
            return review.REVIEW_QUEUE_ORDERING
        return super().get_ordering(request)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            # Each extracted field says where its value came from, right under it (a fresh form class per request).
            for name, source in review.job_field_sources(job=obj).items():
                if name in form.base_fields:
                    form.base_fields[name].help_text = source
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                review_reason=review.job_review_reason(job=obj),
                review_url=reverse("admin:jobscraper_job_review", args=[obj.pk]),
                review_decisions=self.REVIEW_DECISIONS.items(),
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        if "locations" in form.changed_data and isinstance(obj.locations, list):
            # A reviewer's places are read as extraction's are: their country's code, and the city with its coordinates
            obj.locations = [located(place) if isinstance(place, dict) else place for place in obj.locations]
        services.job_save_reviewer_edits(job=obj, fields=form.changed_data, by=request.user)
        if {"title", "locations"} & set(form.changed_data):
            jobs_cluster_soon([obj.pk])  # matched again as corrected: it may now join, or leave, a cluster

    @method_decorator(require_POST)
    def review_view(self, request, object_id):
        """A reviewer's decision from the change form, then on to the next job of the list they came from."""
        job = self.get_object(request, unquote(object_id))
        if job is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, job):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if decision not in self.REVIEW_DECISIONS:
            return HttpResponseBadRequest("Unknown review decision.")
        # Chosen before deciding, while the job still holds its place in the list.
        next_id = None if decision == "approve" else review.job_review_next(jobs=review_jobs(self, request), after=job.pk)
        self.message_user(request, review_decide(request, decision, job), messages.SUCCESS)
        filters = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        if decision == "approve":
            return redirect(add_preserved_filters(filters, reverse("admin:jobscraper_job_change", args=[job.pk])))
        if next_id is None:
            self.message_user(request, "Nothing left to review in this list.", messages.INFO)
            return redirect(add_preserved_filters(filters, reverse("admin:jobscraper_job_changelist")))
        return redirect(add_preserved_filters(filters, reverse("admin:jobscraper_job_change", args=[next_id])))

    def operations_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request), "title": "Operations", "opts": self.opts,
            **operations.operations_overview(),
        }
        return TemplateResponse(request, "admin/jobscraper/operations.html", context)

    @admin.display(description="title", ordering="title")
    def display_title(self, job):
        return job.display_title

    @admin.display(description="salary")
    def salary_display(self, job):
        return salary_range(job) or "—"  # as the public pages write it ("EUR 50,000–60,000 per year")

    @admin.display(description="cloud spend")
    def cloud_spend(self, job):
        spent = job.cloud_calls.aggregate(
            calls=Count("pk"), tokens_in=Sum("tokens_in"), tokens_out=Sum("tokens_out"), usd=Sum("cost_usd")
        )
        if not spent["calls"]:
            return "—"
        return format_html(
            '<a href="{}?job__id__exact={}">{} cloud call{}</a>: {} tokens in, {} out, ${}',
            reverse("admin:extraction_cloudcall_changelist"), job.pk, spent["calls"], "s" if spent["calls"] > 1 else "",
            spent["tokens_in"], spent["tokens_out"], spent["usd"],
        )

    postings = staticmethod(cluster_postings)

    @admin.display(description="source URL")
    def source_link(self, job):
        url = safe_link(job.source_url)
        if not url:
            return job.source_url or "—"
        return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, url)

    @admin.action(description="Approve selected jobs")
    def approve(self, request, queryset):
        count = services.jobs_review(jobs=queryset, status=Job.ReviewStatus.APPROVED, by=request.user)
        self.message_user(request, f"Approved {count} job(s).", messages.SUCCESS)

    @admin.action(description="Reject selected jobs (hidden from the public list)")
    def reject(self, request, queryset):
        count = services.jobs_review(jobs=queryset, status=Job.ReviewStatus.REJECTED, by=request.user)
        self.message_user(request, f"Rejected {count} job(s).", messages.SUCCESS)

    @admin.action(description="Re-extract selected jobs")
    def reextract(self, request, queryset):
        count = jobs_reextract(job_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Queued {count} job(s) for extraction.", messages.SUCCESS)


@admin.register(ScrapeRun)
class ScrapeRunAdmin(admin.ModelAdmin):
    list_display = ["company", "started_at", "duration", "status", "found", "new", "changed", "unchanged", "closed", "held", "reopened", "linked", "listing_unchanged"]
    list_filter = ["status", "company"]
    list_select_related = ["company"]
    search_fields = ["company__name", "error", "closing"]
    date_hierarchy = "started_at"
    actions = ["confirm_closures"]

    @admin.display(description="held")
    def held(self, run):
        return len(run.held_closures) or ""

    def has_close_jobs_permission(self, request):
        return request.user.has_perm("jobscraper.change_job")

    @admin.action(description="Confirm the closures a suspicious drop held", permissions=["close_jobs"])
    def confirm_closures(self, request, queryset):
        suspicious = queryset.filter(status=ScrapeRun.Status.SUSPICIOUS)
        closed = sum(run_closures_confirm(run=run, by=request.user.get_username()) for run in suspicious)
        skipped = queryset.count() - suspicious.count()
        self.message_user(request, f"Closed {closed} jobs held by {suspicious.count()} suspicious runs."
                          + (f" {skipped} selected runs held nothing." if skipped else ""), messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    """Read only: rates come from the ECB (beat's daily "money: refresh exchange rates") or a saved file
    (`manage.py load_exchange_rates`), which also convert again the salaries a rate changes; an edit here would not."""

    list_display = ["currency", "day", "per_euro", "source", "fetched_at"]
    list_filter = ["source", "currency"]
    search_fields = ["currency"]
    date_hierarchy = "day"
