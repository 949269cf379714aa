"""Match stored jobs into clusters of one job: the jobs stored before clustering existed (no keys yet), or all."""
from django.core.management.base import BaseCommand

from extraction.clustering import jobs_cluster
from jobscraper.models import Job

BATCH = 64  # jobs matched together, as the task after extraction matches them (LOCAL_BATCH_SIZE)


class Command(BaseCommand):
    help = (
        "Match jobs against their candidates and keep their clusters, as the task does after extraction: by default "
        "every job not matched yet (no employer key: stored before this release), oldest first, so that a repost "
        "joins the job it repeats; --all matches every job again. Safe to stop and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="match every job again, not only the unmatched ones")

    def handle(self, *args, all: bool, **options):
        jobs = Job.objects.all() if all else Job.objects.filter(employer_key="")
        outcomes: dict[str, int] = {}
        last = 0
        while ids := list(jobs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]):
            for outcome in jobs_cluster(ids).values():
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            last = ids[-1]
            self.stdout.write(f"matched {sum(outcomes.values())} jobs ...")
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) or "nothing to match"
        self.stdout.write(self.style.SUCCESS(f"Done: {summary}."))
