"""The patient's display settings: language, text size, contrast, motion, and the panel that sets them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.pageview import DisplayView
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import Actor, ViewBridge


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class DisplayBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self.show(DisplayView())

    def show(self, view: DisplayView, *, force: bool = False) -> None:
        self.publish({
            "language": view.language,
            "languageName": view.language_name,
            "languages": [{"code": c.code, "name": c.name, "english": c.english} for c in view.languages],
            "rtl": view.rtl,
            "textStep": view.text_step,
            "textScale": view.text_scale,
            "textSizes": [{"scale": size.scale, "key": size.key} for size in view.text_sizes],
            "highContrast": view.high_contrast,
            "reducedMotion": view.reduced_motion,
            "settingsOpen": view.settings_open,
            "secondLanguage": view.second_language,
            "secondRtl": view.second_rtl,
            "lineFactor": view.line_factor,
            "lineFactor2": view.line_factor2,
            "keyPoints2": view.key_points2,
            "questions2": view.questions2,
            "learn2": view.learn2,
            "learnMore2": view.learn_more2,
            "choose2": view.choose2,
        }, force=force)

    secondLanguageChanged = Signal()
    @Property(str, notify=secondLanguageChanged)
    def secondLanguage(self) -> str:
        """The language shown under the first on every page (for a family member); "": none."""
        return self.text("secondLanguage")

    secondRtlChanged = Signal()
    @Property(bool, notify=secondRtlChanged)
    def secondRtl(self) -> bool:
        return self.flag("secondRtl")

    lineFactorChanged = Signal()
    @Property(float, notify=lineFactorChanged)
    def lineFactor(self) -> float:
        """The first language's line heights against Theme.qml's (Arabic script: its font's lines are tall already)."""
        return self.real("lineFactor")

    lineFactor2Changed = Signal()
    @Property(float, notify=lineFactor2Changed)
    def lineFactor2(self) -> float:
        return self.real("lineFactor2")

    keyPoints2Changed = Signal()
    @Property(str, notify=keyPoints2Changed)
    def keyPoints2(self) -> str:
        """The key points page's heading in the second language, or ""."""
        return self.text("keyPoints2")

    questions2Changed = Signal()
    @Property(str, notify=questions2Changed)
    def questions2(self) -> str:
        """The finish screen's "Questions to ask your care team" in the second language, or ""."""
        return self.text("questions2")

    learn2Changed = Signal()
    @Property(str, notify=learn2Changed)
    def learn2(self) -> str:
        """The home screen's heading in the second language, or ""."""
        return self.text("learn2")

    learnMore2Changed = Signal()
    @Property(str, notify=learnMore2Changed)
    def learnMore2(self) -> str:
        """The finish screen's "Learn more" in the second language, or ""."""
        return self.text("learnMore2")

    choose2Changed = Signal()
    @Property(str, notify=choose2Changed)
    def choose2(self) -> str:
        """The shelves' heading in the second language, or ""."""
        return self.text("choose2")

    languageChanged = Signal()
    @Property(str, notify=languageChanged)
    def language(self) -> str:
        return self.text("language")

    languageNameChanged = Signal()
    @Property(str, notify=languageNameChanged)
    def languageName(self) -> str:
        return self.text("languageName")

    languagesChanged = Signal()
    @Property(list, notify=languagesChanged)
    def languages(self) -> list[Any]:
        return self.rows("languages")

    rtlChanged = Signal()
    @Property(bool, notify=rtlChanged)
    def rtl(self) -> bool:
        return self.flag("rtl")

    textStepChanged = Signal()
    @Property(int, notify=textStepChanged)
    def textStep(self) -> int:
        return self.number("textStep")

    textScaleChanged = Signal()
    @Property(float, notify=textScaleChanged)
    def textScale(self) -> float:
        return self.real("textScale")

    textSizesChanged = Signal()
    # The sizes a patient can choose (scale and the key of its name), from kiosk.core.prefs.TEXT_SIZES.
    @Property(list, notify=textSizesChanged)
    def textSizes(self) -> list[Any]:
        return self.rows("textSizes")

    highContrastChanged = Signal()
    @Property(bool, notify=highContrastChanged)
    def highContrast(self) -> bool:
        return self.flag("highContrast")

    reducedMotionChanged = Signal()
    @Property(bool, notify=reducedMotionChanged)
    def reducedMotion(self) -> bool:
        return self.flag("reducedMotion")

    settingsOpenChanged = Signal()
    @Property(bool, notify=settingsOpenChanged)
    def settingsOpen(self) -> bool:
        return self.flag("settingsOpen")


    @Slot(str)
    def setLanguage(self, code: str) -> None:
        self._actor.act(lambda s: s.set_language(code))

    @Slot(str)
    def setSecondLanguage(self, code: str) -> None:
        self._actor.act(lambda s: s.set_second_language(code))

    @Slot(int)
    def setTextStep(self, step: int) -> None:
        self._actor.act(lambda s: s.set_text_step(step))

    @Slot(bool)
    def setHighContrast(self, on: bool) -> None:
        self._actor.act(lambda s: s.set_high_contrast(on))

    @Slot(bool)
    def setReducedMotion(self, on: bool) -> None:
        self._actor.act(lambda s: s.set_reduced_motion(on))

    @Slot(bool)
    def openSettings(self, on: bool) -> None:
        self._actor.act(lambda s: s.open_settings(on))
