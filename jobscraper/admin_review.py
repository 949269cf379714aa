"""The review screen: the jobs awaiting review in the job list a reviewer started from, one at a time, with the facts
they check first, the posting beside them, and decisions that move on to the next job (hooked in by JobAdmin.get_urls).

Position in the list: a decided job leaves the list (it no longer awaits review), so the next one takes its place:
after deciding job 3 of 10 the reviewer sees "3 of 9"; a skipped job stays, so after it comes "4 of 10".
"""
import copy
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.template.defaultfilters import capfirst
from django.template.defaultfilters import date as date_format
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from extraction.services import jobs_reextract

from . import review, services
from .admin_filters import ReviewQueueFilter
from .fields import CHECKED, EXTRACTED_SALARY, JOB_FIELDS, LIST, SALARY
from .models import Job
from .sanitize import safe_link
from .templatetags.jobs import place_names, salary_range

TEMPLATE = "admin/jobscraper/job/review.html"
# The decisions the screen offers, with their keys (static/jobscraper/review.js presses the button of a key): the change
# form's review decisions (JobAdmin.REVIEW_DECISIONS, whose labels the buttons take) that move on to the next job.
DECISION_KEYS = {"approve_next": ("a",), "reject_next": ("r",), "reextract_next": ("e",), "skip": ("s", "j")}
PREVIOUS_KEY = "k"


@dataclass(frozen=True)
class Fact:
    """One of a job's extracted fields as the screen shows it."""

    name: str  # the declared field's name; "salary" for the salary's parts together
    label: str
    rows: list[str]  # its value, a row per item of a list field; empty when the job has none
    is_list: bool
    source: str  # where the value came from, in words
    checked: bool  # one a reviewer checks first (fields.CHECKED): at the top


@dataclass(frozen=True)
class Decision:
    value: str
    label: str
    keys: tuple[str, ...]


def review_screen_urls(model_admin) -> list:
    """The screen's URL, for JobAdmin.get_urls: before the admin's own, whose "<path:object_id>/" would take it."""
    view = model_admin.admin_site.admin_view(partial(review_screen_view, model_admin=model_admin))
    return [path("review/", view, name="jobscraper_job_review_screen")]


