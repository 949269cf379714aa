"""jobspy's job boards answering offline, and the rows they answer with, for the tests of job-board searches."""
import jobspy
from jobspy.model import JobPost, Scraper, Site

# Each board's id prefix and job page, as jobspy builds them from the board's own job number.
_JOB_PAGES = {
    "linkedin": ("li", "https://www.linkedin.com/jobs/view/{}"),
    "indeed": ("in", "https://www.indeed.com/viewjob?jk={}"),
    "naukri": ("nk", "https://www.naukri.com/job-listings-{}"),
}


def board_row(site: str, number: str, **fields) -> JobPost:
    """A row of jobspy's `site` board for its job `number`: its id and job page as jobspy gives them."""
    prefix, page = _JOB_PAGES[site]
    return JobPost(id=f"{prefix}-{number}", job_url=page.format(number), **fields)


def offline_board(jobs=(), *, error=None, warnings=()):
    """A jobspy board answering offline: its jobs, or an error as real boards report one (self.fail)."""

    class Board(Scraper):
        inputs = []

        def scrape(self, scraper_input):
            Board.inputs.append(scraper_input)
            for warning in warnings:
                self.warn(warning)
            if error:
                self.fail(error)
                return []
            return list(jobs)

    return Board


def install_boards(monkeypatch, **by_site) -> None:
    """Put offline boards in place of jobspy's for one test: install_boards(monkeypatch, linkedin=Board, ...)."""
    for site, board in by_site.items():
        monkeypatch.setitem(jobspy.SCRAPER_MAPPING, Site(site), board)
