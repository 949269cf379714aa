"""A job's date on the public list, as the database computes and stores it (Job.listed_at, a generated column)."""
from django.db import models


class PostedOrFirstSeen(models.Func):
    """A job's date on the public list: the day its posting says it was posted (midnight UTC), never later than we
    first saw it (a date in the future is a source's mistake), else when we first saw it. Immutable SQL, as a stored
    generated column needs, on both databases."""

    arity = 2
    output_field = models.DateTimeField()

    def as_postgresql(self, compiler, connection, **extra):
        (posted, posted_params), (seen, seen_params) = (compiler.compile(e) for e in self.get_source_expressions())
        # LEAST skips a NULL; `AT TIME ZONE 'UTC'` on a timestamp is immutable, where a cast to timestamptz is not.
        return f"LEAST(({posted})::timestamp AT TIME ZONE 'UTC', {seen})", (*posted_params, *seen_params)

    def as_sqlite(self, compiler, connection, **extra):
        (posted, posted_params), (seen, seen_params) = (compiler.compile(e) for e in self.get_source_expressions())
        # Django writes dates and datetimes as ISO text, which sorts as they do; MIN with a NULL is NULL.
        sql = f"COALESCE(MIN({posted} || ' 00:00:00', {seen}), {seen})"
        return sql, (*posted_params, *seen_params, *seen_params)
