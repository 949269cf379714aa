"""URL routes: public job pages, their feed and downloads, saved searches' alerts, the read API, and admin."""
from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "jobscraper admin"
admin.site.site_title = "jobscraper"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("feed.atom", views.job_feed, name="job_feed"),
    path("export.csv", views.job_export_csv, name="job_export_csv"),
    path("export.json", views.job_export_json, name="job_export_json"),
    # By name, not by import: the API (api.views) is the layer above these pages (.importlinter).
    path("api/v1/", include("api.urls")),
    # By name, not imported: alerts sits above these pages' layer (.importlinter).
    path("alerts/", include("alerts.urls")),
    path("admin/", admin.site.urls),
]
