"""Reads of the trust app: the suggested co-moderators."""

from dataclasses import dataclass

from django.db.models import Q

from mundwerk.spaces.models import Membership, Space
from mundwerk.trust.models import MemberInfluence, MemberTrust, ModeratorInvitation
from mundwerk.trust.records import flag_counts, recently_sanctioned

# Look at this many of each space's most influential members.
CANDIDATES_PER_SPACE = 30
SUGGESTIONS_PER_SPACE = 5
MIN_POSTS = 5
MIN_PEOPLE = 3
MIN_LEVEL = 2


@dataclass
class Suggestion:
    influence: MemberInfluence
    trust: MemberTrust | None
    flags_upheld: int
    flags_rejected: int
    invited: bool


@dataclass
class SpaceSuggestions:
    space: Space
    suggestions: list[Suggestion]


def suggested_moderators(per_space: int = SUGGESTIONS_PER_SPACE) -> list[SpaceSuggestions]:
    """Per live space, influential and active members with a clean record; four queries.

    Left out: those who moderate the space already, below trust level 2, with
    fewer than MIN_POSTS posts or MIN_PEOPLE distinct responders there, with
    more upheld than rejected flags (or any upheld flag within the record),
    or silenced, suspended or banned in the last months.
    """
    rows = list(
        MemberInfluence.objects.filter(
            rank__lte=CANDIDATES_PER_SPACE,
            space__deleted_at__isnull=True,
            member__is_active=True,
            member__trust_level__gte=MIN_LEVEL,
            posts__gte=MIN_POSTS,
            people__gte=MIN_PEOPLE,
        )
        .exclude(member__banned_at__isnull=False)
        .select_related("space", "member", "member__trust")
        .order_by("space__position", "space__name", "rank")
    )
    pairs = Q(pk__in=[])
    for row in rows:
        pairs |= Q(space_id=row.space_id, member_id=row.member_id)
    moderating = set(
        Membership.objects.filter(
            pairs, role__in=[Membership.Role.OWNER, Membership.Role.MODERATOR]
        ).values_list("space_id", "member_id")
    )
    invited = set(
        ModeratorInvitation.objects.filter(
            pairs, accepted_at__isnull=True, declined_at__isnull=True
        ).values_list("space_id", "member_id")
    )
    flags = flag_counts({row.member_id for row in rows})
    grouped: dict[int, SpaceSuggestions] = {}
    for row in rows:
        key = (row.space_id, row.member_id)
        record = flags.get(row.member_id)
        upheld, rejected = (record.upheld, record.rejected) if record else (0, 0)
        if key in moderating or upheld > rejected or recently_sanctioned(row.member):
            continue
        group = grouped.setdefault(row.space_id, SpaceSuggestions(row.space, []))
        if len(group.suggestions) < per_space:
            trust = getattr(row.member, "trust", None)
            group.suggestions.append(Suggestion(row, trust, upheld, rejected, key in invited))
    return list(grouped.values())
