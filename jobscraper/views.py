"""Public, server-rendered job pages."""
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Job


def job_list(request):
    page = Paginator(selectors.job_list_public(), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page": page})


def job_detail(request, pk: int):
    try:
        job = selectors.job_get_public(pk=pk)
    except Job.DoesNotExist:
        raise Http404("No such job") from None
    return render(request, "jobs/detail.html", {"job": job})
