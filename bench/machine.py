"""What the benchmark ran on, and CPU seconds spent by each process tree (Linux /proc; no extra packages)."""
import os
import platform
from pathlib import Path

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")  # unit of the CPU times in /proc


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machine_summary() -> str:
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu_model()}), {system}, Python {platform.python_version()}"


def _stat(pid: int) -> tuple[int, float, float]:
    """(parent pid, own CPU s, CPU s of its children already reaped) of one process."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return int(fields[1]), (utime + stime) / TICKS_PER_SECOND, (cutime + cstime) / TICKS_PER_SECOND


def _processes() -> dict[int, tuple[int, float, float]]:
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = _stat(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue  # exited while we looked
    return stats


def tree_cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds used so far by each process and all its descendants, live or already reaped."""
    stats = _processes()
    children = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)

    def total(pid):
        if pid not in stats:
            return 0.0
        _, own, reaped = stats[pid]
        return own + reaped + sum(total(child) for child in children.get(pid, []))

    return {pid: total(pid) for pid in pids}


def own_cpu_seconds() -> float:
    """This process alone (its threads included, the worker processes it started excluded)."""
    return _stat(os.getpid())[1]


def machine_busy_seconds() -> float:
    """CPU seconds all cores together spent outside idle and I/O wait since boot."""
    # The first line: cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is in user).
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle, iowait = ticks[3], ticks[4]
    return (sum(ticks) - idle - iowait) / TICKS_PER_SECOND
