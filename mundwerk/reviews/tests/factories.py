"""Small factories for review tests, through the real actions."""

import itertools

from django.utils.text import slugify

from mundwerk.accounts.models import User
from mundwerk.reviews import actions
from mundwerk.reviews.models import Review, Subject

_sequence = itertools.count(1)


def make_subject(staff: User, name: str | None = None, **fields: object) -> Subject:
    name = name or f"Produkt {next(_sequence)}"
    subject = Subject(name=name, slug=slugify(name), **fields)
    return actions.save_subject(subject, editor=staff)


def make_review(
    author: User,
    subject: Subject,
    *,
    stars: int = 4,
    title: str = "Gute Arbeit",
    body: str = "Alles **bestens**.",
) -> Review:
    return actions.create_review(
        author=author, subject=subject, stars=stars, title=title, body=body
    )
