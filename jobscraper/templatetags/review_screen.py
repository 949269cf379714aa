"""The job list's way into the review screen (templates/admin/jobscraper/job/change_list.html)."""
from django import template

from jobscraper.admin_review import review_start_url as _review_start_url

register = template.Library()


@register.simple_tag(takes_context=True)
def review_start_url(context) -> str:
    """The review screen over the list as shown; empty when nothing there awaits review or the user may not decide."""
    return _review_start_url(changelist=context["cl"], request=context["request"])
