"""Discovering recognizers: spec files in a folder and installed plugin packages.

A *recognizer pack* is a folder of specs (``*.yaml``) and, where code is needed, Python
modules:

* ``name.yaml`` - a spec (see :mod:`piiguard.spec`); a sibling ``name.py`` may define
  ``validate(value) -> bool`` and/or ``invalidate(value) -> bool``;
* ``name.py`` without a YAML sibling - a module defining presidio ``EntityRecognizer``
  subclasses; each class is instantiated once per language in its
  ``SUPPORTED_LANGUAGES`` (default: en, zh) and may carry an ``examples`` attribute
  (``{"match": [...], "no_match": [...]}``) that the test suite runs, and a ``TYPE``
  dict declaring its entity type (the shape of a spec's ``type:``, see
  :mod:`piiguard.types`).

An entity type is declared once in a pack (a second declaration is an error naming both
files); :attr:`RecognizerPack.types` holds the declarations by type.

Installed packages add recognizers through the ``piiguard.recognizers`` entry point
group; an entry point names a folder-returning callable, a module, or a recognizer class.

The library never imports the repository's ``recognizers/`` as a package: it is handed
the folder, so nothing on ``sys.path`` can shadow it.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from presidio_analyzer import EntityRecognizer

from piiguard.errors import ConfigError
from piiguard.recognizer import RecognizerHooks, SpecRecognizer
from piiguard.spec import RecognizerSpec, load_spec_file, parse_example
from piiguard.types import TypeDeclaration, parse_type

__all__ = ["LoadedRecognizer", "RecognizerPack", "load_pack"]

ENTRY_POINT_GROUP = "piiguard.recognizers"
DEFAULT_LANGUAGES = ("en", "zh")


@dataclass(frozen=True, slots=True)
class LoadedRecognizer:
    """One recognizer of the pack, before it is instantiated per language."""

    name: str
    entity: str
    languages: tuple[str, ...]
    source: str
    spec: RecognizerSpec | None = None
    hooks: RecognizerHooks | None = None
    cls: type[EntityRecognizer] | None = None
    examples: dict[str, list[str]] = field(default_factory=dict)
    declaration: TypeDeclaration | None = None

    def instantiate(self, language: str) -> EntityRecognizer:
        if self.spec is not None:
            return SpecRecognizer(self.spec, language, self.hooks)
        assert self.cls is not None
        cls: Any = self.cls  # a plugin's own __init__, not EntityRecognizer's
        try:
            return cls(supported_language=language)
        except TypeError:
            recognizer = cls()
            recognizer.supported_language = language
            return recognizer

    def example_cases(self) -> tuple[list[Any], list[Any]]:
        """(match examples, no-match examples) as :class:`piiguard.spec.Example`."""
        if self.spec is not None:
            return list(self.spec.match_examples), list(self.spec.no_match_examples)
        return (
            [parse_example(e) for e in self.examples.get("match", [])],
            [parse_example(e) for e in self.examples.get("no_match", [])],
        )


@dataclass(frozen=True, slots=True)
class RecognizerPack:
    recognizers: tuple[LoadedRecognizer, ...]

    def by_name(self, name: str) -> LoadedRecognizer:
        for r in self.recognizers:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def entities(self) -> list[str]:
        return sorted({r.entity for r in self.recognizers})

    @property
    def types(self) -> dict[str, TypeDeclaration]:
        """Every declared entity type (see :mod:`piiguard.types`), in load order."""
        return {r.entity: r.declaration for r in self.recognizers if r.declaration is not None}


def _import_path(path: Path) -> ModuleType:
    # A private module name: a recognizer file can never shadow (or be shadowed by)
    # an installed package of the same name.
    mod_name = f"_piiguard_pack_{abs(hash(str(path.resolve())))}_{path.stem}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    spec = importlib.util.spec_from_file_location(mod_name, path)
    if spec is None or spec.loader is None:
        raise ConfigError("cannot be imported", source=str(path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[mod_name]
        raise ConfigError(
            f"fails to import: {type(exc).__name__}: {exc}", source=str(path)
        ) from None
    return module


def _hooks_from(module: ModuleType, source: str) -> RecognizerHooks:
    hooks = {}
    for name in ("validate", "invalidate"):
        func = getattr(module, name, None)
        if func is not None and not callable(func):
            raise ConfigError("must be a function of one string", source=source, field=name)
        hooks[name] = func
    return RecognizerHooks(**hooks)


def _classes_from(module: ModuleType, source: str) -> list[LoadedRecognizer]:
    out = []
    for _, cls in inspect.getmembers(module, inspect.isclass):
        if cls.__module__ != module.__name__ or not issubclass(cls, EntityRecognizer):
            continue
        if inspect.isabstract(cls):
            continue
        entities = getattr(cls, "ENTITIES", None) or getattr(cls, "SUPPORTED_ENTITIES", None)
        if not entities:
            try:
                entities = cast(Any, cls)().supported_entities
            except Exception as exc:
                raise ConfigError(
                    f"class {cls.__name__} cannot be built without arguments ({exc}); "
                    "give it defaults or an ENTITIES attribute",
                    source=source,
                ) from None
        examples = getattr(cls, "examples", None) or {}
        if not isinstance(examples, dict):
            raise ConfigError(
                "must be a dict with match / no_match lists",
                source=source,
                field=f"{cls.__name__}.examples",
            )
        declared = getattr(cls, "TYPE", None)
        out.append(
            LoadedRecognizer(
                name=getattr(cls, "NAME", None) or cls.__name__,
                entity=entities[0],
                languages=tuple(getattr(cls, "SUPPORTED_LANGUAGES", DEFAULT_LANGUAGES)),
                source=source,
                cls=cls,
                examples={k: list(v) for k, v in examples.items()},
                declaration=None
                if declared is None
                else parse_type(declared, entities[0], source, f"{cls.__name__}.TYPE"),
            )
        )
    return out


def _load_folder(folder: Path) -> list[LoadedRecognizer]:
    if not folder.is_dir():
        raise ConfigError("is not a folder of recognizer specs", source=str(folder))
    loaded: list[LoadedRecognizer] = []
    yaml_stems = set()
    for path in sorted(folder.glob("*.y*ml")):
        yaml_stems.add(path.stem)
        sibling = path.with_suffix(".py")
        hooks = _hooks_from(_import_path(sibling), str(sibling)) if sibling.exists() else None
        for spec in load_spec_file(path):
            loaded.append(
                LoadedRecognizer(
                    spec.name,
                    spec.entity,
                    spec.languages,
                    spec.source,
                    spec=spec,
                    hooks=hooks,
                    declaration=spec.declaration,
                )
            )
    for path in sorted(folder.glob("*.py")):
        if path.stem in yaml_stems or path.name.startswith("_"):
            continue
        loaded.extend(_classes_from(_import_path(path), str(path)))
    return loaded


def _load_entry_points() -> list[LoadedRecognizer]:
    loaded: list[LoadedRecognizer] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = ep.load()
        except Exception as exc:
            raise ConfigError(
                f"entry point fails to load: {exc}", source=f"entry point {ep.name}"
            ) from None
        if inspect.ismodule(target):
            loaded.extend(_classes_from(target, f"entry point {ep.name}"))
        elif inspect.isclass(target):
            module = inspect.getmodule(target)
            if module is None:
                raise ConfigError(
                    "the class's module cannot be found", source=f"entry point {ep.name}"
                )
            loaded.extend(
                r for r in _classes_from(module, f"entry point {ep.name}") if r.cls is target
            )
        elif callable(target):
            loaded.extend(_load_folder(Path(target())))
        else:
            raise ConfigError(
                "must name a module, a class or a callable returning a folder",
                source=f"entry point {ep.name}",
            )
    return loaded


def load_pack(
    folders: Iterable[Path | str], *, entry_point_plugins: bool = False
) -> RecognizerPack:
    """Every recognizer in ``folders`` and, only when asked for, in installed plugin
    packages (the ``piiguard.recognizers`` entry-point group)."""
    loaded: list[LoadedRecognizer] = []
    for folder in folders:
        loaded.extend(_load_folder(Path(folder)))
    if entry_point_plugins:
        loaded.extend(_load_entry_points())
    seen: dict[str, str] = {}
    for r in loaded:
        if r.name in seen:
            raise ConfigError(
                f"recognizer name {r.name!r} is also defined in {seen[r.name]}", source=r.source
            )
        seen[r.name] = r.source
    declared: dict[str, str] = {}
    for r in loaded:
        if r.declaration is None:
            continue
        if r.entity in declared:
            raise ConfigError(
                f"entity type {r.entity} is also declared in {declared[r.entity]}; "
                "declare a type once",
                source=r.source,
                field="type",
            )
        declared[r.entity] = r.source
    return RecognizerPack(tuple(loaded))
