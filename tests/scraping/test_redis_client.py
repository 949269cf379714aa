"""The shared Redis client: one per URL, and a forked child (a prefork worker's) never uses its parent's connections."""
import os

from scraping.redis_client import redis_client


def test_one_client_per_url(settings):
    client = redis_client()

    assert redis_client() is client
    settings.REDIS_URL = f"{settings.REDIS_URL.rsplit('/', 1)[0]}/1"  # the same server's database 1
    assert redis_client() is not client


def test_a_forked_child_opens_connections_of_its_own():
    # given a client whose pool holds a connection the parent has used
    client = redis_client()
    parent_connection = client.client_id()

    # when a child forked now (as Celery forks its prefork children) uses the shared client
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(0 if redis_client().client_id() != parent_connection else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)

    # then it spoke on a connection of its own, and the parent's connection is still its own and in order
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.client_id() == parent_connection
