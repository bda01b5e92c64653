"""UI strings in the patient's language, with Qt's own tooling: qsTr() in QML,
translations/kiosk_<lang>.ts edited with Qt Linguist (or by hand), compiled to .qm."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtQml import QQmlEngine

from ..core.languages import base
from ..core.paths import bundle_root

log = logging.getLogger(__name__)
SOURCE_LANGUAGE = "en"


def translations_dir() -> Path:
    return bundle_root() / "translations"


class UiLanguage:
    """Swaps the installed QTranslator and asks QML to re-evaluate every qsTr().

    Each language's translator is loaded once and kept: a new one per change (the old one
    only removed, never freed) grew the kiosk by a translator and its strings per patient.
    """

    def __init__(self, engine: QQmlEngine) -> None:
        self.engine = engine
        self.translator: QTranslator | None = None
        self._loaded: dict[str, QTranslator] = {}
        self.code = SOURCE_LANGUAGE

    def _translator(self, language: str) -> QTranslator | None:
        """The loaded translator for ``language`` (a base code), or None when it has no file."""
        if language not in self._loaded:
            translator = QTranslator(self.engine)
            path = translations_dir() / f"kiosk_{language}.qm"
            if not translator.load(str(path)):
                log.error("no UI translation for %s at %s; the buttons stay in English", language, path)
                translator.deleteLater()
                return None
            self._loaded[language] = translator
        return self._loaded[language]

    def words(self, code: str, context: str, english: str) -> str:
        """``english`` (a qsTr() string of the QML file ``context``) in language ``code``, whatever
        language is installed now; untranslated: the English."""
        translator = self._translator(base(code)) if base(code) != SOURCE_LANGUAGE else None
        return (translator.translate(context, english) if translator is not None else "") or english

    def set(self, code: str) -> None:
        if code == self.code:
            return
        app = QCoreApplication.instance()
        if self.translator is not None and app is not None:
            app.removeTranslator(self.translator)
            self.translator = None
        if base(code) != SOURCE_LANGUAGE and app is not None:
            translator = self._translator(base(code))
            if translator is not None:
                app.installTranslator(translator)
                self.translator = translator
        self.code = code
        self.engine.retranslate()
