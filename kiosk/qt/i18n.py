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
    """Swaps the installed QTranslator and asks QML to re-evaluate every qsTr()."""

    def __init__(self, engine: QQmlEngine) -> None:
        self.engine = engine
        self.translator: QTranslator | None = None
        self.code = SOURCE_LANGUAGE

    def set(self, code: str) -> None:
        if code == self.code:
            return
        app = QCoreApplication.instance()
        if self.translator is not None and app is not None:
            app.removeTranslator(self.translator)
            self.translator = None
        if base(code) != SOURCE_LANGUAGE:
            translator = QTranslator(self.engine)
            path = translations_dir() / f"kiosk_{base(code)}.qm"
            if translator.load(str(path)) and app is not None:
                app.installTranslator(translator)
                self.translator = translator
            else:
                log.error("no UI translation for %s at %s; the buttons stay in English", code, path)
        self.code = code
        self.engine.retranslate()
