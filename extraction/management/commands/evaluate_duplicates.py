"""Score the duplicate matcher on labelled pairs of real postings: precision and recall per part, the pairs it got
wrong and why."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction.duplicates.evaluation import SPLITS, PairsError, evaluate, format_judged, format_table, read_pairs

DEFAULT_PAIRS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "duplicates" / "pairs.json"


class Command(BaseCommand):
    help = (
        "Judge every labelled pair (same job, or the same employer's other job) with the matcher and print how many "
        "it called one job rightly (precision) and how many of the real ones it found (recall), over the pairs the "
        "rules were tuned on, the held-out pairs, and all; then each misjudged pair with the matcher's reasons."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_PAIRS, help="pairs.json (default: %(default)s)")
        parser.add_argument(
            "--split", choices=("all", *SPLITS), default="all",
            help="whose misjudged pairs and listed pairs to print (figures are printed for every part)",
        )
        parser.add_argument("--list", action="store_true", help="print every pair's verdict, not only the wrong ones")
        parser.add_argument(
            "--require", type=float, metavar="SHARE",
            help="fail (exit status 1) when precision or recall over --split is below this share, e.g. 0.95",
        )

    def handle(self, *args, file: Path, split: str, list: bool, require: float | None, **options):
        try:
            pairs = read_pairs(file)
        except PairsError as exc:
            raise CommandError(str(exc)) from exc
        scores = evaluate(pairs)
        chosen = scores[split]
        if list:
            self.stdout.write(f"Pairs ({split}):")
            for judged in chosen.judged:
                mark = "ok   " if judged.right else "WRONG"
                called = "same" if judged.verdict.same else "different"
                self.stdout.write(
                    f"  {mark} {judged.pair.id} [{judged.pair.split}, {judged.pair.kind}] judged {called} "
                    f"({judged.verdict.score:.2f}): {judged.verdict.reasons[0]}"
                )
            self.stdout.write("")
        self.stdout.write(format_table(scores))
        self.stdout.write("")
        wrong = chosen.misjudged
        self.stdout.write(f"Misjudged ({split}): {len(wrong)}" + (":" if wrong else ""))
        if wrong:
            self.stdout.write(format_judged(wrong))
        if require is not None and min(chosen.precision, chosen.recall) < require:
            raise CommandError(
                f"{split}: precision {chosen.precision:.1%}, recall {chosen.recall:.1%}, below the {require:.0%} required"
            )
