"""Score the extraction cascade on labelled postings: per field accuracy, coverage, and values the label lacks."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from extraction.engine_factory import NotConfigured, build_local_engine, cloud_engine
from extraction.engines import Engine
from extraction.evaluation import LabelsError, evaluate, format_details, format_table, read_labelled

LOCAL_KINDS = ("rules", "openai", "vllm")  # LOCAL_ENGINE's kinds, each built as the gpu worker builds it


class Command(BaseCommand):
    help = (
        "Run each labelled posting (an .html file as a fetched career page, any other file as plain posting text) "
        "through an engine and the cascade a scraped posting takes, and score each field against its label."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "labels", type=Path, nargs="+",
            help="labels.jsonl files, scored together; each line's local_file is relative to its file's folder",
        )
        parser.add_argument(
            "--engine", action="append", choices=(*LOCAL_KINDS, "cloud"),
            help="rules (the default: no LLM), openai (the LOCAL_OPENAI_* endpoint), vllm, or cloud (OPENAI_*); "
            "repeat it for a table per engine",
        )
        parser.add_argument("--details", action="store_true", help="list every mismatch, dropped value and error")

    def handle(self, *args, labels: list[Path], engine: list[str] | None, details: bool, **options):
        try:
            labelled = read_labelled(*labels)
        except LabelsError as exc:
            raise CommandError(str(exc)) from exc
        for kind in engine or ["rules"]:
            report = evaluate(engine=_engine(kind), labelled=labelled)
            self.stdout.write(format_table(report))
            if details:
                self.stdout.write(format_details(report))
            self.stdout.write("")


def _engine(kind: str) -> Engine:
    try:
        if kind == "cloud":
            return cloud_engine()
        return build_local_engine(kind)
    except NotConfigured as exc:
        raise CommandError(str(exc)) from exc