@require_http_methods(["GET", "HEAD", "POST"])
def review_screen_view(request, *, model_admin):
    """GET: a job of the list with its place in it (`job`, else the first). POST: a decision on the job the page showed
    (CSRF-checked by admin_view), then the next job of the same list. Both need the permission to change jobs."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    jobs = review_jobs(model_admin, request)
    if request.method == "POST":
        return _decide(request, model_admin, jobs)
    return _show(request, model_admin, jobs)


def review_jobs(model_admin, request) -> QuerySet[Job]:
    """The list a reviewer works through: the job list with the filters, search and order they started from
    (`_changelist_filters`), narrowed to the jobs awaiting review; the whole review queue when those do not read."""
    list_request = copy.copy(request)
    list_request.GET = QueryDict(request.GET.get("_changelist_filters", ""))
    try:
        jobs = _uncounted_changelist(model_admin, list_request).queryset
    except IncorrectLookupParameters:
        return review.job_review_queue()
    return review.jobs_awaiting_review(jobs=jobs)


def review_decide(request, decision: str, job: Job) -> str:
    """A reviewer's decision on `job` (the change form's and the screen's), through the services that record who made
    it; what the reviewer is told."""
    jobs = Job.objects.filter(pk=job.pk)
    if decision in ("approve", "approve_next"):
        services.jobs_review(jobs=jobs, status=Job.ReviewStatus.APPROVED, by=request.user)
        return f"Approved “{job.display_title}”."
    if decision == "reject_next":
        services.jobs_review(jobs=jobs, status=Job.ReviewStatus.REJECTED, by=request.user)
        return f"Rejected “{job.display_title}”."
    if decision == "reextract_next":
        jobs_reextract(job_ids=[job.pk])
        return f"Queued “{job.display_title}” for extraction; it comes back to the queue when done."
    return f"Skipped “{job.display_title}”."


def _uncounted_changelist(model_admin, request):
    """The job list's ChangeList for `request`, without the list page's two counts (its matches and all jobs, each
    reading every row) and its page of rows: the screen shows one job and counts the list its own way, capped."""

    class Uncounted(model_admin.get_changelist(request)):
        def get_results(self, request):
            pass

    lister = copy.copy(model_admin)  # get_changelist_instance builds the list as the list page does, with this class
    lister.get_changelist = lambda request, **kwargs: Uncounted
    return lister.get_changelist_instance(request)


def review_start_url(*, changelist, request) -> str:
    """Where the job list's "Start reviewing" leads: the screen over the list as shown (its filters, search and order),
    narrowed to the review queue. Empty when no job there awaits review, or the user may not decide."""
    if not changelist.model_admin.has_change_permission(request):
        return ""
    if not review.jobs_awaiting_review(jobs=changelist.queryset).exists():
        return ""
    params = {**changelist.filter_params, ReviewQueueFilter.parameter_name: ["review"]}
    return _screen_url(urlencode(params, doseq=True))


def _screen_url(filters: str, job_id: int | None = None) -> str:
    query = {"_changelist_filters": filters} if filters else {}
    if job_id is not None:
        query["job"] = job_id
    return reverse("admin:jobscraper_job_review_screen") + (f"?{urlencode(query)}" if query else "")


def _job_id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _show(request, model_admin, jobs):
    filters = request.GET.get("_changelist_filters", "")
    list_url = reverse("admin:jobscraper_job_changelist") + (f"?{filters}" if filters else "")
    context = {
        **model_admin.admin_site.each_context(request), "opts": model_admin.opts, "list_url": list_url,
        "queue_url": reverse("admin:jobscraper_job_changelist") + f"?{ReviewQueueFilter.parameter_name}=review",
        "is_nav_sidebar_enabled": False,  # the screen needs the width; the breadcrumbs lead back
    }
    place = review.job_review_place(jobs=jobs, job_id=_job_id(request.GET.get("job")))
    job = None if place is None else Job.objects.select_related("company", "reviewed_by").filter(pk=place.job_id).first()
    if job is None:  # nothing awaits review here (a job deleted between the two reads shows as much, then the next)
        return TemplateResponse(request, TEMPLATE, {**context, "title": "Nothing left to review"})
    if place.asked_for_is_gone:
        messages.info(request, "That job no longer awaits review in this list (decided, closed, or being extracted "
                               "again): here is the first one.")
    edit_url = reverse("admin:jobscraper_job_change", args=[job.pk])
    total = f"{place.total:,}" + ("" if place.total_is_exact else "+")
    return TemplateResponse(request, TEMPLATE, {
        **context,
        "title": f"Reviewing {place.position:,} of {total}",
        "job": job,
        "place": place,
        "facts": review_facts(job),
        "reason": review.job_review_reason(job=job),
        "doubts": review.job_review_doubts(job=job),
        "source_url": safe_link(job.source_url),
        "decisions": [
            Decision(value, model_admin.REVIEW_DECISIONS[value], keys) for value, keys in DECISION_KEYS.items()
        ],
        "action_url": _screen_url(filters, job.pk),
        "previous_url": _screen_url(filters, place.previous_id) if place.previous_id is not None else "",
        "previous_key": PREVIOUS_KEY,
        "edit_url": edit_url + (f"?{urlencode({'_changelist_filters': filters})}" if filters else ""),
    })


def _decide(request, model_admin, jobs):
    filters = request.GET.get("_changelist_filters", "")
    decision = request.POST.get("decision")
    if decision not in DECISION_KEYS:
        return HttpResponseBadRequest("Unknown review decision.")
    job = model_admin.get_object(request, request.POST.get("job", ""))
    if job is None:
        messages.warning(request, "That job no longer exists.")
        return redirect(_screen_url(filters))
    if not model_admin.has_change_permission(request, job):
        raise PermissionDenied
    # Read before deciding, while the job still holds its place in the list.
    place = review.job_review_place(jobs=jobs, job_id=job.pk)
    # The change form's decisions, through the same services (jobs_review with the user, or re-extraction).
    model_admin.message_user(request, review_decide(request, decision, job), messages.SUCCESS)
    if place is None:  # it was not in the list, which is empty
        return redirect(_screen_url(filters))
    if place.asked_for_is_gone:  # it had left the list meanwhile: the list from its start
        return redirect(_screen_url(filters, place.job_id))
    following = place.next_id if decision != "skip" else place.next_id or job.pk
    return redirect(_screen_url(filters, following))


def review_facts(job: Job) -> list[Fact]:
    """The job's extracted fields as the screen shows them, from the declaration: those a reviewer checks first, then
    the rest, each in declared order; the salary's parts are one fact, written as the public pages write it."""
    sources = review.job_field_sources(job=job)
    facts = []
    for field in JOB_FIELDS:
        if not field.extracted or field.kind == SALARY and field.name != EXTRACTED_SALARY[0]:
            continue
        label = capfirst(field.label or (Job._meta.get_field(field.name).verbose_name if field.stored else field.name))
        checked = field.name in CHECKED
        if field.name == "company":  # the posting's own company name stays in its source data; this is ours
            facts.append(Fact("company", label, [job.company.name], False, "the company it was scraped for", checked))
        elif field.kind == SALARY:
            # Where its parts came from, each once ("from the ATS API; from keyword rules" when they differ).
            given = dict.fromkeys(sources[name] for name in EXTRACTED_SALARY if sources[name] != review.NOT_GIVEN)
            text = salary_range(job)
            facts.append(Fact("salary", label, [text] if text else [], False, "; ".join(given) or review.NOT_GIVEN,
                              checked))
        else:
            facts.append(Fact(field.name, label, _rows(job, field), field.kind == LIST, sources[field.name], checked))
    return sorted(facts, key=lambda fact: not fact.checked)


def _rows(job: Job, field) -> list[str]:
    """A field's value as text, a row per item of a list; none when the job does not have it."""
    value = getattr(job, field.name)
    if value in (None, "", [], "unknown"):
        return []
    if field.kind == LIST:
        return place_names(value) if all(isinstance(item, dict) for item in value) else [str(item) for item in value]
    if display := getattr(job, f"get_{field.name}_display", None):  # a field with choices shows their label
        return [display()]
    return [date_format(value, "j M Y") if hasattr(value, "year") else str(value)]
