"""The OpenAI API as the tests' loopback server answers it: chat completions, their errors, and a posting with the
fields a model reads from it."""
from tests.servers import Reply

COMPLETIONS = "/v1/chat/completions"
POSTING = (
    "Staff Data Engineer at Northwind, Lisbon (hybrid, two days a week in the office). Full-time. "
    "Salary: €90.000 – €110.000 per year. You will own our Spark and Airflow pipelines."
)
FIELDS = {
    "title": "Staff Data Engineer",
    "locations": [{"city": "Lisbon", "country": "PT"}],
    "remote": "hybrid",
    "employment_type": "full_time",
    "seniority": "senior",
    "salary": {"min": 90000, "max": 110000, "currency": "EUR", "period": "year"},
    "skills": ["Spark", "Airflow"],
}


def completion(content: str) -> Reply:
    return Reply.json(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 321, "completion_tokens": 54, "total_tokens": 375},
        }
    )


def error(status: int, message: str) -> Reply:
    return Reply.json({"error": {"message": message, "type": "test_error", "code": None}}, status=status)
