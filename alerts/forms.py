"""The alert forms: a new alert's address and frequency, and an alert's frequency changed; a webhook in admin."""
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.base_user import BaseUserManager
from django.http import QueryDict

from jobscraper.filters import job_filters_params, job_filters_parse
from scraping.http import url_refusal

from .models import MAX_QUERY, Subscription, Webhook


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Email address", max_length=254,
        error_messages={"invalid": "Enter an email address such as name@example.org.",
                        "required": "Enter the email address the alerts should go to.",
                        "max_length": "An email address has at most 254 characters."},
    )
    frequency = forms.ChoiceField(
        label="How often", choices=Subscription.Frequency.choices, initial=Subscription.Frequency.DAILY,
        widget=forms.RadioSelect,
    )

    def clean_email(self) -> str:
        # The domain in lower case, so that the same address typed twice is one alert (the local part may be
        # case-sensitive, so it is kept as typed).
        return BaseUserManager.normalize_email(self.cleaned_data["email"])


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(widget=forms.HiddenInput)
    frequency = forms.ChoiceField(label="How often", choices=Subscription.Frequency.choices)


class WebhookForm(forms.ModelForm):
    """A webhook as an operator adds or changes it: its URL must pass the scraper's guard (the posts pass it again as
    they connect), and its search is stored as the listing's canonical query, whether pasted as a query string or as
    the listing's whole URL."""

    class Meta:
        model = Webhook
        fields = []  # the admin's `fields` choose them, with its formfield_overrides applied

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        refusal = url_refusal(url)
        if refusal:
            raise forms.ValidationError(f"Posts to this URL would be refused: {refusal}.")
        return url

    def clean_query(self) -> str:
        pasted = self.cleaned_data["query"]
        query = urlencode(job_filters_params(job_filters_parse(QueryDict(pasted.partition("?")[2] or pasted))))
        if len(query) > MAX_QUERY:
            raise forms.ValidationError(f"A saved search has at most {MAX_QUERY:,} characters.")
        return query
