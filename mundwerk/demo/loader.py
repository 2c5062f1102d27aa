"""Write the demo community into an empty database, through the real actions.

Posts are written in the order of a planned timeline, so ids, post numbers and
times agree; afterwards the times are moved into the past weeks so the
community looks alive. Everything runs in one transaction: a failure leaves no
half-loaded demo behind.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from mundwerk.accounts.actions import mark_email_verified
from mundwerk.accounts.models import User
from mundwerk.core.markdown import render_markdown
from mundwerk.core.models import SiteSettings
from mundwerk.demo.chatter import CHATTER, SPACE_TAGS
from mundwerk.demo.content import MEMBERS, SITE, SPACES, STAFF, Member, Thread
from mundwerk.demo.pictures import picture_alt_text, picture_jpeg
from mundwerk.demo.topics import THREADS
from mundwerk.events.demo import load_demo_events
from mundwerk.notifications.actions import save_preferences
from mundwerk.notifications.models import Preferences
from mundwerk.posts import actions
from mundwerk.posts.images import ProcessedImage, process_image
from mundwerk.posts.models import Image, Like, Post, Revision, Tag, Topic
from mundwerk.reviews.demo import load_demo_reviews
from mundwerk.social import actions as social_actions
from mundwerk.spaces import actions as space_actions
from mundwerk.spaces.models import Space
from mundwerk.trust.screening import screening_paused

DEMO_SEED = 1989
HISTORY = timedelta(days=42)
STAFF_USERNAME = STAFF.username


@dataclass
class PlannedPost:
    """One post of the timeline: which thread, which place in it, when and by whom."""

    at: datetime
    thread: int
    number: int
    author: str
    body: str
    quote: int | None = None


@dataclass
class DemoSummary:
    spaces: int
    members: int
    topics: int
    posts: int
    likes: int
    images: int
    follows: int
    staff_username: str
    staff_password: str
    groups: int = 0
    events: int = 0
    reviews: int = 0


def new_staff_password() -> str:
    """Return a fresh random password for the demo's staff account."""
    return secrets.token_urlsafe(12)


def reset_staff_password() -> str | None:
    """Give the demo staff account a new random password; None if there is no such account."""
    staff = User.objects.filter(username=STAFF_USERNAME, is_staff=True).first()
    if staff is None:
        return None
    password = new_staff_password()
    staff.set_password(password)
    staff.is_active = True
    staff.save(update_fields=["password", "is_active"])
    return password


