"""Synthetic Greenhouse boards for benchmarks: realistic postings, the same for the same seed."""
import html
import random

SALARY_SHARE = 0.4  # of postings that state pay, roughly the share on boards under pay-transparency laws
PARAGRAPHS_PER_SECTION = (3, 6)  # inclusive range: ~4-5.5 KB of escaped HTML, ~700-1,000 prompt tokens
FIRST_JOB_ID = 7_000_000  # Greenhouse ids are 7-digit numbers; ours count up from here

COMPANY_NAMES = [
    "Acme Robotics", "Bluefin Labs", "Cobalt Health", "Driftwood Games", "Ember Energy", "Fjord Analytics",
    "Granite Security", "Harbor Logistics", "Iris Payments", "Juniper Bio", "Kestrel Aerospace", "Lumen Media",
    "Meridian Travel", "Nimbus Cloud", "Orchid Retail", "Pylon Mobility", "Quartz Legal", "Riverstone Foods",
    "Sable Insurance", "Tidal Education",
]
TITLES = [
    ("Senior Backend Engineer", "Engineering"), ("Frontend Developer", "Engineering"),
    ("Staff Data Engineer", "Data"), ("Machine Learning Engineer", "Data"), ("Product Designer", "Design"),
    ("Product Manager, Growth", "Product"), ("Site Reliability Engineer", "Infrastructure"),
    ("Security Engineer", "Security"), ("Account Executive", "Sales"), ("Customer Success Manager", "Customers"),
    ("Financial Analyst", "Finance"), ("Talent Acquisition Partner", "People"), ("Content Marketing Lead", "Marketing"),
    ("QA Automation Engineer", "Engineering"), ("Engineering Manager, Platform", "Engineering"),
    ("Data Scientist Intern", "Data"),
]
LOCATIONS = [
    "Amsterdam, Netherlands", "Berlin, Germany", "London, United Kingdom", "Lisbon, Portugal", "New York, NY",
    "San Francisco, CA", "Austin, TX", "Toronto, Canada", "Remote - Europe", "Remote - US", "Paris, France",
    "Dublin, Ireland",
]
# Pay sentences as postings write them, in the currency of the location's region.
SALARIES = {
    "USD": ["The base salary range for this role is ${low:,} - ${high:,} per year.",
            "Compensation: ${low_k}k–${high_k}k annually, plus equity."],
    "EUR": ["Salary: €{low:,} – €{high:,} per annum, depending on experience.",
            "We offer a gross annual salary between EUR {low:,} and EUR {high:,}."],
    "GBP": ["Salary: £{low:,}–£{high:,} a year plus bonus."],
    "CAD": ["The pay range for this position is C${low:,} to C${high:,} per year."],
}
REGION_CURRENCY = {"NY": "USD", "CA": "USD", "TX": "USD", "US": "USD", "Canada": "CAD", "United Kingdom": "GBP"}
WORK_MODES = [
    "This is a fully remote role; you can work from anywhere in the listed region.",
    "This is a hybrid role: three days a week in our office, the rest from home.",
    "This role is on-site at our office, five days a week.",
]
EMPLOYMENT = [
    "This is a full-time, permanent position.",
    "This is a 12-month fixed-term contract with the possibility of extension.",
    "This is a part-time position (24 hours per week).",
]
INTRO = [
    "{company} builds software that {mission}. Since our founding we have grown to {size} people across "
    "{offices} offices, and our customers range from small teams to some of the largest companies in {sector}.",
    "At {company}, we believe that {sector} deserves better tools. Our products help {mission_short}, and we "
    "are backed by investors who share our long-term view.",
    "Our customers rely on {company} every day, and we take that trust seriously: we are profitable, we "
    "publish our security practices, and we answer every support request within a day.",
]
MISSIONS = [
    ("helps teams ship reliable products faster", "teams ship faster"),
    ("makes everyday logistics predictable", "shippers plan their week"),
    ("turns raw data into decisions people trust", "analysts answer hard questions"),
    ("protects millions of accounts every day", "people stay safe online"),
]
SECTORS = ["healthcare", "retail", "travel", "financial services", "education", "media", "manufacturing"]
ROLE = [
    "As a {title} you will join a cross-functional team of engineers, designers and product managers who own a "
    "core part of our platform from idea to production.",
    "You will work closely with {dept_lower} leadership to shape our roadmap, and you will have real ownership "
    "over the quality of what we ship.",
    "This is a chance to have an outsized impact at a company that is growing quickly, with the support of "
    "experienced colleagues who care about craft and about each other.",
    "You will mentor others, review their work with care, and help us keep a high bar while moving fast.",
    "In your first months you will learn our systems and customers, pair with colleagues on real problems, "
    "and take over a well-defined area that you will then help grow.",
    "We are looking for someone who enjoys both the details and the big picture, and who can explain "
    "trade-offs clearly to people with different backgrounds.",
]
RESPONSIBILITIES = [
    "Design, build and operate services that handle thousands of requests per second",
    "Own features end to end, from discovery with customers to monitoring in production",
    "Collaborate with product and design to turn ambiguous problems into clear plans",
    "Improve our observability, testing and deployment practices",
    "Write clear documentation and share knowledge across the {dept_lower} team",
    "Analyse data to understand how customers use our product and where they struggle",
    "Participate in an on-call rotation shared fairly across the team",
    "Represent {company} at conferences and in our community",
]
REQUIREMENTS = [
    "{years}+ years of professional experience in a similar role",
    "Strong knowledge of Python, Go or Java, and of relational databases such as PostgreSQL",
    "Experience with cloud platforms (AWS, GCP or Azure) and with Kubernetes",
    "Excellent written and spoken English; Dutch, German or French is a plus",
    "A track record of shipping and maintaining production systems",
    "Comfort with ambiguity and a habit of asking good questions",
    "Familiarity with data tools such as dbt, Airflow or Spark",
    "Experience working with customers or stakeholders outside engineering",
]
BENEFITS = [
    "{leave} days of paid holiday plus public holidays",
    "A yearly learning budget of {budget} to spend on books, courses and conferences",
    "Private health, dental and vision insurance for you and your family",
    "Pension plan with employer contribution",
    "Flexible working hours and a home-office allowance",
    "Parental leave well beyond the legal minimum",
    "Team offsites twice a year",
    "A new laptop of your choice and the equipment you need to do your best work",
    "Relocation support and visa sponsorship where needed",
]
WAYS_OF_WORKING = [
    "We write things down. Decisions, designs and post-mortems live in documents that anyone can read and "
    "comment on, which lets us work across time zones without endless meetings.",
    "Teams are small and autonomous: each owns a clear problem, sets its own goals every quarter, and is "
    "trusted to choose how to reach them.",
    "We release to production many times a day behind feature flags, and we measure the effect of what we "
    "ship rather than guessing.",
    "We believe in sustainable pace. Nobody is expected to answer messages in the evening, and on-call work "
    "is compensated with time off.",
    "Feedback flows in every direction. Twice a year everyone receives structured feedback from peers, and "
    "managers are reviewed by their teams too.",
    "We invest in onboarding: your first weeks come with a buddy, a written plan, and a small project that "
    "reaches customers in your first month.",
]
HIRING_PROCESS = [
    "a 30-minute introductory call with someone from our talent team",
    "a conversation with the hiring manager about your experience and what you are looking for",
    "a practical exercise that resembles the work you would do here, reviewed together with two colleagues",
    "a values conversation with people from other teams",
    "reference checks and an offer, usually within two weeks of the first call",
]


