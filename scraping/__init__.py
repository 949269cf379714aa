"""Stage 1: sources, upsert and change detection, scrape tasks."""
