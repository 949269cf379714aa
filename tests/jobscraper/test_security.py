"""Admin is behind login and CSRF (production cookie and HTTPS settings: test_settings.py's deploy check)."""
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index", "admin:jobscraper_job_changelist", "admin:jobscraper_company_changelist",
    "admin:jobscraper_operations", "admin:django_celery_beat_periodictask_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_send_a_visitor_to_the_login_page(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_login_without_its_csrf_token_is_refused():
    User.objects.create_superuser("reviewer", "reviewer@example.org", "a-long-enough-password")
    browser = Client(enforce_csrf_checks=True)

    refused = browser.post(reverse("admin:login"), {"username": "reviewer", "password": "a-long-enough-password"})

    assert refused.status_code == 403
    assert "_auth_user_id" not in browser.session
    # the same login with the token the form carries goes through, so the refusal above was the token's
    browser.get(reverse("admin:login"))
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        reverse("admin:login"),
        {"username": "reviewer", "password": "a-long-enough-password", "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302 and "_auth_user_id" in browser.session


def test_a_non_staff_user_cannot_use_admin(client):
    # force_login: django-axes refuses an authenticate() without the request it counts failures against
    client.force_login(User.objects.create_user("visitor", "visitor@example.org", "a-long-enough-password"))

    response = client.get(reverse("admin:jobscraper_job_changelist"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