def _paragraphs(rng: random.Random, pool: list[str], **values) -> list[str]:
    count = min(len(pool), rng.randint(*PARAGRAPHS_PER_SECTION))
    return [sentence.format(**values) for sentence in rng.sample(pool, count)]


def _salary_sentence(rng: random.Random, location: str) -> str:
    region = location.rsplit(",", 1)[-1].split(" - ")[-1].strip()  # "Austin, TX" -> TX, "Remote - US" -> US
    currency = REGION_CURRENCY.get(region, "EUR")
    low = rng.randrange(45_000, 160_000, 5_000)
    high = low + rng.randrange(10_000, 50_000, 5_000)
    return rng.choice(SALARIES[currency]).format(low=low, high=high, low_k=low // 1000, high_k=high // 1000)


def posting_html(rng: random.Random, *, company: str, title: str, department: str, location: str) -> str:
    """One posting's description as an ATS editor produces it (plain HTML, before Greenhouse escapes it)."""
    mission, mission_short = rng.choice(MISSIONS)
    values = {
        "company": company, "title": title, "dept_lower": department.lower(), "mission": mission,
        "mission_short": mission_short, "sector": rng.choice(SECTORS), "size": rng.randrange(40, 2000, 10),
        "offices": rng.randint(2, 9), "years": rng.randint(2, 8), "leave": rng.randint(25, 30),
        "budget": f"€{rng.randrange(1000, 3000, 250):,}",
    }

    def paragraphs(pool):
        return "".join(f"<p>{html.escape(text)}</p>" for text in _paragraphs(rng, pool, **values))

    def bullets(pool):
        return "<ul>" + "".join(f"<li>{html.escape(text)}</li>" for text in _paragraphs(rng, pool, **values)) + "</ul>"

    terms = [rng.choice(WORK_MODES), rng.choice(EMPLOYMENT)]
    if rng.random() < SALARY_SHARE:
        terms.append(_salary_sentence(rng, location))
    return "".join([
        '<div class="content-intro">', paragraphs(INTRO), "</div>",
        "<h2>About the role</h2>", paragraphs(ROLE),
        "<h3>What you will do</h3>", bullets(RESPONSIBILITIES),
        "<h3>What we are looking for</h3>", bullets(REQUIREMENTS),
        "<h3>What we offer</h3>", bullets(BENEFITS),
        "<h3>How we work</h3>", paragraphs(WAYS_OF_WORKING),
        "<h3>Our hiring process</h3>",
        f"<ol>{''.join(f'<li>{html.escape(step.capitalize())}</li>' for step in HIRING_PROCESS)}</ol>",
        "<h3>Terms</h3>", *(f"<p>{html.escape(t)}</p>" for t in terms),
        '<div class="content-conclusion"><p>',
        html.escape(f"{company} is an equal opportunity employer. We welcome applicants of every background."),
        "</p></div>",
    ])


def greenhouse_boards(*, postings: int, companies: int, seed: int = 0) -> dict[str, dict]:
    """Board token -> the board's `/v1/boards/<token>/jobs?content=true` answer, postings spread evenly."""
    if not 1 <= companies <= len(COMPANY_NAMES):
        raise ValueError(f"companies must be between 1 and {len(COMPANY_NAMES)}")
    rng = random.Random(seed)
    boards = {}
    job_id = FIRST_JOB_ID
    for index, company in enumerate(COMPANY_NAMES[:companies]):
        token = company.split()[0].lower()
        jobs = []
        for _ in range(postings // companies + (index < postings % companies)):
            job_id += 1
            title, department = rng.choice(TITLES)
            location = rng.choice(LOCATIONS)
            published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T09:{rng.randint(0, 59):02d}:00-04:00"
            markup = posting_html(rng, company=company, title=title, department=department, location=location)
            jobs.append({
                "id": job_id,
                "internal_job_id": job_id - FIRST_JOB_ID,
                "title": title,
                "company_name": company,
                "requisition_id": f"REQ-{job_id % 10_000:04d}",
                "location": {"name": location},
                "absolute_url": f"https://job-boards.greenhouse.io/{token}/jobs/{job_id}",
                "departments": [{"id": 8000 + TITLES.index((title, department)), "name": department,
                                 "child_ids": [], "parent_id": None}],
                "offices": [{"id": 9000 + LOCATIONS.index(location), "name": location, "location": location,
                             "child_ids": [], "parent_id": None}],
                "metadata": None,
                "first_published": published,
                "updated_at": published,
                # The API escapes the description's HTML once more, as the real board does.
                "content": html.escape(markup),
            })
        boards[token] = {"jobs": jobs, "meta": {"total": len(jobs)}}
    return boards
