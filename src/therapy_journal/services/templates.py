"""Entry templates: a title pattern, a body with headings, default tags and
whether to ask for the mood. A few are built in (``resources/entry_templates
.json``) for this app's people: before a first session, after a session, a
weekly reflection, a hard day; the person's own are kept in the vault (the
``meta`` table, as JSON), encrypted like everything else.

``{date}`` in a title becomes the entry's date, written out ("2 December
2026"). A template never overrides what the person gives: a title, tags or
text given with it are used, the template fills in the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files

from therapy_journal.services.dates import now_local
from therapy_journal.services.journal import (
    MAX_TITLE_CHARS,
    InvalidEntry,
    make_entry,
    normalize_tags,
)
from therapy_journal.services.reference import BadReferenceData
from therapy_journal.store.models import NewEntry
from therapy_journal.store.vault import Vault

log = logging.getLogger(__name__)

META_KEY = "entry_templates"
MAX_OWN = 100
MAX_NAME_CHARS = 80
MAX_TEMPLATE_BODY = 100_000


class InvalidTemplate(ValueError):
    """A template that cannot be kept or used as given."""


class TemplateNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"There is no template named '{name}'; 'template list' shows them.")


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    title: str  # may hold {date}
    body: str
    tags: tuple[str, ...] = ()
    ask_mood: bool = False
    builtin: bool = False

    def title_for(self, when: datetime) -> str:
        return self.title.replace("{date}", f"{when.day} {when:%B %Y}")

    def entry(
        self,
        when: datetime | None = None,
        *,
        title: str = "",
        text: str = "",
        tags: Sequence[str] = (),
        mood: int | None = None,
    ) -> NewEntry:
        """A new entry from this template; what the person gives wins."""
        moment = when or now_local()
        body = self.body if not text.strip() else self.body.rstrip() + "\n\n" + text
        return make_entry(
            title=title or self.title_for(moment),
            body=body,
            mood=mood,
            tags=[*self.tags, *tags],
            created=when,
        )


def _checked(item: object, *, builtin: bool) -> Template:
    if not isinstance(item, dict):
        raise BadReferenceData("a template is not an object")
    try:
        template = Template(
            id=str(item["id"]),
            name=str(item["name"]).strip(),
            title=str(item.get("title", "")),
            body=str(item.get("body", "")),
            tags=normalize_tags(item.get("tags") or ()),
            ask_mood=item.get("ask_mood") is True,
            builtin=builtin,
        )
    except (KeyError, TypeError, InvalidEntry) as error:
        raise BadReferenceData(f"a template is not complete ({error})") from None
    if not template.name or len(template.name) > MAX_NAME_CHARS:
        raise BadReferenceData(f"template {template.id} has no usable name")
    return template


@cache
def builtin_templates() -> tuple[Template, ...]:
    raw = files("therapy_journal.resources").joinpath("entry_templates.json").read_text("utf-8")
    return tuple(_checked(item, builtin=True) for item in json.loads(raw)["templates"])


class TemplateService:
    """The built-in templates and the person's own, in one unlocked vault."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def own(self) -> list[Template]:
        raw = self.vault.db.scalar("SELECT value FROM meta WHERE key = ?", (META_KEY,))
        if raw is None:
            return []
        try:
            items = json.loads(str(raw))
            return [_checked(item, builtin=False) for item in items]
        except (ValueError, BadReferenceData):
            log.warning("the stored templates could not be read; showing the built-in ones")
            return []

    def all(self) -> list[Template]:
        return [*builtin_templates(), *self.own()]

    def get(self, name: str) -> Template:
        """The template called ``name`` (or with that id), ignoring case."""
        wanted = name.strip().casefold()
        for template in self.all():
            if wanted in (template.name.casefold(), template.id.casefold()):
                return template
        raise TemplateNotFound(name)

    def add(
        self,
        name: str,
        body: str,
        title: str = "",
        tags: Sequence[str] = (),
        ask_mood: bool = False,
    ) -> Template:
        name = " ".join(name.split())
        if not name:
            raise InvalidTemplate("A template needs a name.")
        if len(name) > MAX_NAME_CHARS:
            raise InvalidTemplate(f"A template's name can be at most {MAX_NAME_CHARS} characters.")
        if len(title) > MAX_TITLE_CHARS:
            raise InvalidTemplate(
                f"A template's title can be at most {MAX_TITLE_CHARS} characters."
            )
        if len(body) > MAX_TEMPLATE_BODY:
            raise InvalidTemplate("A template's text can be at most 100,000 characters.")
        try:
            tags = normalize_tags(tags)
        except InvalidEntry as error:
            raise InvalidTemplate(str(error)) from None
        with self.vault.db.transaction():
            own = self.own()
            if any(name.casefold() in (t.name.casefold(), t.id) for t in self.all()):
                raise InvalidTemplate(f"There is already a template named '{name}'.")
            if len(own) >= MAX_OWN:
                raise InvalidTemplate(f"You can keep at most {MAX_OWN} templates of your own.")
            number = max(
                (int(t.id.split("-")[1]) for t in own if t.id.startswith("own-")), default=0
            )
            template = Template(f"own-{number + 1}", name, title, body, tags, ask_mood)
            self._store([*own, template])
        return template

    def delete(self, name: str) -> Template:
        with self.vault.db.transaction():
            template = self.get(name)
            if template.builtin:
                raise InvalidTemplate(f"'{template.name}' is built in and cannot be deleted.")
            self._store([t for t in self.own() if t.id != template.id])
        return template

    def _store(self, templates: list[Template]) -> None:
        value = json.dumps(
            [{k: v for k, v in asdict(t).items() if k != "builtin"} for t in templates],
            ensure_ascii=False,
        )
        self.vault.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (META_KEY, value),
        )
