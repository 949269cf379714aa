"""Where a job's stored values came from, and which part of its source its text was read from: choices the job
model stores and every stage writes, kept in their own module as jobscraper.source_kinds keeps the source kinds."""
from django.db import models


class Provenance(models.TextChoices):
    """Where a stored value came from: what a job's field_sources say of each field (and source_origin of its source
    data). Every label any code writes is one of these, so the admin's provenance filter knows them all."""

    ATS = "ats", "the ATS API"
    JSONLD = "jsonld", "JSON-LD on the page"
    PAGE = "page", "the page's markup"
    BOARD = "board", "a job board"
    SOURCE = "source", "the source's data"  # a job stored before its source data's origin was recorded
    RULES = "rules", "keyword rules"
    LOCAL_LLM = "local_llm", "the local LLM"
    CLOUD_LLM = "cloud_llm", "the cloud LLM"
    REVIEWER = "reviewer", "a reviewer"


# What a source's posting can say its fields came from; with SOURCE, the source data as against what our rules,
# engines and reviewers fill.
POSTING_ORIGINS = (Provenance.ATS, Provenance.JSONLD, Provenance.PAGE, Provenance.BOARD)
SOURCE_PROVENANCE = (*POSTING_ORIGINS, Provenance.SOURCE)


class ContentPart(models.TextChoices):
    """Which part of what its source gave a posting's text was read from: the posting's own content, never its site's
    navigation, other jobs or links around the site."""

    ATS = "ats", "posting body from the ATS or job board"
    JSONLD = "jsonld", "JSON-LD description"
    MAIN = "main", "page's main content"
    PAGE = "page", "whole page"
