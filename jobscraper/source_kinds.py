"""The kinds of source a company's jobs are read from: one per ATS, a plain career page, job boards. Its own module
as the list grows with every ATS we read; models.Company stores one."""
from django.db import models


class SourceKind(models.TextChoices):
    GREENHOUSE = "greenhouse", "Greenhouse job-board API"
    LEVER = "lever", "Lever postings API"
    ASHBY = "ashby", "Ashby job-board API"
    SMARTRECRUITERS = "smartrecruiters", "SmartRecruiters postings API"
    WORKABLE = "workable", "Workable widget API"
    WORKDAY = "workday", "Workday (CXS JSON)"
    RECRUITEE = "recruitee", "Recruitee careers API"
    PERSONIO = "personio", "Personio XML feed"
    ORACLE = "oracle", "Oracle Recruiting Cloud"
    TEAMTAILOR = "teamtailor", "Teamtailor JSON feed"
    RIPPLING = "rippling", "Rippling board API"
    GEM = "gem", "Gem job-board API"
    PINPOINT = "pinpoint", "Pinpoint postings API"
    BREEZY = "breezy", "Breezy HR board list"
    MANATAL = "manatal", "Manatal career-page API"
    BAMBOOHR = "bamboohr", "BambooHR careers list"
    COMEET = "comeet", "Comeet careers API"
    CAREER_PAGE = "career_page", "Career page (crawl4ai)"
    JOB_BOARDS = "job_boards", "Job boards (python-jobspy)"
