"""`manage.py` commands: the demo and its seeding."""
