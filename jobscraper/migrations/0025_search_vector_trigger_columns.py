# The search vector's trigger fires only for writes that set a searched column. Before, every UPDATE of a job ran it:
# comparing each searched column with its old value detoasts the posting's text twice (0.4 ms a row at 500K jobs,
# measured on a cluster's UPDATE), for writes such as a cluster, a status or a review decision that never change it.
# Django's save() sets every column, so it still fires there; queryset updates of other columns no longer do.

from django.db import migrations

SEARCHED = "title, department, skills, summary, raw_content"  # the trigger function's inputs (migration 0007)


def _trigger(of: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS jobscraper_job_search_vector ON jobscraper_job;
CREATE TRIGGER jobscraper_job_search_vector BEFORE INSERT OR UPDATE {of} ON jobscraper_job
  FOR EACH ROW EXECUTE FUNCTION jobscraper_job_search_vector_trigger();
"""


def searched_columns_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_trigger(f"OF {SEARCHED}"))


def every_update(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_trigger(""))


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0024_job_behind_in_cluster'),
    ]

    operations = [
        migrations.RunPython(searched_columns_only, every_update),
    ]
