"""The console's languages: Babel message catalogues behind Jinja2's i18n extension.

English is the source language (the msgids); Simplified Chinese comes from
``locales/zh/LC_MESSAGES/messages.po``, read with Babel and compiled in memory at start-up
(no build step, nothing fetched). Each language gets its own Jinja environment with its
translations installed, so concurrent requests in different languages never share state.
The reader's language: the switch's cookie if set, else the best ``Accept-Language`` match,
else English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from service.console import labels, render

LANGUAGES = ("zh", "en")
DEFAULT = "en"
COOKIE = "piiguard_lang"
LOCALES = Path(__file__).resolve().parent / "locales"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_MAX_HEADER = 500  # an Accept-Language longer than this is not parsed (bounded work)


def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for ``language`` (English: the msgids themselves)."""
    if language == DEFAULT:
        return gettext.NullTranslations()
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        messages = read_po(po, locale=language)
    compiled = BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-", 1)[0]


def from_accept_language(header: str | None) -> str | None:
    """The best of LANGUAGES in an ``Accept-Language`` header, by q-value (None: no match)."""
    if not header or len(header) > _MAX_HEADER:
        return None
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = _primary(tag)
        if language in LANGUAGES and quality > 0:
            candidate = (quality, -position, language)
            best = candidate if best is None or candidate > best else best
    return best[2] if best else None


def choose(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(accept_language) or DEFAULT


def utc_time(moment: datetime | None, with_seconds: bool = False) -> Markup:
    """A ``<time>`` in UTC with an explicit marker; console.js shows it in local time."""
    if moment is None:
        return Markup("—")
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    utc = aware.astimezone(UTC)
    shown = utc.strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup('<time datetime="{}" data-utc>{} UTC</time>').format(stamp, shown)


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    templates: Jinja2Templates
    gettext: Callable[[str], str]


def _language(code: str) -> Language:
    translations = catalogue(code)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    templates = Jinja2Templates(env=env)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    tr = translations.gettext
    env.globals.update(
        pieces=render.pieces,
        clock=render.clock,
        when=utc_time,
        lang=code,
        quotes_the_turn=labels.quotes_the_turn,
        languages=LANGUAGES,
    )
    env.filters.update(
        entity_name=labels.entity_namer(code, tr),
        signal_name=labels.signal_namer(tr, code),
        disposition_name=labels.namer(labels.DISPOSITIONS, tr),
        level_name=labels.namer(labels.LEVELS, tr),
        scam_type_name=labels.namer(labels.SCAM_TYPES, tr),
        speaker_name=labels.namer(labels.SPEAKERS, tr),
        channel_name=labels.namer(labels.CHANNELS, tr),
        action_name=labels.namer(labels.ACTIONS, tr),
    )
    return Language(code, templates, tr)


class Languages:
    """One Language per supported code, built once at import."""

    def __init__(self) -> None:
        self._by_code = {code: _language(code) for code in LANGUAGES}

    def get(self, code: str) -> Language:
        return self._by_code.get(code) or self._by_code[DEFAULT]


LANGUAGE_SET = Languages()
