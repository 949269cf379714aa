"""Management commands of the jobscraper app."""
