"""Saved searches and their email alerts: a visitor's search, confirmed by email, sent as digests of new matches."""
