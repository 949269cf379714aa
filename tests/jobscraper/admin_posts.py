"""What an operator sends the admin, for the admin's tests: the company form, list actions; what they queued."""
import base64
import json

from django.urls import reverse

COMPANY_FORM = {
    "name": "Acme", "careers_url": "https://example.org", "source_kind": "career_page", "source_params": "{}",
    "active": "on", "scrape_interval_minutes": "60", "scrape_runs-TOTAL_FORMS": "0", "scrape_runs-INITIAL_FORMS": "0",
}


def add_company(admin_client, **fields):
    """The add form posted with COMPANY_FORM's values but `fields`; a field given as None is left out (unticked)."""
    data = {name: value for name, value in {**COMPANY_FORM, **fields}.items() if value is not None}
    return admin_client.post(reverse("admin:jobscraper_company_add"), data, follow=True)


def change_company(admin_client, company, **fields):
    data = {name: value for name, value in {**COMPANY_FORM, **fields}.items() if value is not None}
    return admin_client.post(reverse("admin:jobscraper_company_change", args=[company.pk]), data, follow=True)


def action(admin_client, model, name, objects):
    url = reverse(f"admin:jobscraper_{model}_changelist")
    return admin_client.post(url, {"action": name, "_selected_action": [o.pk for o in objects]}, follow=True)


def queued_tasks(broker, queue) -> list[str]:
    return [task for task, _, _ in queued(broker, queue)]


def queued(broker, queue) -> list[tuple[str, list, list[str]]]:
    """Each message waiting on `queue` in the broker, oldest first: its task, its arguments, and the tasks chained to
    run after it, in order (Celery's message protocol 2: the body is [args, kwargs, embed], base64 JSON)."""
    messages = []
    for raw in reversed(broker.lrange(queue, 0, -1)):  # kombu pushes on the left and pops on the right
        message = json.loads(raw)
        args, _, embed = json.loads(base64.b64decode(message["body"]))
        chained = [signature["task"] for signature in reversed(embed.get("chain") or [])]
        messages.append((message["headers"]["task"], args, chained))
    return messages
