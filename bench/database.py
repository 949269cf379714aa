"""The benchmarks' database: created on the server DATABASE_URL names when a fresh server lacks it."""
import os
import sys
from urllib.parse import urlsplit, urlunsplit


def servers_required(script: str, target: str, *, redis: bool = False) -> None:
    """Exit saying how to run `script` unless DATABASE_URL names PostgreSQL (and REDIS_URL is set, with `redis`), as
    scripts/with_servers.sh sets them; then create the database if the server lacks it."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or (redis and not os.environ.get("REDIS_URL")):
        needs = "PostgreSQL and Redis" if redis else "PostgreSQL"
        sys.exit(f"bench/{script} needs {needs}: run it with `make {target}` (scripts/with_servers.sh).")
    database_create(os.environ["DATABASE_URL"])


def database_create(url: str) -> None:
    """Create the database DATABASE_URL names if the server lacks it (a fresh server has only 'postgres')."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
