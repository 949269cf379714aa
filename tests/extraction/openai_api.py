"""The OpenAI API as the tests' loopback server answers it: chat completions, their errors, the Batch API (files and
batches), and a posting with the fields a model reads from it."""
import json
from email import policy
from email.parser import BytesParser

from tests.servers import LoopbackServer, Reply

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


def completion_body(content: str) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 321, "completion_tokens": 54, "total_tokens": 375},
    }


def completion(content: str) -> Reply:
    return Reply.json(completion_body(content))


def error(status: int, message: str) -> Reply:
    return Reply.json({"error": {"message": message, "type": "test_error", "code": None}}, status=status)


CREATED = 1700000000  # unix seconds: when every test batch was created
BATCH_TOOK = 3600  # seconds from a batch's creation to its end


class BatchAPI:
    """OpenAI's Batch API on a loopback server: file upload, batch create, retrieve and list, file content.

    A batch stays in progress until the test calls `end(batch_id, ...)`, which writes its output and error files
    from `answer(line)` for each line of its input file: a chat completion body, (status, message) for an error, or
    None to leave the line unanswered (as an expired batch does).
    """

    def __init__(self, server: LoopbackServer):
        self.server = server
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        server.routes["/v1/files"] = self._upload
        server.routes["/v1/batches"] = self._create_or_list

    def _upload(self, method, path, query, body):
        fields = _form_fields(body)
        file_id = self._file(fields["file"])
        return Reply.json({
            "id": file_id, "object": "file", "bytes": len(fields["file"]), "created_at": CREATED,
            "filename": "jobs.jsonl", "purpose": fields["purpose"].decode(), "status": "processed",
        })

    def _file(self, content: bytes) -> str:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = content
        self.server.routes[f"/v1/files/{file_id}/content"] = Reply(
            body=content, headers={"Content-Type": "application/octet-stream"}
        )
        return file_id

    def _create_or_list(self, method, path, query, body):
        if method == "GET":
            newest_first = list(reversed(self.batches.values()))
            return Reply.json({"object": "list", "data": newest_first, "has_more": False})
        sent = json.loads(body)
        batch_id = f"batch_{len(self.batches) + 1}"
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": sent["endpoint"], "input_file_id": sent["input_file_id"],
            "completion_window": sent["completion_window"], "status": "in_progress", "created_at": CREATED,
            "metadata": sent.get("metadata"), "output_file_id": None, "error_file_id": None, "errors": None,
        }
        self.server.routes[f"/v1/batches/{batch_id}"] = lambda *request, batch_id=batch_id: Reply.json(
            self.batches[batch_id]
        )
        return Reply.json(self.batches[batch_id])

    def lines(self, batch_id: str) -> list[dict]:
        """The requests a batch was sent, one per line of its input file."""
        return [json.loads(line) for line in self.files[self.batches[batch_id]["input_file_id"]].decode().splitlines()]

    def end(self, batch_id: str, *, answer, status: str = "completed") -> None:
        output, failed = [], []
        for number, line in enumerate(self.lines(batch_id)):
            given = answer(line)
            if given is None:
                continue
            if isinstance(given, tuple):
                code, message = given
                response = {"status_code": code, "body": {"error": {"message": message, "code": "test_error"}}}
                failed.append({"id": f"req_{number}", "custom_id": line["custom_id"], "response": response, "error": None})
            else:
                response = {"status_code": 200, "request_id": f"req_{number}", "body": given}
                output.append({"id": f"req_{number}", "custom_id": line["custom_id"], "response": response, "error": None})
        batch = self.batches[batch_id]
        batch.update(status=status, **{f"{status}_at": CREATED + BATCH_TOOK})
        for key, lines in (("output_file_id", output), ("error_file_id", failed)):
            if lines:
                batch[key] = self._file("".join(json.dumps(item) + "\n" for item in lines).encode())


def _form_fields(body: bytes) -> dict[str, bytes]:
    """The fields of a multipart/form-data body (its first line names its boundary)."""
    boundary = body.split(b"\r\n", 1)[0][2:]
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: multipart/form-data; boundary=" + boundary + b"\r\n\r\n" + body
    )
    return {
        part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
        for part in message.iter_parts()
    }
