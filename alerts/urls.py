"""Alert routes, under /alerts/ (jobscraper.urls includes them)."""
from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.alert_new, name="alert_new"),
    path("requested/", views.alert_requested, name="alert_requested"),
    path("confirm/<str:token>/", views.alert_confirm, name="alert_confirm"),
    path("unsubscribe/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("manage/<str:token>/", views.alert_manage, name="alert_manage"),
]
