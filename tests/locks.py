"""A row held by another worker: its own connection's open transaction locks the row until the block ends."""
import threading
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def row_locked_elsewhere(model, pk: int):
    """While the block runs, `model`'s row `pk` is locked FOR UPDATE by another thread's transaction (as a second
    worker's would be); released, and that thread's connection closed, when it ends."""
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(model.objects.select_for_update().filter(pk=pk))
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(30), "the other transaction never took the lock"
        yield
    finally:
        release.set()
        thread.join(30)
