"""robots.txt rules as RFC 9309 reads them: which URLs a user agent may fetch (pure: no network)."""
import re
from urllib.parse import urlsplit

_LINE_RE = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")


def robots_allows(robots_txt: str, user_agent: str, url: str) -> bool:
    """Whether `url` may be fetched by `user_agent`: the longest matching rule decides, Allow winning a tie.

    The groups naming the agent's product token (its name before any "/") apply, else those for "*";
    no applicable rule allows everything.
    """
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    decision, longest = True, -1
    for allow, pattern in _rules_for(robots_txt, user_agent.split("/")[0].strip().lower()):
        if _matches(pattern, target) and (len(pattern) > longest or (len(pattern) == longest and allow)):
            decision, longest = allow, len(pattern)
    return decision


def _rules_for(robots_txt: str, token: str) -> list[tuple[bool, str]]:
    """(allow, pattern) of every group naming `token`, or failing those of every "*" group."""
    groups: list[tuple[set[str], list[tuple[bool, str]]]] = []
    in_agent_lines = False
    for line in robots_txt.splitlines():
        match = _LINE_RE.match(line.split("#", 1)[0])
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "user-agent":
            # Consecutive user-agent lines share the group that follows them.
            if not in_agent_lines:
                groups.append((set(), []))
            groups[-1][0].add(value.lower())
            in_agent_lines = True
        elif key in ("allow", "disallow") and groups:
            in_agent_lines = False
            # An empty rule matches nothing ("Disallow:" allows everything).
            if value:
                groups[-1][1].append((key == "allow", value))
        else:
            in_agent_lines = False
    for wanted in (token, "*"):
        rules = [rule for agents, group_rules in groups if wanted in agents for rule in group_rules]
        if rules or any(wanted in agents for agents, _ in groups):
            return rules
    return []


def _matches(pattern: str, target: str) -> bool:
    """Whether a rule's path pattern matches the start of `target`: "*" matches any characters, a final "$" anchors
    the end.

    Each piece between stars is taken at its first place after the previous one, which is where any match can put
    it: unlike a regular expression, which backtracks through every split ("/*a*a*a*a*a*b" against a long path took
    minutes), this takes time linear in the pattern's pieces times the path's length.
    """
    anchored = pattern.endswith("$")
    first, *pieces = (pattern[:-1] if anchored else pattern).split("*")
    if not target.startswith(first):
        return False
    position = len(first)
    if anchored and pieces:
        # The last piece must end the target: place it there, and the ones before it where they first fit.
        last = pieces.pop()
        end = len(target) - len(last)
        if not target.endswith(last) or end < position:
            return False
        target = target[:end]
    elif anchored:
        return position == len(target)
    for piece in pieces:
        found = target.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True
