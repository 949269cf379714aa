"""Reading a regular expression's source, so that a posting is scanned less: its alternatives, the plain characters
every match holds and starts with, and an alternation regrouped by first character (pure).

The regex engine tries each alternative of an alternation at every place it searches (under IGNORECASE it cannot
skip one by its first character), and a pattern that starts with "\\b" or a lookbehind is tried at every character
of the text. Substring tests and regrouped alternations give the same matches for a fraction of that.
"""
import re

# Letters lower-casing and the regex's case folding treat apart: "İ" lower-cases to two characters, "ſ" and archaic
# Cyrillic forms match "s", "с", "т"... In a text holding one, a run the regex finds may be absent from the
# lower-cased text, or found elsewhere.
FOLDED_APART = "İıſ\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85"


def folded_apart(text: str) -> bool:
    """`text` holds a letter folded apart: nine substring tests (~1 µs a posting) cost less than a regex scan for a
    class of them (~10 µs), and none in a text of ASCII only."""
    return not text.isascii() and any(letter in text for letter in FOLDED_APART)


def _items(pattern: str) -> list[str]:
    """The top-level pieces of a pattern's source: an escape, a class, a group with all it holds, a quantifier's
    braces, or one character."""
    items, start, depth, in_class, index = [], 0, 0, False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
        elif in_class:
            in_class, index = char != "]", index + 1
        elif char == "{" and not depth:
            index = pattern.index("}", index) + 1
        else:
            in_class = char == "["
            depth += {"(": 1, ")": -1}.get(char, 0)
            index += 1
        if not depth and not in_class:
            items.append(pattern[start:index])
            start = index
    return items


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern's source."""
    parts = [""]
    for item in _items(pattern):
        parts = [*parts, ""] if item == "|" else [*parts[:-1], parts[-1] + item]
    return parts


MIN_LITERAL = 3  # characters: a shorter run ("a ", "is") is in nearly every posting and rules out no search


def requirements(alternative: str) -> list[tuple[str, ...]]:
    """What every match of `alternative` holds, lower-cased, as choices one of which must occur: each run of its
    plain characters, and for each group it cannot skip, a run from each of the group's branches. Escapes, classes,
    lookarounds and what a quantifier makes optional hold nothing certain."""
    items = _items(alternative)
    required, run = [], ""
    for item, after in zip(items, [*items[1:], ""]):
        optional = after[:1] in ("?", "*", "{")
        if len(item) == 1 and item not in "|.^$+*?" and not optional:
            run += item.lower()
            continue
        required += [(run,)] if len(run) >= MIN_LITERAL else []
        run = ""
        if item.startswith("(") and not optional and (item.startswith("(?:") or not item.startswith("(?")):
            body = item[3:-1] if item.startswith("(?:") else item[1:-1]
            branches = [requirements(branch) for branch in alternatives(body)]
            if all(branches):  # the most telling choice of each branch: the one whose shortest run is longest
                choices = [max(choices, key=lambda choice: min(map(len, choice))) for choices in branches]
                required.append(tuple(sorted({literal for choice in choices for literal in choice})))
    return required + ([(run,)] if len(run) >= MIN_LITERAL else [])


def _class_letters(item: str) -> str | None:
    """The characters a class of plain characters matches ("[iíy]", "[- ]"); None for any other item."""
    body = item[1:-1] if item.startswith("[") else ""
    plain = body and body[0] != "^" and "\\" not in body and "-" not in body[1:-1] and "[" not in body
    return body if plain else None


_ZERO_WIDTH = ("\\b", "\\B", "^", "(?=", "(?!", "(?<=", "(?<!")
MAX_STARTS = 8  # strings a match may start with, each looked for in the text: past that, fewer and shorter ones


def starts(alternative: str, most: int = MAX_STARTS) -> tuple[set[str], bool]:
    """Lower-cased strings one of which every match of `alternative` starts with, and whether they are its whole
    matches: its plain characters, optional or not, groups of them, and classes of them while the strings are shorter
    than MIN_LITERAL ("h[iíy]bri"), after what matches no characters ("\\b", a lookbehind); an escape, another class
    or a repeat ends them."""
    items = [item for item in _items(alternative) if not item.startswith(_ZERO_WIDTH)]
    prefixes, index = {""}, 0
    while index < len(items):
        item, quantifier = items[index], items[index + 1][:1] if index + 1 < len(items) else ""
        if quantifier not in ("?", "*", "+", "{"):
            quantifier = ""
        if len(item) == 1 and item not in "|.^$+*?":
            choices, whole = {item.lower()}, True
        elif min(map(len, prefixes)) < MIN_LITERAL and (letters := _class_letters(item)):  # too short to look for
            choices, whole = {letter.lower() for letter in letters}, True
        elif item.startswith("(?:") or item.startswith("(") and not item.startswith("(?"):
            body = item[3:-1] if item[1] == "?" else item[1:-1]
            branches = [starts(branch, most) for branch in alternatives(body)]
            choices, whole = {start for found, _ in branches for start in found}, all(whole for _, whole in branches)
        else:
            return prefixes, False
        if quantifier in ("*", "{"):
            return prefixes, False
        choices |= {""} if quantifier == "?" else set()
        longer = {prefix + choice for prefix in prefixes for choice in choices}
        if len(longer) > most:
            return prefixes, False
        prefixes, index = longer, index + (2 if quantifier else 1)
        if not whole or quantifier == "+":
            return prefixes, False
    return prefixes, True


