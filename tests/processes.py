"""The processes below a process, read from /proc (this kernel has no /proc/PID/task/TID/children)."""
from pathlib import Path


def _parents() -> dict[int, int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    return parents


def descendants(pid: int) -> list[int]:
    """Every process below `pid`: a prefork worker's children, the gpu worker's vLLM engine core and its worker."""
    parents = _parents()
    found, frontier = [], {pid}
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = set(children)
    return found


def running(pid: int) -> bool:
    """Whether `pid` still runs: not gone, and not a zombie its parent has yet to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
