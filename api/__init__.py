"""The public read API (/api/v1/): jobs, a job with its history, and companies, as JSON for integrators."""
