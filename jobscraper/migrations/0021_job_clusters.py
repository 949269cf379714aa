"""Clusters of postings that are one job (jobscraper.clusters), and what matching finds candidates by: a job's
employer key (indexed) and title key. PostgreSQL compares an employer's titles with pg_trgm's similarity() (a trusted
extension: the database's owner may create it); SQLite with rapidfuzz in Python."""

import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobscraper', '0020_job_remote_regions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='JobCluster',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_seen_at', models.DateTimeField(help_text='When its earliest posting was first seen.', verbose_name='first seen')),
                ('reposted_at', models.DateTimeField(blank=True, help_text='When a posting came back under a new id within 60 days of its earlier one closing.', null=True, verbose_name='reposted')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
            ],
            options={
                'verbose_name': 'job cluster',
                'ordering': ['-first_seen_at', '-id'],
            },
        ),
        migrations.AddField(
            model_name='job',
            name='cluster_match',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='why clustered'),
        ),
        migrations.AddField(
            model_name='job',
            name='employer_key',
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name='employer key'),
        ),
        migrations.AddField(
            model_name='job',
            name='title_key',
            field=models.CharField(blank=True, editable=False, max_length=500, verbose_name='title key'),
        ),
        migrations.AddField(
            model_name='job',
            name='cluster',
            field=models.ForeignKey(blank=True, editable=False, help_text="The other postings of this same job (a job board's copy, a repost); none if alone.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='jobs', to='jobscraper.jobcluster', verbose_name='cluster'),
        ),
        migrations.CreateModel(
            name='ClusterDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('same', models.BooleanField(help_text='Whether the operator said the two postings are one job.', verbose_name='one job')),
                ('decided_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='decided')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('job_a', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='jobscraper.job', verbose_name='job')),
                ('job_b', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='jobscraper.job', verbose_name='other job')),
            ],
            options={
                'verbose_name': 'cluster decision',
                'ordering': ['-decided_at', '-id'],
                'constraints': [models.UniqueConstraint(fields=('job_a', 'job_b'), name='cluster_decision_once_a_pair'), models.CheckConstraint(condition=models.Q(('job_a__lt', models.F('job_b'))), name='cluster_decision_ordered_pair')],
            },
        ),
        migrations.AddField(
            model_name='job',
            name='from_job_board',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(source_origin='board', then=True), default=False), output_field=models.BooleanField(), verbose_name='from a job board'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(fields=['employer_key'], name='job_cluster_candidates'),
        ),
        migrations.AddIndex(
            model_name='job',
            index=models.Index(condition=models.Q(('cluster__isnull', False), ('status', 'open'), models.Q(('review_status', 'rejected'), _negated=True)), fields=['cluster', 'from_job_board', 'first_seen_at', 'id'], name='job_cluster_shown'),
        ),
    ]
