"""Companies, their job postings, and the record of each scrape run."""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, When
from django.urls import reverse
from django.utils import timezone

from . import clusters, exchange_rates, job_places
from .sightings import JobSighting  # noqa: F401 - a model of this app
from .fields import EVIDENCE, EVIDENCE_IDS
from .listing_date import PostedOrFirstSeen
from .provenance import POSTING_ORIGINS, ContentPart
from .source_kinds import SourceKind

ExchangeRate = exchange_rates.ExchangeRate  # a model of this app, kept in its own module with what converts salaries
JobCluster, ClusterDecision = clusters.JobCluster, clusters.ClusterDecision  # likewise, with what keeps clusters
JobPlace = job_places.JobPlace  # the cities jobs are in, for the distance filter's index (its own module too)


class CompanyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Company(models.Model):
    name = models.CharField("name", max_length=200, unique=True)
    careers_url = models.URLField("careers URL", max_length=1000, help_text="The page or board where the company lists its jobs.")
    source_kind = models.CharField(
        "source kind", max_length=32, choices=SourceKind.choices, default=SourceKind.CAREER_PAGE, db_index=True
    )
    source_params = models.JSONField(
        "source parameters",
        default=dict,
        blank=True,
        help_text='Source-specific settings, e.g. {"board_token": "acme"} for Greenhouse, '
        '{"job_link_pattern": "/jobs/"} for a career page that links to job pages.',
    )
    source_detection = models.CharField(
        "source detection", max_length=500, blank=True, editable=False,
        help_text="Why the source kind is what detection found, or that the careers page is being read to tell.",
    )
    active = models.BooleanField("active", default=True, help_text="Inactive companies are not scraped on schedule.")
    scrape_interval_minutes = models.PositiveIntegerField(
        "scrape every (minutes)", default=360, help_text="How often beat scrapes this company."
    )
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        verbose_name="schedule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="company",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("admin:jobscraper_company_change", args=[self.pk])


class JobQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Job.Status.OPEN)

    def visible(self):
        """What a visitor may open: never rejected, and only approved unless PUBLIC_UNREVIEWED_JOBS is on."""
        if settings.PUBLIC_UNREVIEWED_JOBS:
            return self.exclude(review_status=Job.ReviewStatus.REJECTED)
        return self.filter(review_status=Job.ReviewStatus.APPROVED)

    def public(self):
        """What the list, feeds and exports show: visible and open."""
        return self.visible().open()