def first_characters(pattern: str) -> set[str] | None:
    """The lower-cased characters every match of `pattern` starts with: its alternatives' first plain characters,
    classes of them, and what follows an optional one; None where that cannot be told (an escape, another class, a
    match that may be empty)."""
    found = set()
    for alternative in alternatives(pattern):
        firsts = _first_characters([item for item in _items(alternative) if not item.startswith(_ZERO_WIDTH)])
        if firsts is None:
            return None
        found |= firsts
    return found


def _first_characters(items: list[str]) -> set[str] | None:
    item, quantifier = (items + ["", ""])[:2]
    if len(item) == 1 and item not in "|.^$+*?":
        firsts = {item.lower()}
    elif letters := _class_letters(item):
        firsts = {letter.lower() for letter in letters}
    elif item.startswith("(?:") or item.startswith("(") and not item.startswith("(?"):
        firsts = first_characters(item[3:-1] if item[1] == "?" else item[1:-1])
    else:
        return None
    if firsts is None or quantifier[:1] not in ("?", "*", "{"):
        return firsts
    rest = items[3:] if items[2:3] in (["?"], ["+"]) else items[2:]  # past a lazy or possessive quantifier's mark
    after = _first_characters(rest)
    return None if after is None else firsts | after


def first_character_guard(characters) -> str:
    """A lookahead for one of `characters`, set before an alternation whose matches start with one: other places
    fail at once, where under IGNORECASE the regex engine enters each alternative, even grouped by first letter
    (~20 ns each: it skips an alternative by its first character only when that is uncased)."""
    return f"(?=[{''.join(map(re.escape, sorted(set(characters))))}])"


def by_first_character(alternation: str) -> str:
    """`alternation` with its alternatives grouped by their first character, behind a guard on those characters:
    "company|employer|company\\s+name" reads "(?=[ce])(?:c(?:ompany|ompany\\s+name)|e(?:mployer))". The same matches
    in the same order of preference, as alternatives that start with different letters cannot match at the same
    place and each group keeps its alternatives' order; each place tries one alternative a letter. Every
    alternative must start with a plain character, maybe after a "\\b", and not with a letter folded apart (which
    matches another's); a "\\b" is written after that character, as a lookbehind on the one before it ("\\bph" reads
    "p(?<!\\w.)h")."""
    groups = {}
    for alternative in alternatives(alternation):
        bounded = alternative.startswith(r"\b")
        alternative = alternative.removeprefix(r"\b")
        first = _items(alternative)[0] if alternative else ""
        quantified = alternative[1:2] in ("?", "*", "+", "{")
        if len(first) != 1 or first in "|.^$+*?\n" or quantified or first in FOLDED_APART:
            raise ValueError(f"{alternative!r} does not start with a plain character")
        boundary = (r"(?<!\w.)" if re.match(r"\w", first) else r"(?<=\w.)") if bounded else ""
        groups.setdefault(first.lower(), []).append(boundary + alternative[1:])
    grouped = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return f"{first_character_guard(groups)}(?:{grouped})"


def digits_first(alternative: str) -> str:
    """`alternative` with a leading "\\b\\d" written "\\d(?<!\\w\\d)", a digit with no word character before it, and
    a leading "\\b(?:3[5-9]|4[0-8])" written "(?:3(?<!\\w3)[5-9]|4(?<!\\w4)[0-8])": the same matches, searched for
    from the text's digits, as the regex engine skips to a class or the literals a pattern starts with but enters one
    that starts with "\\b" at every character (a scan of a posting ~4× faster)."""
    if alternative.startswith(r"\b\d") and alternative[4:5] not in ("?", "*", "+", "{"):
        return r"\d(?<!\w\d)" + alternative[4:]
    items = _items(alternative)
    if items[:1] != [r"\b"] or not items[1:2] or not items[1].startswith("(?:") or items[2:3] in (["?"], ["*"], ["{"]):
        return alternative
    branches = alternatives(items[1][3:-1])
    if not all(branch and branch[0] in "0123456789" and branch[1:2] not in ("?", "*", "+", "{") for branch in branches):
        return alternative
    written = "|".join(rf"{branch[0]}(?<!\w{branch[0]}){branch[1:]}" for branch in branches)
    return f"(?:{written}){''.join(items[2:])}"


