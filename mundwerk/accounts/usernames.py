"""Rules for the pseudonyms members choose."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 30

# Names that would let someone pass for the house or shadow a URL.
# fmt: off
RESERVED_USERNAMES = frozenset(
    {
        "admin", "administrator", "root", "staff", "mundwerk", "moderator", "mod", "mods",
        "system", "support", "help", "official", "team", "owner", "security", "abuse",
        "postmaster", "hostmaster", "webmaster", "noreply", "no-reply", "info", "api", "www",
        "mail", "accounts", "account", "settings", "static", "media", "u", "s", "t", "p",
        "tags", "search", "login", "logout", "signup", "anonymous", "null", "none",
        "undefined", "everyone", "all", "here", "redaktion",
    }
)
# fmt: on

_POSSIBLE_USERNAME = re.compile(rf"[A-Za-z0-9_.-]{{1,{USERNAME_MAX_LENGTH}}}")


def is_possible_username(name: str) -> bool:
    """Whether some member could be called `name`: a cheap check before any query.

    Also keeps NUL bytes and other strange input away from the database.
    """
    return _POSSIBLE_USERNAME.fullmatch(name) is not None


username_characters = RegexValidator(
    r"^[A-Za-z0-9_.-]+\Z",
    _("Use only letters a–z, digits and the characters _ - ."),  # noqa: RUF001
    code="invalid_characters",
)


def username_length(value: str) -> None:
    if not 3 <= len(value) <= USERNAME_MAX_LENGTH:
        raise ValidationError(
            _("A username has 3 to %(max)d characters."),
            code="invalid_length",
            params={"max": USERNAME_MAX_LENGTH},
        )


# The edges matter for mentions: "@anna." ends a sentence, it does not name "anna.".
username_edges = RegexValidator(
    r"^[A-Za-z0-9_](.*[A-Za-z0-9_])?\Z",
    _("A username starts and ends with a letter, a digit or _."),
    code="invalid_edges",
)


def username_not_reserved(value: str) -> None:
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError(_("This username is reserved."), code="reserved")


# Sign-up applies all of these. The model field checks only length and
# characters, so staff can still create a reserved name in the admin.
USERNAME_VALIDATORS = [username_length, username_characters, username_edges, username_not_reserved]
