"""The no-LLM engine: plain parsers over the posting text, so the pipeline completes anywhere."""
import time

from extraction.parsers import parse_employment_type, parse_remote, parse_salary
from extraction.schema import JobFields, Salary

from .base import Engine, ExtractionRequest, ExtractionResult, elapsed_ms


class RulesEngine(Engine):
    name = "rules"
    label = "rules"

    def extract(self, requests: list[ExtractionRequest]) -> list[ExtractionResult]:
        return [self._one(request) for request in requests]

    def _one(self, request: ExtractionRequest) -> ExtractionResult:
        started = time.perf_counter()
        salary = parse_salary(request.text)
        fields = JobFields(
            remote=parse_remote(request.text),
            employment_type=parse_employment_type(request.text),
            salary=Salary(min=salary.min, max=salary.max, currency=salary.currency, period=salary.period)
            if salary
            else None,
        )
        return ExtractionResult(key=request.key, fields=fields, latency_ms=elapsed_ms(started))