def trie(strings) -> str:
    """A pattern matching the longest of `strings` a text holds at a place, the strings as a tree of their characters
    ("remote|remoto|rem" reads "rem(?:ot(?:e|o))?"): at each place the regex engine tries one branch a character,
    where an alternation of the strings tries each in turn."""
    branches = {}
    for string in strings:
        if string:
            branches.setdefault(string[0], set()).add(string[1:])
    pattern = "|".join(re.escape(first) + trie(rests) for first, rests in sorted(branches.items()))
    if "" in strings:
        return f"(?:{pattern})?" if pattern else ""
    return pattern if len(branches) == 1 else f"(?:{pattern})"


class Literals:
    """Which of a set of strings a text holds, and where, found by one regex a first character that is searched for
    from each occurrence of that character in the text (the regex engine's fast path for a literal start), the strings
    of a first character as a tree (`trie`); a string alone with its first character is found by substring searches,
    faster than the regex's. For the ~570 runs of the terms' phrases, a fifth of the time of a substring test each in
    a posting. Each search resumes just after the last match's start, so a string that starts inside another's
    occurrence is found too; the longest string matching at a place is matched, and those it starts with are held
    there as well. A first character the text does not hold is not searched for."""

    def __init__(self, strings):
        strings = set(strings) - {""}
        groups = {}
        for string in strings:
            groups.setdefault(string[0], set()).add(string)
        self._groups = [
            (first, *group, None) if len(group) == 1 else (first, None, re.compile(trie(group)))
            for first, group in sorted(groups.items())
        ]
        self._held_with = {string: {string[:end] for end in range(1, len(string) + 1)} & strings for string in strings}

    def held(self, text: str) -> set[str]:
        """The strings `text` holds, and the empty string."""
        held = {""}
        for _, string in self._longest(text):
            held |= self._held_with[string]
        return held

    def places(self, text: str) -> list[int]:
        """Where in `text` one of the strings occurs, in order."""
        return sorted(place for place, _ in self._longest(text))

    def _longest(self, text: str):
        """The place and the longest string of each place one occurs, a first character after another."""
        for first, string, pattern in self._groups:
            if first not in text:
                continue
            if pattern is None:
                yield from ((place, string) for place in occurrences(text, string))
                continue
            match = pattern.search(text)
            while match:
                yield match.start(), match.group()
                match = pattern.search(text, match.start() + 1)


def occurrences(text: str, run: str):
    """Where `run` occurs in `text`, overlapping ones included."""
    index = text.find(run)
    while index >= 0:
        yield index
        index = text.find(run, index + 1)


MAX_ANCHORS = 64  # strings an Anchored pattern's matches start with (past that, it is searched whole)


class Anchored:
    """A pattern tried only where one of the strings every match of it starts with occurs in the lower-cased text:
    the matches of its own `finditer`, in a text no letter of which is folded apart (any other is searched whole).
    Its matches start with at least MIN_LITERAL characters, so none is empty."""

    def __init__(self, source: str, flags: int = 0):
        self.pattern = re.compile(source, flags)
        found = {start for alternative in alternatives(source) for start in starts(alternative, MAX_ANCHORS)[0]}
        found = {start for start in found if not any(start.startswith(other) for other in found - {start})}
        self.starts = None if any(len(start) < MIN_LITERAL or "ı" in start for start in found) else Literals(found)

    def finditer(self, text: str):
        if self.starts is None or folded_apart(text):
            yield from self.pattern.finditer(text)
            return
        end = 0
        for place in self.starts.places(text.lower()):
            if place >= end and (match := self.pattern.match(text, place)):
                end = match.end()
                yield match


class LineStarts:
    """A pattern every match of which starts a line ("^" under MULTILINE, in each alternative), or, given `before` (a
    class's characters), follows one of those characters or starts the text, and holds a character: its matches as
    `re.Pattern` gives them, looked for after those characters only. The regex engine enters such a pattern at every
    character of the text (~10 ns each); searched for with the character before it, its literal start or a class it
    skips to, the engine goes from one such character to the next."""

    def __init__(self, source: str, flags: int = 0, before: str = "\n"):
        self.pattern = re.compile(source, flags | re.MULTILINE)
        self._after_break = re.compile(f"[{before}](?:{source})", flags | re.MULTILINE)

    def match(self, text: str):
        return self.pattern.match(text)

    def finditer(self, text: str):
        match, end = self.pattern.match(text), 0
        while match or (found := self._after_break.search(text, end)):
            match = match or self.pattern.match(text, found.start() + 1)  # the same match, from its start
            yield match
            end, match = match.end() - 1, None  # a match's last character may be the one before the next one

    def search(self, text: str):
        return next(self.finditer(text), None)

    def sub(self, replacement, text: str) -> str:
        """`pattern.sub(replacement, text)`, `replacement` a function of the match."""
        pieces, end = [], 0
        for match in self.finditer(text):
            pieces += [text[end : match.start()], replacement(match)]
            end = match.end()
        return "".join(pieces) + text[end:] if pieces else text