class Job(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "open"
        CLOSED = "closed", "closed"

    class CloseReason(models.TextChoices):
        GONE = "gone", "gone from a complete listing"
        EXPIRED = "expired", "expired: its valid-through date passed"
        CONFIRMED = "confirmed", "gone, confirmed by an operator after a suspicious drop"

    class ExtractionState(models.TextChoices):
        PENDING = "pending", "pending routing"
        QUEUED_LOCAL = "queued_local", "queued for the local engine"
        QUEUED_CLOUD = "queued_cloud", "queued for the cloud engine"
        # Still queued for the cloud: its call would pass the daily cap. Beat's sweep sends it once the budget has room.
        WAITING_BUDGET = "waiting_budget", "queued for the cloud, waiting for the daily budget"
        QUEUED_BATCH = "queued_batch", "queued for the next cloud batch"  # CLOUD_BATCH_MODE
        IN_BATCH = "in_batch", "in a cloud batch"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"
        CLOUD_NOT_CONFIGURED = "cloud_not_configured", "cloud not configured"

    class ReviewStatus(models.TextChoices):
        UNREVIEWED = "unreviewed", "unreviewed"
        APPROVED = "approved", "approved"
        REJECTED = "rejected", "rejected"

    class Remote(models.TextChoices):
        ONSITE = "onsite", "on-site"
        HYBRID = "hybrid", "hybrid"
        REMOTE = "remote", "remote"
        UNKNOWN = "unknown", "unknown"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "full-time"
        PART_TIME = "part_time", "part-time"
        CONTRACT = "contract", "contract"
        INTERNSHIP = "internship", "internship"
        TEMPORARY = "temporary", "temporary"
        UNKNOWN = "unknown", "unknown"

    class VisaSponsorship(models.TextChoices):
        YES = "yes", "offered"
        NO = "no", "not offered"
        UNKNOWN = "unknown", "unknown"

    company = models.ForeignKey(Company, verbose_name="company", on_delete=models.CASCADE, related_name="jobs")
    external_id = models.CharField(
        "external id", max_length=500, help_text="The source's id for the posting, or its canonical URL."
    )
    source_url = models.URLField("source URL", max_length=2000, blank=True)
    content_hash = models.CharField("content hash", max_length=64, help_text="SHA-256 of the scraped content.")
    raw_content = models.TextField("raw content", blank=True, help_text="Posting text as given to the extractor.")
    description_html = models.TextField("description HTML", blank=True, help_text="Untrusted; sanitised on display.")
    source_data = models.JSONField(
        "structured source data", default=dict, blank=True, help_text="Fields the source itself gave (ATS JSON, JSON-LD)."
    )
    also_listed_on = models.JSONField(
        "also listed on", default=list, blank=True, help_text="Job-board pages that list this same posting."
    )
    source_origin = models.CharField(
        "source data origin", max_length=16, blank=True, choices=[(p.value, p.label) for p in POSTING_ORIGINS],
        help_text="What the source data came from.",
    )
    content_part = models.CharField(
        "content part", max_length=8, choices=ContentPart.choices, blank=True,
        help_text="What the posting's text (raw content) was read from: the ATS's posting body, the page's JSON-LD, "
        "the page's main element (holding its title and most of its text, without blocks of links), or the whole page "
        "without its site's navigation and footer. Empty for jobs scraped before it was recorded.",
    )

    # Structured fields, filled from source data first and the extraction engine for the rest.
    title = models.CharField("title", max_length=500, blank=True)
    locations = models.JSONField("locations", default=list, blank=True)
    remote = models.CharField("remote", max_length=16, choices=Remote.choices, default=Remote.UNKNOWN, db_index=True)
    remote_regions = models.JSONField(
        "open to", default=list, blank=True,
        help_text="For a fully remote job, the countries (ISO 3166-1 alpha-2) and areas (EU, EMEA, LATAM, WORLDWIDE...) "
        "it is open to, as its source or posting states them; empty where it does not say.",
    )
    employment_type = models.CharField(
        "employment type", max_length=16, choices=EmploymentType.choices, default=EmploymentType.UNKNOWN, db_index=True
    )
    seniority = models.CharField("seniority", max_length=32, blank=True)
    department = models.CharField("department", max_length=200, blank=True)
    salary_min = models.DecimalField("salary min", max_digits=14, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField("salary max", max_digits=14, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField("salary currency", max_length=3, blank=True)
    salary_period = models.CharField("salary period", max_length=8, blank=True)
    salary_annual_min = models.DecimalField("annual salary min", max_digits=14, decimal_places=2, null=True, blank=True)
    salary_annual_max = models.DecimalField("annual salary max", max_digits=14, decimal_places=2, null=True, blank=True)
    # The annual figures in SALARY_BASE_CURRENCY (exchange_rates.jobs_salary_convert), which the salary filter and
    # order read, and the day of the rate they were converted at (none for a salary in the base currency).
    salary_base_min = models.DecimalField("salary min, base currency", max_digits=14, decimal_places=2, null=True,
                                          blank=True, editable=False)
    salary_base_max = models.DecimalField("salary max, base currency", max_digits=14, decimal_places=2, null=True,
                                          blank=True, editable=False)
    salary_base_rate_day = models.DateField("exchange rate day", null=True, blank=True, editable=False)
    skills = models.JSONField("skills", default=list, blank=True)
    requirements = models.JSONField("requirements", default=list, blank=True)
    benefits = models.JSONField("benefits", default=list, blank=True)
    visa_sponsorship = models.CharField(
        "visa sponsorship", max_length=8, choices=VisaSponsorship.choices, default=VisaSponsorship.UNKNOWN
    )
    date_posted = models.DateField("date posted", null=True, blank=True)
    summary = models.TextField("summary", blank=True)
    field_sources = models.JSONField("field sources", default=dict, blank=True, help_text="Where each field came from.")
    # Kept by a PostgreSQL trigger (migration 0007) from title, department, skills, summary and text, so that every
    # writer stays unaware of it; NULL on SQLite, where the list searches with LIKE instead.
    search_vector = SearchVectorField("search vector", null=True, editable=False)

    # Duplicates (jobscraper.clusters): the postings that are this same job, and what matching reads to find them.
    cluster = models.ForeignKey(
        JobCluster, verbose_name="cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs",
        editable=False, help_text="The other postings of this same job (a job board's copy, a repost); none if alone.",
    )
    cluster_match = models.JSONField("why clustered", default=dict, blank=True, editable=False)
    behind_in_cluster = models.BooleanField(
        "behind in its cluster", default=False, editable=False,
        help_text="Another posting of the same job, open and not rejected, comes first in the list's order "
        "(jobscraper.clusters): the list shows that one instead.",
    )
    employer_key = models.CharField("employer key", max_length=200, blank=True, editable=False)
    title_key = models.CharField("title key", max_length=500, blank=True, editable=False)
    from_job_board = models.GeneratedField(
        verbose_name="from a job board", expression=Case(When(source_origin="board", then=True), default=False),
        output_field=models.BooleanField(), db_persist=True,
    )

    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    first_seen_at = models.DateTimeField("first seen", default=timezone.now)
    listed_at = models.GeneratedField(
        verbose_name="listed", expression=PostedOrFirstSeen("date_posted", "first_seen_at"),
        output_field=models.DateTimeField(), db_persist=True,
    )
    closed_at = models.DateTimeField("closed", null=True, blank=True)
    close_reason = models.CharField("why closed", max_length=16, choices=CloseReason.choices, blank=True)
    valid_through = models.DateField(
        "valid through", null=True, blank=True,
        help_text="The last day the source says the posting is open (JSON-LD validThrough, an ATS's end date); "
        "once it has passed the job is closed as expired.",
    )

    extraction_state = models.CharField(
        "extraction state", max_length=24, choices=ExtractionState.choices, default=ExtractionState.PENDING, db_index=True
    )
    extraction_engine = models.CharField("engine", max_length=64, blank=True, help_text="Engine that filled the fields.")
    extracted_hash = models.CharField("extracted hash", max_length=64, blank=True, help_text="Content hash last extracted.")
    token_count = models.PositiveIntegerField("tokens", null=True, blank=True, help_text="Prompt tokens (tiktoken).")
    extraction_latency_ms = models.PositiveIntegerField("latency (ms)", null=True, blank=True)
    extraction_error = models.TextField("extraction error", blank=True)
    extraction_attempts = models.PositiveSmallIntegerField("extraction attempts", default=0)
    claimed_at = models.DateTimeField("claimed", null=True, blank=True)
    extracted_at = models.DateTimeField("extracted", null=True, blank=True)

    review_status = models.CharField(
        "review", max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.UNREVIEWED, db_index=True
    )
    reviewed_at = models.DateTimeField("reviewed", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="reviewed by", null=True, blank=True, on_delete=models.SET_NULL,
        editable=False, related_name="+", help_text="Who made the last review decision.",
    )

    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["company", "external_id"], name="job_unique_per_company")]
        indexes = [
            models.Index(fields=["status", "review_status", "-first_seen_at"], name="job_public_list"),
            # The public list's orders, over the rows it can show only. Matches JobQuerySet.public() with unreviewed
            # jobs public. PostgreSQL-only ones (GIN for search and locations; salary order, whose NULLS LAST SQLite
            # cannot index) are made in migration 0007.
            models.Index(
                fields=["-listed_at", "-id"], name="job_public_newest",
                condition=models.Q(status="open") & ~models.Q(review_status="rejected"),
            ),
            # duplicates' candidates: an employer's titles read from the index alone (PostgreSQL), not its rows
            models.Index(
                fields=["employer_key"], include=["title_key", "status", "closed_at", "id"], name="job_cluster_candidates",
            ),
            # clusters.one_per_cluster's probe, per clustered row a list reads: its members that show, in their order
            models.Index(
                fields=["cluster", "from_job_board", "first_seen_at", "id"], name="job_cluster_shown",
                condition=models.Q(cluster__isnull=False, status="open") & ~models.Q(review_status="rejected"),
            ),
            models.Index(
                fields=["company", "-listed_at", "-id"], name="job_public_company",
                condition=models.Q(status="open") & ~models.Q(review_status="rejected"),
            ),
        ]

    def __str__(self):
        return f"{self.title or self.external_id} ({self.company})"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def last_seen_at(self):
        """When a run last found it listed (its JobSighting; read it with select_related("sighting") for many)."""
        try:
            return self.sighting.seen_at
        except JobSighting.DoesNotExist:
            return None

    @property
    def display_title(self):
        return self.title or self.source_data.get("title") or self.external_id

    @property
    def source_fields(self) -> dict:
        """The fields its source gave (what extraction keeps and names to an engine), without the evidence kept beside
        them in its source data."""
        return {name: value for name, value in (self.source_data or {}).items() if name != EVIDENCE}

    @property
    def evidence(self) -> dict[str, str]:
        """The ids its source gave that tell which job it is a post of, by jobscraper.fields.EVIDENCE_IDS' names (""
        where not given): kept in its source data, read by duplicate matching."""
        given = (self.source_data or {}).get(EVIDENCE) or {}
        return {name: str(given.get(name) or "") for name in EVIDENCE_IDS}


class ScrapeRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "running"
        SUCCEEDED = "succeeded", "succeeded"
        PARTIAL = "partial", "partial (some pages failed)"
        FAILED = "failed", "failed"
        SUSPICIOUS = "suspicious", "suspicious drop (closures held)"

    company = models.ForeignKey(Company, verbose_name="company", on_delete=models.CASCADE, related_name="scrape_runs")
    started_at = models.DateTimeField("started", default=timezone.now)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True)
    found = models.PositiveIntegerField("found", default=0)
    new = models.PositiveIntegerField("new", default=0)
    changed = models.PositiveIntegerField("changed", default=0)
    unchanged = models.PositiveIntegerField("unchanged", default=0)
    closed = models.PositiveIntegerField("closed", default=0)
    reopened = models.PositiveIntegerField("reopened", default=0)
    linked = models.PositiveIntegerField(
        "linked",
        default=0,
        help_text="Job-board postings that link to a job already scraped from its ATS: noted on that job, not stored again.",
    )
    listing_unchanged = models.BooleanField(
        "listing unchanged",
        default=False,
        help_text="The listing answered 304 (not modified), so its job pages were not read again: every open job "
        "counts as seen. A full read still comes at least every SCRAPE_FULL_READ_INTERVAL.",
    )
    held_closures = models.JSONField(
        "held closures", default=list, blank=True,
        help_text="Ids of the open jobs a suspicious drop would have closed; closed when an operator confirms, or a "
        "second run agrees.",
    )
    closing = models.TextField("closing", blank=True, help_text="What the run closed, or why it closed nothing.")
    error = models.TextField("error", blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.company} @ {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self):
        return reverse("admin:jobscraper_scraperun_change", args=[self.pk])

    @property
    def duration(self):
        if self.finished_at is None:
            return None
        return self.finished_at - self.started_at


