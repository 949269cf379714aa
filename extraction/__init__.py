"""Stage 2: job-field schema, token routing, engines, normalisation, extraction tasks."""
