"""The alert forms: a new alert's address and frequency, and an alert's frequency changed."""
from django import forms
from django.contrib.auth.base_user import BaseUserManager

from .models import Subscription


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
