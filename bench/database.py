"""The benchmarks' database: created on the server DATABASE_URL names when a fresh server lacks it."""
from urllib.parse import urlsplit, urlunsplit


def database_create(url: str) -> None:
    """Create the database DATABASE_URL names if the server lacks it (a fresh server has only 'postgres')."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
