"""URL routes: public job pages and admin."""
from django.contrib import admin
from django.urls import path

from . import views

admin.site.site_header = "jobscraper admin"
admin.site.site_title = "jobscraper"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("admin/", admin.site.urls),
]
