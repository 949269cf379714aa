"""The API's routes, included under /api/v1/ by jobscraper.urls."""
from django.urls import path

from .views import public_api

urlpatterns = [path("", public_api.urls)]
