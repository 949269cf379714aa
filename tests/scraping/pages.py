"""A careers listing page written for tests, linking to whichever job pages a test serves."""

# A careers page as companies write them: navigation, prose, benefits, then the openings. crawl4ai
# fails small pages without enough visible text as "anti-bot", so it must be a page of real size.
LISTING = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Careers | Northwind Labs</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Northwind Labs</a>
  <nav><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/about">About us</a></li>
    <li><a href="/careers">Careers</a></li>
    <li><a href="/blog">Blog</a></li>
  </ul></nav>
</header>
<main>
  <section class="hero">
    <h1>Build the tools that keep the world's supply chains honest</h1>
    <p>Northwind Labs makes software that lets manufacturers, shippers and regulators see where goods come
    from and what happened to them on the way. Our customers range from family-run coffee roasters to
    some of the largest logistics companies in Europe, and every one of them depends on data they can
    trust. We are a team of a little over two hundred people spread across Paris, Toronto and a dozen
    other cities, and we are growing carefully.</p>
    <p>We hire people who like hard problems, write things down, and care about the people who use what
    they build. We do not expect you to know our industry before you join; we do expect you to be
    curious about it. Every new colleague spends their first two weeks shadowing customer calls and
    sitting with the teams they will work alongside.</p>
  </section>
  <section class="how-we-work">
    <h2>How we work</h2>
    <p>Most of our teams are small, cross-functional and own a problem end to end: they talk to
    customers, decide what to build, ship it and keep it running. We review each other's work, we keep
    meetings short, and we publish our decisions in writing so that people in other time zones are never
    left guessing. Hybrid work is the default; some roles are fully remote and say so below.</p>
    <p>We pay in the top quartile of our markets and publish salary ranges for every role. Everyone
    receives equity, and we revisit compensation twice a year rather than waiting for someone to ask.</p>
  </section>
  <section class="benefits">
    <h2>Benefits</h2>
    <ul>
      <li>Twenty-eight days of paid holiday plus public holidays, and a company-wide week off in December</li>
      <li>Sixteen weeks of fully paid parental leave for every parent, whatever their role or tenure</li>
      <li>A yearly learning budget for books, courses and conferences, with time set aside to use it</li>
      <li>Private health insurance for you and your family, including mental health support</li>
      <li>A home office allowance and a new laptop of your choice on your first day</li>
    </ul>
  </section>
  <section class="teams">
    <h2>Our teams</h2>
    <article>
      <h3>Engineering</h3>
      <p>Our engineers build the ingestion pipelines that read millions of shipping documents a day, the
      ledger that records every change of custody, and the APIs our customers plug into their own systems.
      We write mostly Python and Go, run on two cloud providers, and care a great deal about boring,
      dependable infrastructure.</p>
    </article>
    <article>
      <h3>Policy and public affairs</h3>
      <p>New due-diligence laws in Europe and North America are changing what companies must know about
      their suppliers. This team follows those laws as they are written, explains them to our customers,
      and represents the company in consultations with regulators and industry bodies.</p>
    </article>
    <article>
      <h3>Marketing</h3>
      <p>Product marketers sit inside product squads and act as the voice of the market: they shape what
      we build, how we describe it, and how each launch reaches the people who need it.</p>
    </article>
  </section>
  <section class="process">
    <h2>Our hiring process</h2>
    <ol>
      <li>A thirty-minute call with a recruiter about the role, your experience and what you are looking for</li>
      <li>A conversation with the hiring manager about the work itself</li>
      <li>A practical exercise, done at home or with us, never longer than three hours</li>
      <li>Meeting the team, followed by a decision within a week</li>
    </ol>
    <p>Tell us about any adjustments you need at any stage; we will make them.</p>
  </section>
  <section class="openings">
    <h2>Open positions</h2>
    <p>Can't find the right role? We still want to hear from you: write to the recruiting team and tell
    us what you would like to work on.</p>
    <ul class="job-list">
{openings}
    </ul>
  </section>
</main>
<footer>
  <p>Northwind Labs SAS, 12 rue des Entrepreneurs, 75015 Paris. Northwind Labs is an equal opportunity
  employer: we welcome applicants of every background and do not discriminate on the basis of race,
  religion, gender identity, sexual orientation, age, disability or any other protected characteristic.</p>
  <p><a href="/privacy">Privacy notice</a> | <a href="/about">About us</a></p>
</footer>
</body>
</html>
"""


def careers_listing(*openings: tuple[str, str]) -> str:
    """The careers page linking to each (href, title) under "Open positions"."""
    items = "\n".join(
        f'      <li class="job"><a href="{href}">{title}</a> <span class="team">Full-time</span></li>'
        for href, title in openings
    )
    return LISTING.replace("{openings}", items)
