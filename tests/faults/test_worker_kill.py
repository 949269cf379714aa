"""kill -9 of the scrape worker and the gpu worker in the middle of a run of 1,000 postings, then new ones."""
import time

import pytest

from jobscraper.models import Job, ScrapeRun
from tests.builders import greenhouse_company
from tests.polling import wait_for
from tests.faults.harness import (
    RESUME_TASK, SCRAPE_TASK, ScriptedLLM, boards_with_references, half_stored_companies, report, serve_boards, tally,
    unsettled_jobs,
)

pytestmark = [pytest.mark.faults, pytest.mark.celery]

POSTINGS, COMPANIES = 1000, 10
CLAIM_TIMEOUT = 3  # seconds: the killed gpu worker's claims are taken again this long after they were made
BATCH = 16  # postings per engine call: the batch the kill interrupts is small against the run


def test_kill_9_of_scrape_and_gpu_workers_mid_run_loses_and_duplicates_nothing(loopback, fault_workers, broker):
    """The local engine is `openai` against a scripted endpoint on loopback (it stands in for the GPU, as the rules
    engine would, and lets the test hold a batch out at the model and count the answers per posting)."""
    # given 1,000 postings on 10 Greenhouse boards, and workers as deployed
    boards = boards_with_references(postings=POSTINGS, companies=COMPANIES)
    serve_boards(loopback, boards)
    llm = ScriptedLLM(loopback)
    company_ids = [greenhouse_company(loopback.url, token=token, name=f"{token} (faults)").pk for token in boards]
    env = {"LOCAL_ENGINE": "openai", "LOCAL_OPENAI_BASE_URL": llm.base_url, "LOCAL_BATCH_SIZE": BATCH,
           "EXTRACTION_CLAIM_TIMEOUT": CLAIM_TIMEOUT}
    first = fault_workers(["scrape", "gpu", "cloud"], **env)

    # when the workers are killed mid-run: a batch out at the model, a company's postings half stored
    llm.hold()
    for company_id in company_ids:
        broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    wait_for(lambda: llm.held and half_stored_companies(POSTINGS // COMPANIES), timeout=120, interval=0.02,
             message="a batch at the model while a company's postings are being stored")
    killed = first.kill("scrape") + first.kill("gpu")
    killed_at = time.monotonic()
    at_kill = {
        "stored at the kill": Job.objects.count(),
        "claims held": Job.objects.filter(extraction_state="running").count(),
        "half-stored companies": half_stored_companies(POSTINGS // COMPANIES),
    }
    llm.release()  # the held requests are answered 503, to nobody

    # and new workers start, every company is scraped again (by hand here; beat would at its next period), and
    # once the dead worker's claims are stale beat's regular wake-up of the gpu worker comes
    fault_workers(["scrape", "gpu"], **env)
    for company_id in company_ids:
        broker.send_task(SCRAPE_TASK, args=[company_id], queue="scrape")
    time.sleep(max(0.0, killed_at + CLAIM_TIMEOUT + 1 - time.monotonic()))
    broker.send_task(RESUME_TASK, queue="gpu")
    wait_for(lambda: Job.objects.count() == POSTINGS and not unsettled_jobs().exists(), timeout=180,
             message="every posting stored and extracted after the restart")

    # then every posting is stored once and extracted once, with the content it was served with
    counts = tally(POSTINGS)
    counts["killed processes"] = killed
    counts.update(at_kill)
    counts["re-asked of the model (answers lost with the gpu worker)"] = sum(1 for n in llm.answered.values() if n > 1)
    counts["scrape runs left running by the killed worker"] = ScrapeRun.objects.filter(status="running").count()
    line = report("kill -9 scrape + gpu workers", f"{POSTINGS} postings on {COMPANIES} boards, killed mid-run, "
                  "workers restarted, companies scraped again", counts)
    assert at_kill["claims held"] and at_kill["half-stored companies"], line  # the kill landed mid-run
    assert (counts["stored"], counts["extracted"], counts["duplicates"], counts["lost"]) == (POSTINGS, POSTINGS, 0, 0), line
    assert counts["states"] == {"done": POSTINGS}, line
    assert set(llm.answered) == {f"R{job['id']}" for board in boards.values() for job in board["jobs"]}, line
    # and the claims the dead worker held were taken again, not started over: one more attempt each
    assert Job.objects.filter(extraction_attempts=2).count() == at_kill["claims held"], line
