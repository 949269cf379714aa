"""Alerts' fixtures: the loopback SMTP server, with Django sending through it."""
from tests.alerts import mail

mail_server = mail.mail_server
