"""Score the duplicate matcher on labelled pairs of real postings: precision and recall per part, the pairs it got
wrong and why."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extraction.duplicates.evaluation import SPLITS, PairsError, evaluate, format_judged, format_table, read_pairs

PAIRS_DIR = Path(settings.BASE_DIR) / "tests" / "fixtures" / "duplicates"
# The pairs the rules were tuned on and held out from, the pairs collected after the rules were frozen, and the third
# and fourth held-out sets.
DEFAULT_PAIRS = [PAIRS_DIR / name for name in ("pairs.json", "new_pairs.json", "third_pairs.json", "fourth_pairs.json")]


class Command(BaseCommand):
    help = (
        "Judge every labelled pair (same job, or the same employer's other job) with the matcher and print how many "
        "it called one job rightly (precision) and how many of the real ones it found (recall), over the pairs the "
        "rules were tuned on, the held-out pairs, the new held-out pairs, the third and fourth held-out sets, and all; once as the "
        "matcher runs (with requisition ids, ATS job ids and URLs) and once without them, as some labels rest on them; "
        "then each misjudged pair."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, action="append", dest="files",
            help="a pairs file; repeat for several (default: pairs.json, new_pairs.json, third_pairs.json and "
                 "fourth_pairs.json beside it)",
        )
        parser.add_argument(
            "--split", choices=("all", *SPLITS), default="all",
            help="whose misjudged pairs and listed pairs to print (figures are printed for every part)",
        )
        parser.add_argument("--list", action="store_true", help="print every pair's verdict, not only the wrong ones")
        parser.add_argument(
            "--no-evidence", action="store_true",
            help="list and require on the run without requisition ids, ATS job ids and URLs (both tables are always "
                 "printed)",
        )
        parser.add_argument(
            "--require", type=float, metavar="SHARE",
            help="fail (exit status 1) when precision or recall over --split is below this share, e.g. 0.95",
        )

    def handle(self, *args, files: list[Path] | None, split: str, list: bool, no_evidence: bool,
               require: float | None, **options):
        files = files or [path for path in DEFAULT_PAIRS if path.exists()]
        try:
            runs = {evidence: evaluate([pair for path in files for pair in read_pairs(path, evidence=evidence)])
                    for evidence in (True, False)}
        except PairsError as exc:
            raise CommandError(str(exc)) from exc
        for evidence, title in ((True, "With exact evidence (requisition ids, ATS job ids, URLs), as the matcher "
                                       "runs:"),
                                (False, "Without it (what the other rules do; some labels rest on that evidence):")):
            self.stdout.write(title)
            self.stdout.write(format_table(runs[evidence]))
            self.stdout.write("")
        chosen = runs[not no_evidence][split]
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
        wrong = chosen.misjudged
        shown = "without evidence" if no_evidence else "with evidence"
        self.stdout.write(f"Misjudged ({split}, {shown}): {len(wrong)}" + (":" if wrong else ""))
        if wrong:
            self.stdout.write(format_judged(wrong))
        if require is not None and min(chosen.precision, chosen.recall) < require:
            raise CommandError(
                f"{split}: precision {chosen.precision:.1%}, recall {chosen.recall:.1%}, below the {require:.0%} required"
            )
