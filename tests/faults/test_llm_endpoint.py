"""An LLM endpoint that hangs, answers invalid JSON or JSON outside the schema, or fails with 500 for a long time."""
import pytest

from jobscraper.models import Job
from tests.builders import greenhouse_company
from tests.polling import wait_for
from tests.extraction.openai_api import completion, error
from tests.faults.harness import SCRAPE_TASK, ScriptedLLM, boards_with_references, report, serve_boards, tally, unsettled_jobs
from tests.servers import Reply

pytestmark = [pytest.mark.faults, pytest.mark.celery]

POSTINGS = 48
TIMEOUT = 3  # seconds the engine waits for one answer (OPENAI_TIMEOUT): a good answer takes milliseconds, and a
# busy machine must not turn one into a timeout
ATTEMPTS = 3  # per request (OPENAI_MAX_ATTEMPTS)
HANG = 60  # seconds the hanging endpoint takes to answer: only a client that waited for it would see the answer


def _script(faulty: dict):
    def answer(reference, attempt):
        fault = faulty.get(reference)
        if fault == "hangs":
            return Reply(status=200, body="{}", headers={"Content-Type": "application/json"}, delay=HANG)
        if fault == "invalid JSON":
            return completion('{"title": "Data Engineer", "remote": ')
        if fault == "outside the schema":
            return completion('{"remote": "sometimes"}')
        if fault == "500 for ever" or (fault == "500, then answers" and attempt < ATTEMPTS):
            return error(500, "upstream overloaded")
        return None

    return answer


@pytest.mark.parametrize("queue", ["gpu", "cloud"])
def test_llm_faults_end_in_visible_failures_and_the_queue_keeps_moving(loopback, fault_workers, broker, queue):
    """The local engine `openai` (queue gpu, batches of 16) and the cloud engine (queue cloud, one posting a task)."""
    # given a board of 48 postings, five of which the endpoint answers badly, each its own way
    boards = boards_with_references(postings=POSTINGS, companies=1)
    serve_boards(loopback, boards)
    [references] = [[f"R{job['id']}" for job in board["jobs"]] for board in boards.values()]
    faults = ["hangs", "invalid JSON", "outside the schema", "500 for ever", "500, then answers"]
    faulty = dict(zip(references[::9], faults))  # spread over the batches
    llm = ScriptedLLM(loopback, _script(faulty))
    [company_id] = [greenhouse_company(loopback.url, token=token, name=f"{token} (faults)").pk for token in boards]
    engine = {"LOCAL_ENGINE": "openai", "LOCAL_OPENAI_BASE_URL": llm.base_url, "LOCAL_BATCH_SIZE": 16} if queue == "gpu" \
        else {"LOCAL_MAX_TOKENS": 1, "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": llm.base_url}
    fault_workers(["scrape", queue], OPENAI_TIMEOUT=TIMEOUT, OPENAI_MAX_ATTEMPTS=ATTEMPTS, OPENAI_RETRY_MAX_WAIT=0.2,
                  **engine)

    # when the company is scraped
    broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")

    # then every job ends done or failed, none left running or queued
    wait_for(lambda: Job.objects.count() == POSTINGS and not unsettled_jobs().exists(), timeout=120,
             message="every job in a final state")
    by_reference = {job.raw_content.rsplit("Posting reference ", 1)[1].rstrip("."): job for job in Job.objects.all()}
    outcome = {fault: (by_reference[ref].extraction_state, by_reference[ref].extraction_error) for ref, fault in faulty.items()}
    counts = {**tally(POSTINGS), "requests": sum(llm.requests.values()), **{k: f"{s}: {e[:90]}" for k, (s, e) in outcome.items()}}
    line = report(f"LLM endpoint faults ({queue} queue)", f"{POSTINGS} postings, 5 answered badly", counts)
    # and each fault is failed with its reason, after bounded retries where retrying can help
    assert outcome["hangs"][0] == "failed" and "Timeout" in outcome["hangs"][1], line
    assert outcome["invalid JSON"][0] == "failed" and "invalid JSON from the model" in outcome["invalid JSON"][1], line
    assert outcome["outside the schema"][0] == "failed" and "violates the schema: remote" in outcome["outside the schema"][1], line
    assert outcome["500 for ever"][0] == "failed" and "InternalServerError" in outcome["500 for ever"][1], line
    assert outcome["500, then answers"][0] == "done", line
    # and the queue kept moving: every posting the endpoint answered well is extracted
    assert counts["extracted"] == POSTINGS - 4 and counts["states"] == {"done": POSTINGS - 4, "failed": 4}, line
