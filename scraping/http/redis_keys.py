"""The prefix of every key scraping.http keeps in Redis (host pacing, robots.txt, the conditional-GET cache)."""
REDIS_PREFIX = "jobscraper:http:"  # every key scraping.http keeps in Redis starts so