def load_demo(*, seed: int = DEMO_SEED, now: datetime | None = None) -> DemoSummary:
    """Create the Radwerk Südstadt community: site, spaces, members, topics, posts, likes.

    Expects a database without spaces. The same seed gives the same community,
    placed in the weeks before `now`.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    password = new_staff_password()
    # The demo writes months of history in seconds: the spam rules for people
    # would refuse its pace; its members are regulars (trust level 2).
    with transaction.atomic(), screening_paused():
        _configure_site()
        spaces = _create_spaces(now)
        people = {member.username: _create_member(member) for member in MEMBERS}
        people[STAFF_USERNAME] = _create_member(STAFF, password=password, is_staff=True)
        plan = plan_timeline(rng, now, THREADS)
        posts = _write_timeline(plan, spaces, people)
        times = {key: planned.at for key, planned in zip(posts, plan, strict=True)}
        edited = _apply_edits(rng, now, posts, times, people)
        _add_likes(rng, posts, people)
        follows = _add_connections(rng, spaces, posts, people)
        _backdate(rng, now, posts, times, edited, people)
        groups = _create_groups(people)
        events = load_demo_events(now, people, {**spaces, **groups})
        reviews = load_demo_reviews(now, people, people[STAFF_USERNAME])
        _settle_last_posts()
    return DemoSummary(
        spaces=len(spaces),
        members=len(people),
        topics=Topic.objects.count(),
        posts=Post.objects.count(),
        likes=Like.objects.count(),
        images=Image.objects.count(),
        follows=follows,
        groups=len(groups),
        events=events,
        reviews=reviews,
        staff_username=STAFF_USERNAME,
        staff_password=password,
    )


def _configure_site() -> None:
    site = SiteSettings.load()
    site.name = SITE.name
    site.tagline = SITE.tagline
    site.primary_colour = SITE.primary_colour
    site.imprint = SITE.imprint
    site.privacy_policy = SITE.privacy_policy
    site.registration_open = True
    site.save()


def _create_spaces(now: datetime) -> dict[str, Space]:
    spaces = {}
    for position, spec in enumerate(SPACES):
        spaces[spec.slug] = Space.objects.create(
            name=spec.name,
            slug=spec.slug,
            description=spec.description,
            colour=spec.colour,
            position=position * 10,
        )
    Space.objects.update(created_at=now - HISTORY - timedelta(days=14))
    return spaces


DEMO_TRUST_LEVEL = 2


def _create_member(member: Member, *, password: str | None = None, is_staff: bool = False) -> User:
    """Create a member with a confirmed address; without `password` they cannot log in."""
    email = "werkstatt@example.org" if is_staff else f"{member.username}@example.org"
    user = User.objects.create_user(
        username=member.username,
        email=email,
        password=password,
        display_name=member.display_name,
        bio=member.bio,
        bio_html=render_markdown(member.bio).html if member.bio else "",
        is_staff=is_staff,
        is_superuser=is_staff,
        trust_level=DEMO_TRUST_LEVEL,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    mark_email_verified(user)
    _no_email(user)
    return user


def _no_email(user: User) -> None:
    """The demo's members are made up: their notifications stay on the site, never mailed.

    (Otherwise the first `mundwerk demo` would print a few hundred mails to the console.)
    """
    quiet = Preferences(digest=Preferences.Digest.NEVER)
    for field in Preferences._meta.get_fields():
        if field.name.startswith("email_"):
            setattr(quiet, field.name, False)
    save_preferences(member=user, preferences=quiet, language=settings.LANGUAGE_CODE)


def plan_timeline(
    rng: random.Random, now: datetime, threads: tuple[Thread, ...]
) -> list[PlannedPost]:
    """Place every post of every thread in time, oldest first, all before `now`."""
    plan: list[PlannedPost] = []
    members = [member.username for member in MEMBERS]
    chatter: list[str] = []
    for index, thread in enumerate(threads):
        # The shop's welcome is the first thing ever written; the rest spreads over the weeks.
        age = HISTORY if index == 0 else HISTORY * rng.uniform(0.02, 0.97)
        start = now - age
        posts = [PlannedPost(start, index, 1, thread.author, thread.body)]
        for reply in thread.replies:
            author = reply.author or _someone_else(rng, members, posts[-1].author, thread.author)
            posts.append(PlannedPost(start, index, len(posts) + 1, author, reply.body, reply.quote))
        for _extra in range(rng.randint(1, 3)):
            author = _someone_else(rng, members, posts[-1].author, thread.author)
            if not chatter:  # deal the lines like cards, so each repeats as little as possible
                chatter = rng.sample(CHATTER, len(CHATTER))
            line = chatter.pop()
            body = line.replace("{op}", thread.author).replace(
                "{tag}", rng.choice(SPACE_TAGS[thread.space])
            )
            posts.append(PlannedPost(start, index, len(posts) + 1, author, body))
        _space_out(rng, posts, start, now - timedelta(minutes=5))
        plan.extend(posts)
    plan.sort(key=lambda planned: planned.at)
    return plan


def _someone_else(rng: random.Random, members: list[str], *not_these: str) -> str:
    return rng.choice([name for name in members if name not in not_these])


def _space_out(
    rng: random.Random, posts: list[PlannedPost], start: datetime, end: datetime
) -> None:
    """Give replies gaps of minutes to a day or two, squeezed to fit before `end`."""
    gaps = [min(max(rng.expovariate(1 / 7), 0.07), 60.0) for _post in posts[1:]]  # hours
    room = (end - start).total_seconds() / 3600
    scale = min(1.0, room / sum(gaps)) if gaps else 1.0
    at = start
    for post, gap in zip(posts[1:], gaps, strict=True):
        at += timedelta(hours=gap * scale)
        post.at = at


def _write_timeline(
    plan: list[PlannedPost], spaces: dict[str, Space], people: dict[str, User]
) -> dict[tuple[int, int], Post]:
    """Create the topics and replies of `plan` in order; return posts by (thread, number)."""
    topics: dict[int, Topic] = {}
    posts: dict[tuple[int, int], Post] = {}
    for planned in plan:
        thread = THREADS[planned.thread]
        author = people[planned.author]
        if planned.number == 1:
            topic = actions.create_topic(
                author=author,
                space=spaces[thread.space],
                title=thread.title,
                body=planned.body,
                images=[_picture(thread.picture)] if thread.picture else [],
            )
            topics[planned.thread] = topic
            assert topic.first_post is not None
            posts[(planned.thread, 1)] = topic.first_post
        else:
            quote_of = posts.get((planned.thread, planned.quote)) if planned.quote else None
            posts[(planned.thread, planned.number)] = actions.create_reply(
                author=author, topic=topics[planned.thread], body=planned.body, quote_of=quote_of
            )
    return posts


def _picture(name: str) -> ProcessedImage:
    upload = SimpleUploadedFile(f"{name}.jpg", picture_jpeg(name), content_type="image/jpeg")
    processed = process_image(upload)
    processed.alt_text = picture_alt_text(name)
    return processed


def _apply_edits(
    rng: random.Random,
    now: datetime,
    posts: dict[tuple[int, int], Post],
    times: dict[tuple[int, int], datetime],
    people: dict[str, User],
) -> dict[int, datetime]:
    """Make the edits the threads describe; return when each edited post was changed."""
    edited: dict[int, datetime] = {}
    for index, thread in enumerate(THREADS):
        last = max(at for (number_thread, _n), at in times.items() if number_thread == index)
        for edit in thread.edits:
            post = posts[(index, edit.number)]
            editor = people[edit.editor] if edit.editor else post.author
            changed = actions.edit_post(
                editor=editor, post=post, body=f"{post.body}\n\n{edit.addition}"
            )
            posts[(index, edit.number)] = changed
            edited[changed.pk] = min(last + timedelta(minutes=rng.uniform(10, 240)), now)
    return edited


def _add_likes(
    rng: random.Random, posts: dict[tuple[int, int], Post], people: dict[str, User]
) -> None:
    everyone = list(people.values())
    for (_thread, number), post in posts.items():
        count = rng.choices((0, 1, 2, 3, 5, 8), weights=(30, 25, 18, 12, 10, 5))[0]
        if number == 1:
            count += 2
        fans = [person for person in everyone if person.pk != post.author_id]
        for fan in rng.sample(fans, min(count, len(fans))):
            actions.like_post(user=fan, post=post)


def _add_connections(
    rng: random.Random,
    spaces: dict[str, Space],
    posts: dict[tuple[int, int], Post],
    people: dict[str, User],
) -> int:
    """Let members follow each other (the busiest writers most), spaces and tags, and share a few
    well-liked posts, so the feed has something to show. Returns the number of member follows."""
    members = [person for name, person in people.items() if name != STAFF_USERNAME]
    writers = sorted(members, key=lambda person: -Post.objects.filter(author=person).count())
    follows = 0
    # Staff too: the demo's staff login is the first account a visitor tries, and its
    # feed should show something.
    for person in [*members, people[STAFF_USERNAME]]:
        others = [other for other in writers if other.pk != person.pk]
        # Popular writers are followed more: weight by rank.
        weights = [1 / (rank + 1) for rank in range(len(others))]
        chosen = {id(o): o for o in rng.choices(others, weights=weights, k=rng.randint(3, 8))}
        for other in chosen.values():
            follows += social_actions.follow_member(follower=person, member=other)
        for space in rng.sample(list(spaces.values()), rng.randint(1, 3)):
            social_actions.follow_space(member=person, space=space)
        for name in rng.sample(sorted({t for tags in SPACE_TAGS.values() for t in tags}), 2):
            tag = Tag.objects.filter(name=name).first()
            if tag is not None:
                social_actions.follow_tag(member=person, tag=tag)
    favourites = sorted(posts.values(), key=lambda post: -Post.objects.get(pk=post.pk).like_count)
    for post in favourites[:6]:
        for sharer in rng.sample(members, 2):
            if sharer.pk != post.author_id:
                social_actions.share_post(
                    sharer=sharer, post=post, comment=rng.choice(SHARE_COMMENTS)
                )
    return follows


@dataclass(frozen=True)
class GroupPlan:
    name: str
    description: str
    visibility: str
    join_policy: str
    founder: str
    members: tuple[str, ...]
    topic: tuple[str, str, str]  # author, title, body
    replies: tuple[tuple[str, str], ...]


GROUPS = (
    GroupPlan(
        "Rennrad-Treff Dienstag",
        "Wir fahren jeden Dienstag um 18 Uhr ab Laden, 60 bis 80 km, Schnitt um die 28. "
        "Wer mitfahren will, tritt einfach bei.",
        Space.Visibility.PUBLIC,
        Space.JoinPolicy.OPEN,
        "rennrad_ronja",
        ("bergziege87", "gravel_gustav", "fixie_finn", "pendler_paul"),
        (
            "rennrad_ronja",
            "Strecke für nächsten Dienstag",
            "Ich schlage die Runde über den Kammweg vor, 72 km. Wer ist dabei?",
        ),
        (
            ("bergziege87", "Bin dabei, aber bitte nicht wieder 32er Schnitt am Berg 😅"),
            ("gravel_gustav", "Wenn es trocken bleibt, komme ich mit."),
        ),
    ),
    GroupPlan(
        "Lastenrad-Eltern",
        "Erfahrungen mit Kindertransport, Regenverdeck und Kita-Parkplätzen. "
        "Nur für Mitglieder lesbar, damit wir offen über Kinder und Alltag schreiben können.",
        Space.Visibility.PRIVATE,
        Space.JoinPolicy.REQUEST,
        "lastenrad_lena",
        ("klingel_karl", "jule_radelt"),
        (
            "lastenrad_lena",
            "Regenverdeck: welches hält wirklich dicht?",
            "Unser Verdeck ist nach zwei Wintern undicht. Was habt ihr?",
        ),
        (("klingel_karl", "Wir haben das vom Hersteller, nach drei Jahren noch dicht."),),
    ),
)


def _create_groups(people: dict[str, User]) -> dict[str, Space]:
    """Found a public and a private group, with members and a topic each."""
    groups = {}
    for plan in GROUPS:
        founder = people[plan.founder]
        group = space_actions.create_group(
            founder=founder,
            name=plan.name,
            description=plan.description,
            visibility=plan.visibility,
            join_policy=plan.join_policy,
        )
        for name in plan.members:
            invitation = space_actions.invite_member(
                space=group, inviter=founder, invitee=people[name]
            )
            space_actions.accept_invitation(invitation=invitation, member=people[name])
        author, title, body = plan.topic
        topic = actions.create_topic(author=people[author], space=group, title=title, body=body)
        for name, text in plan.replies:
            actions.create_reply(author=people[name], topic=topic, body=text)
        groups[group.slug] = group
    return groups


SHARE_COMMENTS = (
    "Das solltet ihr lesen.",
    "Genau mein Thema!",
    "Sehr hilfreich, danke dafür.",
    "",
)


def _backdate(
    rng: random.Random,
    now: datetime,
    posts: dict[tuple[int, int], Post],
    times: dict[tuple[int, int], datetime],
    edited: dict[int, datetime],
    people: dict[str, User],
) -> None:
    """Move every timestamp from the moment of loading to its place in the timeline."""
    by_pk = {post.pk: times[key] for key, post in posts.items()}
    rows = list(Post.objects.all())
    for post in rows:
        post.created_at = by_pk[post.pk]
        post.edited_at = edited.get(post.pk)
    Post.objects.bulk_update(rows, ["created_at", "edited_at"], batch_size=200)

    revisions = list(Revision.objects.all())
    for revision in revisions:
        assert revision.post_id is not None
        written = by_pk[revision.post_id]
        revision.created_at = written if revision.number == 1 else edited[revision.post_id]
    Revision.objects.bulk_update(revisions, ["created_at"], batch_size=200)

    likes = list(Like.objects.order_by("pk"))
    for like in likes:
        after = timedelta(minutes=rng.uniform(3, 36 * 60))
        like.created_at = min(by_pk[like.post_id] + after, now)
    Like.objects.bulk_update(likes, ["created_at"], batch_size=500)

    for image in Image.objects.all():
        if image.post_id is not None:
            Image.objects.filter(pk=image.pk).update(created_at=by_pk[image.post_id])

    topics = list(Topic.objects.all())
    for topic in topics:
        thread_times = [by_pk[pk] for pk in topic.posts.values_list("pk", flat=True)]
        topic.created_at, topic.last_post_at = min(thread_times), max(thread_times)
    Topic.objects.bulk_update(topics, ["created_at", "last_post_at"])
    for space in Space.objects.all():
        latest = space.topics.aggregate(latest=Max("last_post_at"))["latest"]
        Space.objects.filter(pk=space.pk).update(last_post_at=latest)

    _backdate_members(rng, now, by_pk, people)


def _settle_last_posts() -> None:
    """Make every topic's and space's "last post" time that of its newest post.

    Groups' and events' topics are written after the history was backdated,
    each with its own clock readings.
    """
    newest = Post.objects.filter(topic=OuterRef("pk")).order_by("-created_at").values("created_at")
    Topic.objects.update(last_post_at=Subquery(newest[:1]))
    latest = Topic.objects.filter(space=OuterRef("pk")).order_by("-last_post_at")
    Space.objects.update(last_post_at=Subquery(latest.values("last_post_at")[:1]))


def _backdate_members(
    rng: random.Random, now: datetime, by_pk: dict[int, datetime], people: dict[str, User]
) -> None:
    first_post: dict[int, datetime] = {}
    for pk, author_id in Post.objects.values_list("pk", "author_id"):
        first_post[author_id] = min(first_post.get(author_id, now), by_pk[pk])
    for user in people.values():
        if user.username == STAFF_USERNAME:
            joined = now - HISTORY - timedelta(days=21)
        else:
            joined = first_post.get(user.pk, now) - timedelta(days=rng.uniform(0.5, 30))
        user.date_joined = joined
        user.email_verified_at = joined + timedelta(minutes=rng.uniform(1, 20))
    User.objects.bulk_update(list(people.values()), ["date_joined", "email_verified_at"])
