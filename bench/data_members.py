"""Members of the benchmark community: pseudonyms that pass sign-up's rules, and profiles."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import cast

from django.core.exceptions import ValidationError

from bench import vocabulary as v
from bench.data_plan import ADMIN_ID, FIRST_MEMBER_ID
from bench.data_text import MENTION_SLOTS, PLACEHOLDER_USERS, TextPool
from mundwerk.accounts.usernames import USERNAME_MAX_LENGTH, USERNAME_VALIDATORS
from mundwerk.core.markdown import render_markdown

ADMIN_USERNAME = "benchadmin"
# Every generated member's password, so the load runner can log in as anyone.
PASSWORD = "bench-password"  # noqa: S105
_MENTION_CHECKS = ("Hallo @{}, danke.", "Frag mal @{}.")


@dataclass
class Members:
    """Per member id (index 0 unused, 1 the staff account): what the profile shows."""

    usernames: list[str]
    display_names: list[str]
    bios: list[int]  # index into TextPool.bios, -1 for none
    websites: list[str]

    @property
    def count(self) -> int:
        return len(self.usernames) - FIRST_MEMBER_ID

    def email(self, user_id: int) -> str:
        return f"{self.usernames[user_id].lower()}@example.org"


def is_valid_username(name: str) -> bool:
    """Apply sign-up's rules, and keep separators inside, single, between letters or digits."""
    try:
        for validator in cast(list[Callable[[str], None]], USERNAME_VALIDATORS):
            validator(name)
    except ValidationError:
        return False
    if not (name[0].isalnum() and name[-1].isalnum()):
        return False
    return not any(a in "_.-" and b in "_.-" for a, b in pairwise(name))


def _mentions_like_placeholder(name: str) -> bool:
    """A dotted name could turn into a web link; keep it only if it renders as a mention."""
    for template in _MENTION_CHECKS:
        expected = render_markdown(template.format(MENTION_SLOTS[0]), known_users=PLACEHOLDER_USERS)
        actual = render_markdown(template.format(name), known_users={name.lower(): name})
        if actual.html != expected.html.replace(MENTION_SLOTS[0], name):
            return False
    return True


def _candidate(rng: random.Random) -> str:
    first, last = rng.choice(v.FIRST_NAMES), rng.choice(v.SURNAMES)
    handle, adjective = rng.choice(v.HANDLE_WORDS), rng.choice(v.HANDLE_ADJECTIVES)
    roll = rng.random()
    if roll < 0.2:
        return f"{first}{rng.randint(1, 99)}"
    if roll < 0.33:
        return f"{first}_{last}"
    if roll < 0.43:
        return f"{first}.{last}"
    if roll < 0.53:
        return first.capitalize() + last.capitalize()
    if roll < 0.6:
        return f"{adjective}_{handle}"
    if roll < 0.66:
        return adjective.capitalize() + handle.capitalize()
    if roll < 0.76:
        return f"{handle}{rng.randint(1, 999)}"
    if roll < 0.82:
        return f"{first}-{rng.choice(v.FIRST_NAMES)}"
    if roll < 0.88:
        return first.capitalize()
    return f"{first[0]}{last}{rng.randint(1, 9999)}"


def make_usernames(rng: random.Random, count: int) -> list[str]:
    """`count` distinct (ignoring case) pseudonyms that sign-up would accept."""
    taken = {ADMIN_USERNAME}
    names: list[str] = []
    while len(names) < count:
        name = _candidate(rng)
        if name.lower() in taken:
            name = f"{name}{rng.randint(1, 9999)}"[:USERNAME_MAX_LENGTH]
        if name.lower() in taken or not is_valid_username(name):
            continue
        if "." in name and not _mentions_like_placeholder(name):
            continue
        taken.add(name.lower())
        names.append(name)
    return names


def make_members(seed: int, count: int, text: TextPool) -> Members:
    """Pseudonyms and profiles for ids 2..count+1, the staff account as id 1."""
    rng = random.Random(seed * 7919 + 3)
    usernames = ["", ADMIN_USERNAME, *make_usernames(rng, count)]
    display_names = ["", ""]
    bios = [-1, -1]
    websites = ["", ""]
    for name in usernames[FIRST_MEMBER_ID:]:
        roll = rng.random()
        first, last = rng.choice(v.FIRST_NAMES).capitalize(), rng.choice(v.SURNAMES).capitalize()
        if roll < 0.2:
            display_names.append(f"{first} {last[0]}.")
        elif roll < 0.35:
            display_names.append(f"{first} {last}")
        else:
            display_names.append("")
        bios.append(rng.randrange(len(text.bios)) if rng.random() < 0.2 else -1)
        websites.append(f"https://example.org/people/{name.lower()}" if rng.random() < 0.05 else "")
    assert len(usernames) == FIRST_MEMBER_ID + count and usernames[ADMIN_ID] == ADMIN_USERNAME
    return Members(usernames, display_names, bios, websites)