class JobChangeQuerySet(models.QuerySet):
    def public(self):
        """What the public job page may show: the posting's own changes, never what a reviewer decided or corrected."""
        return self.filter(kind__in=JobChange.PUBLIC_KINDS)


class JobChange(models.Model):
    """One change in a job's life: a tracked field's old and new value, its closing or reopening, or, for admin only,
    a reviewer's decision or correction and who made it."""

    class Kind(models.TextChoices):
        CHANGED = "changed", "field changed"
        CLOSED = "closed", "closed"
        REOPENED = "reopened", "reopened"
        REVIEWED = "reviewed", "review decision"  # old and new value: the review status before and after
        CORRECTED = "corrected", "field corrected by a reviewer"

    # A list of what may be shown, not of what may not: a kind added later stays in admin until someone decides.
    PUBLIC_KINDS = (Kind.CHANGED, Kind.CLOSED, Kind.REOPENED)

    job = models.ForeignKey(Job, verbose_name="job", on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField("when", default=timezone.now)
    kind = models.CharField("kind", max_length=16, choices=Kind.choices)
    field = models.CharField("field", max_length=32, blank=True)
    old_value = models.JSONField("old value", null=True, blank=True)
    new_value = models.JSONField("new value", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="by", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The reviewer, for a review decision or correction; empty for what scraping and "
        "extraction changed.",
    )

    objects = JobChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["job", "-at"], name="jobchange_job_at")]

    def __str__(self):
        if self.kind == self.Kind.CHANGED:
            return f"{self.field}: {self.old_value!r} → {self.new_value!r}"
        if self.kind == self.Kind.CORRECTED:
            return f"{self.field} corrected: {self.old_value!r} → {self.new_value!r}"
        if self.kind == self.Kind.REVIEWED and self.new_value in Job.ReviewStatus.values:
            return f"review: {Job.ReviewStatus(self.new_value).label}"
        if self.kind == self.Kind.CLOSED and self.new_value in Job.CloseReason.values:
            return f"closed: {Job.CloseReason(self.new_value).label}"
        return self.get_kind_display()
