pragma Singleton
import QtQuick

// Design tokens: every size, colour and font size the kiosk uses, in one place.
// Sizes are given for 1920x1080 and scaled with the window (Main.qml sets `scale`).
QtObject {
    // Window size relative to the 1080p design (shorter side / 1080, longer side / 1920).
    property real scale: 1.0
    // Patient text-size setting (1.0, later 1.3 and 1.6).
    property real textScale: 1.0
    property bool highContrast: false
    // Patient setting (and config default): animations become instant changes.
    property bool reducedMotion: false

    function px(v) { return Math.round(v * scale) }
    function fontPx(v) { return Math.round(v * scale * textScale) }

    // Colours. Each text/background pair is at least 7:1 (tests/test_theme.py checks it).
    readonly property color background: highContrast ? "#000000" : "#F7F5F0"
    readonly property color surface: highContrast ? "#000000" : "#FFFFFF"
    readonly property color text: highContrast ? "#FFFFFF" : "#1B1B1B"
    readonly property color mutedText: highContrast ? "#FFFFFF" : "#3A3A3A"
    readonly property color primary: highContrast ? "#FFE500" : "#1F4E8C"
    readonly property color textOnPrimary: highContrast ? "#000000" : "#FFFFFF"
    readonly property color link: highContrast ? "#FFE500" : "#1F4E8C"
    readonly property color border: highContrast ? "#FFFFFF" : "#1F4E8C"
    readonly property color keyPoint: highContrast ? "#000000" : "#FFF1C9"
    readonly property color done: highContrast ? "#FFFFFF" : "#1F4E8C"
    readonly property color scrim: "#CC000000"
    readonly property color pictureCard: "#FFFFFF"

    // Touch sizes: targets >= 80 px at 1080p, >= 16 px apart.
    // Pixels per millimetre of the real screen (0 when the config does not say).
    property real pxPerMm: 0
    readonly property int target: Math.max(px(100), Math.ceil(15 * pxPerMm))  // and at least 15 mm
    readonly property int gap: px(24)
    readonly property int margin: px(48)
    readonly property int radius: px(20)
    readonly property int borderWidth: Math.max(2, px(4))
    readonly property int iconSize: px(52)

    // Text sizes: body >= 32 px at 1080p.
    readonly property int smallSize: fontPx(34)
    readonly property int bodySize: fontPx(40)
    readonly property int buttonSize: fontPx(40)
    readonly property int headingSize: fontPx(48)
    readonly property int titleSize: fontPx(60)
    readonly property int heroSize: fontPx(76)
}
