"""Small factories for tests; data goes through the real actions where that is cheap."""

import io
import itertools

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from mundwerk.accounts.models import User
from mundwerk.posts import actions
from mundwerk.posts.models import Post, Topic
from mundwerk.spaces.models import Space

_sequence = itertools.count(1)


def make_user(
    username: str | None = None,
    *,
    verified: bool = True,
    is_staff: bool = False,
    password: str = "correct-horse-42",
    trust_level: int = 1,
) -> User:
    number = next(_sequence)
    username = username or f"member{number}"
    user = User.objects.create_user(
        username=username,
        email=f"{username.lower()}@example.org",
        password=password,
        is_staff=is_staff,
        is_superuser=is_staff,
        trust_level=trust_level,
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    if verified:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def make_space(name: str | None = None, **fields: object) -> Space:
    number = next(_sequence)
    name = name or f"Space {number}"
    return Space.objects.create(name=name, slug=f"space-{number}", **fields)


def make_topic(
    author: User,
    space: Space | None = None,
    *,
    title: str = "Ein neues Rad",
    body: str = "Hallo **Welt**",
) -> Topic:
    return actions.create_topic(author=author, space=space or make_space(), title=title, body=body)


def make_reply(author: User, topic: Topic, body: str = "Eine Antwort") -> Post:
    return actions.create_reply(author=author, topic=topic, body=body)


def image_upload(
    name: str = "bild.png",
    size: tuple[int, int] = (320, 200),
    fmt: str = "PNG",
    exif: bytes | None = None,
) -> SimpleUploadedFile:
    picture = PILImage.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if exif is not None:
        picture.save(out, fmt, exif=exif)
    else:
        picture.save(out, fmt)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def session_queries() -> int:
    """The queries a logged-in request spends reading its session: none where they are cached."""
    from django.conf import settings

    return 0 if settings.SESSION_ENGINE.endswith("cached_db") else 1
