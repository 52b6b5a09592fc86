"""The support network, for the two people the app speaks to.

A person looking for therapy, or in it, sees the parts of a network anyone
can lean on: friends, family, peer and support groups, community, their own
care team, and crisis and support lines. They are never told they lack
"clinical supervision". A mental-health professional (a setting: ``professional``
in the settings file) sees the professional parts first (supervision, peer
consultation, associations, training), then the personal ones, and a checklist
of the challenges the work brings, with what tends to help each.

Nothing here hides a contact: someone filed under a part this audience does not
list is still shown, under that part, after the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from therapy_journal.locations import config_folder
from therapy_journal.services.contact_model import SUPPORT_ROLES, Contact
from therapy_journal.services.reference import Prompt, prompt_library
from therapy_journal.store.vault import Vault

SETTINGS_FILE = "settings.json"
PROFESSIONAL_KEY = "professional"
DEFAULT_ROLE = "friends"  # where a support contact with no part said goes

# The parts of a network, in the order each audience sees them (ids of SUPPORT_ROLES).
PERSONAL_ROLES: tuple[str, ...] = (
    "friends",
    "family",
    "peer_support",
    "community",
    "hobbies",
    "care_team",
    "crisis_lines",
)
PROFESSIONAL_ROLES: tuple[str, ...] = (
    "supervision",
    "peer_consultation",
    "professional",
    "training",
    "friends",
    "family",
    "peer_support",
    "community",
    "hobbies",
    "care_team",
    "crisis_lines",
)
# Parts not worth pointing out as empty: a crisis line is kept in Help, not as a person.
NOT_NAMED_WHEN_EMPTY = frozenset({"crisis_lines"})


def professional_setting() -> bool:
    """Whether the person said, in Settings, that they work in mental health."""
    try:
        raw = json.loads((config_folder() / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(raw, dict) and raw.get(PROFESSIONAL_KEY) is True


def roles(professional: bool) -> dict[str, str]:
    """The parts of a network this audience sees, id to label, in order."""
    order = PROFESSIONAL_ROLES if professional else PERSONAL_ROLES
    return {role: SUPPORT_ROLES[role] for role in order}


def network(contacts: Iterable[Contact], professional: bool) -> dict[str, list[Contact]]:
    """Support contacts by the part they play: every part of this audience (empty
    ones too), then any other part someone was filed under."""
    groups: dict[str, list[Contact]] = {role: [] for role in roles(professional)}
    for contact in contacts:
        if contact.kind == "support":
            groups.setdefault(contact.support_role or DEFAULT_ROLE, []).append(contact)
    return groups


def empty_roles(groups: dict[str, list[Contact]], professional: bool) -> list[str]:
    """Labels of this audience's parts with no one in them yet, to mention gently."""
    return [
        label
        for role, label in roles(professional).items()
        if not groups.get(role) and role not in NOT_NAMED_WHEN_EMPTY
    ]


# -- the challenges of clinical work (shown to professionals only) --------------------------


@dataclass(frozen=True)
class Challenge:
    id: str
    label: str
    about: str  # one plain sentence
    helps: tuple[str, ...]  # parts of the network that tend to help (SUPPORT_ROLES ids)


CHALLENGES: tuple[Challenge, ...] = (
    Challenge(
        "isolation",
        "Isolation",
        "Working alone or in a small practice, with few people who understand the work.",
        ("peer_consultation", "professional"),
    ),
    Challenge(
        "hard_decisions",
        "Hard clinical decisions",
        "Risk, safety, ethics or boundaries that you would rather not weigh alone.",
        ("supervision", "peer_consultation"),
    ),
    Challenge(
        "caseload",
        "Caseload",
        "More clients, or more complex ones, than you can hold well.",
        ("supervision", "peer_consultation"),
    ),
    Challenge(
        "admin",
        "Administrative load",
        "Notes, billing, insurers and scheduling eating into rest and clinical time.",
        ("professional", "training"),
    ),
    Challenge(
        "trauma_exposure",
        "Exposure to trauma",
        "Hearing about trauma often, which can change how you feel and see the world.",
        ("supervision", "care_team"),
    ),
    Challenge(
        "personal",
        "Personal matters",
        "Illness, loss or changes at home that make the work heavier for a while.",
        ("care_team", "friends", "family"),
    ),
)
_CHECKED_KEY = "support_challenges"  # in the meta table: a JSON list of challenge ids


class ChallengeChecklist:
    """Which challenges a professional has ticked, kept in the vault."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def checked(self) -> frozenset[str]:
        raw = self.vault.db.scalar("SELECT value FROM meta WHERE key = ?", (_CHECKED_KEY,))
        try:
            found = json.loads(raw) if raw else []
        except ValueError:
            found = []
        known = {challenge.id for challenge in CHALLENGES}
        return frozenset(item for item in found if isinstance(item, str) and item in known)

    def set_checked(self, challenge_id: str, checked: bool) -> None:
        if challenge_id not in {challenge.id for challenge in CHALLENGES}:
            raise KeyError(challenge_id)
        now = set(self.checked())
        now = now | {challenge_id} if checked else now - {challenge_id}
        order = [challenge.id for challenge in CHALLENGES if challenge.id in now]
        with self.vault.db.transaction():
            self.vault.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (_CHECKED_KEY, json.dumps(order)),
            )

    def helps(self) -> list[str]:
        """Labels of the parts of a network that help with what is ticked, in order."""
        wanted = {role for c in CHALLENGES if c.id in self.checked() for role in c.helps}
        return [label for role, label in roles(True).items() if role in wanted]


# -- prompts for the hardest parts of the work (professionals only) -------------------------

# Topic tag of a prompt in prompts.json -> what the offer to write about it says.
PROMPT_TOPICS: dict[str, str] = {
    "burnout": "Burnout",
    "vicarious_trauma": "Vicarious trauma",
}


def prompts_on_the_work() -> list[tuple[str, Prompt]]:
    """(topic label, prompt) for burnout and vicarious trauma, in that order:
    the library's prompts tagged ``topic:ID`` (shown to professionals only)."""
    _, library = prompt_library()
    found = []
    for topic, label in PROMPT_TOPICS.items():
        prompt = next((p for p in library if f"topic:{topic}" in p.tags), None)
        if prompt is not None:
            found.append((label, prompt))
    return found
