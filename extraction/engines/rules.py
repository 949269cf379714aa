"""The no-LLM engine: plain parsers over the posting text, so the pipeline completes anywhere."""
import time

from extraction.parsers import labelled_line, parse_employment_type, parse_remote, parse_salary, title_line
from extraction.schema import JobFields, Location, Salary
from extraction.text import valid_unicode

from .base import Engine, ExtractionRequest, ExtractionResult, elapsed_ms


class RulesEngine(Engine):
    name = "rules"
    label = "rules"

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        return [self._one(request) for request in requests]

    def _one(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        text = valid_unicode(request.text)
        salary = parse_salary(text)
        location = labelled_line(text, "location")
        fields = JobFields(
            title=title_line(text),
            company=(labelled_line(text, "company") or "")[:200] or None,
            locations=[Location(city=location[:100])] if location else [],
            remote=parse_remote(text),
            employment_type=parse_employment_type(text),
            salary=Salary(min=salary.min, max=salary.max, currency=salary.currency, period=salary.period)
            if salary
            else None,
        )
        return ExtractionResult(key=request.key, fields=fields, latency_ms=elapsed_ms(started))
