"""An Atom feed for any search of the public list: the newest matching jobs first."""
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from extraction.cities import coordinates_of

from . import selectors
from .filters import JobFilters, job_filters_params, job_filters_parse
from .templatetags.jobs import location_names, salary_in_base, salary_range


class JobFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> JobFilters:
        return job_filters_parse(request.GET, place_of=coordinates_of)

    def title(self, filters: JobFilters) -> str:
        return f"Jobs matching “{filters.q}”" if filters.q else "New jobs"

    def subtitle(self, filters: JobFilters) -> str:
        return "The newest open jobs for this search, from jobscraper."

    def link(self, filters: JobFilters) -> str:
        query = urlencode(job_filters_params(filters))
        return reverse("job_list") + (f"?{query}" if query else "")

    def items(self, filters: JobFilters):
        return selectors.job_feed_items(filters=filters)

    def item_title(self, job) -> str:
        return f"{job.heading} at {job.company.name}"

    def item_description(self, job) -> str:
        # Atom sends this as type="html", which readers render: scraped text is escaped into inert HTML.
        salary = salary_range(job)
        if salary and (converted := salary_in_base(job)):
            salary += f" ({converted})"
        facts = [location_names(job.locations), salary, job.summary]
        return escape(" — ".join(fact for fact in facts if fact))

    def item_link(self, job) -> str:
        return job.get_absolute_url()

    def item_pubdate(self, job):
        return job.listed_at

    def item_author_name(self, job) -> str:
        return job.company.name
