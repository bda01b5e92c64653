pragma Singleton
pragma ComponentBehavior: Bound
import QtQuick

// Design tokens: every size, colour and font size the kiosk uses, in one place. No other QML
// file writes a number of pixels or a colour (tests/test_qml_tokens.py checks it).
// Sizes are given for 1920x1080 and scaled with the window (Main.qml sets `scale`).
QtObject {
    // Window size relative to the 1080p design (shorter side / 1080, longer side / 1920).
    property real scale: 1.0
    // Patient text-size setting (1.0, later 1.3 and 1.6).
    property real textScale: 1.0
    property bool highContrast: false
    // Patient setting (and config default): animations become instant changes.
    property bool reducedMotion: false
    // Line heights (Qt's proportional lineHeight): a paragraph a quarter more open than its font
    // sets its lines, a list's items as the font sets them; each times its language's factor
    // (from the core: Arabic script fonts set their lines far apart already), for the first
    // language and for the second.
    property real lineFactor: 1.0
    property real lineFactor2: 1.0
    readonly property real bodyLineHeight: 1.25 * lineFactor
    readonly property real bodyLineHeight2: 1.25 * lineFactor2
    readonly property real listLineHeight: lineFactor
    readonly property real listLineHeight2: lineFactor2

    function px(v) { return Math.round(v * scale) }
    function fontPx(v) { return Math.round(v * scale * textScale) }

    // A heading's translation (second language) sits beside it when both fit on the line, with
    // the wide gap between them, else under it (TitleBar.qml, HomeScreen.qml). Widths are one
    // line of each as Text lays it out; a box beside is secondSlack wider, so rounding never wraps it.
    readonly property int secondSlack: 4
    function secondFitsBeside(firstWidth, secondWidth, room) { return firstWidth + gapL + secondWidth + secondSlack <= room }

    // Colours, in both themes. tests/test_theme.py finds every colour here and checks each
    // text/background pair at 7:1 or more and each shape a patient must see at 3:1 or more.
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
    // Staff screen: a line that needs action (bold, and in this colour).
    readonly property color alertText: highContrast ? "#FF8A80" : "#9B001C"
    // Quiet lines: the edge of a picture's card, the rule above the bottom bar.
    readonly property color softBorder: highContrast ? "#FFFFFF" : "#D6D2C8"
    // The unfilled part of the progress bar.
    readonly property color track: highContrast ? "#555555" : "#DDD8CC"
    readonly property color scrim: "#CC000000"
    // Keypad mode: the ring around the focused control (7:1 on both themes' backgrounds).
    readonly property color focusRing: highContrast ? "#00E5FF" : "#8B0057"
    readonly property color noFill: "transparent"
    // Drawings are made for white paper in both themes; so are their word labels and QR codes.
    readonly property color pictureCard: "#FFFFFF"
    readonly property color labelBackground: "#FFFFFF"
    readonly property color labelText: "#1B1B1B"
    readonly property color labelMark: highContrast ? "#000000" : "#1F4E8C"
    readonly property color qrBackground: "#FFFFFF"
    // Authors only (kiosk preview): why a change cannot be shown.
    readonly property color noticeBackground: "#F29B001C"
    readonly property color noticeText: "#FFFFFF"

    // Spacing: one scale for every gap, padding and margin.
    readonly property int gapXS: px(8)    // a heading and its hint; the lines of a list of facts
    readonly property int gapS: px(16)    // an icon and its words; the least between two targets
    readonly property int gapM: px(24)    // between controls, paragraphs and list items
    readonly property int gapL: px(32)    // between groups; a button's side padding
    readonly property int gapXL: px(48)   // the screen's edges and a card's padding
    readonly property int gap: gapM
    readonly property int margin: gapXL

    // Touch sizes: targets >= 80 px at 1080p, >= 16 px apart.
    // Pixels per millimetre of the real screen (0 when the config does not say).
    property real pxPerMm: 0
    readonly property int target: Math.max(px(100), Math.ceil(15 * pxPerMm))  // and at least 15 mm
    readonly property int radius: px(20)
    readonly property int borderWidth: Math.max(2, px(4))
    readonly property int borderWidthThin: Math.max(1, px(3))
    readonly property int focusRingWidth: Math.max(4, px(8))
    readonly property int focusRingGap: Math.max(2, px(4))
    readonly property int iconSize: px(52)

    // Buttons: padding inside, and the least width of the buttons that must stand out.
    readonly property int buttonPadding: gapL        // each side of the label
    readonly property int buttonSpacing: gapS        // between the icon and the label
    readonly property int buttonWidthS: px(240)      // Back
    readonly property int buttonWidthM: px(380)      // Next, Close: the way on
    readonly property int buttonWidthL: px(600)      // the one answer of a question card
    readonly property int keyWidth: px(140)          // a key with one character: a digit, "A"

    // Cards and pictures.
    readonly property int cardWidthM: px(1200)       // a question
    readonly property int cardWidthL: px(1500)       // a definition, the settings
    readonly property int titleMinWidth: px(560)     // narrower, and a title gets a row of its own
    readonly property int pictureMinHeight: px(80)   // a picture never gets smaller (or is left out)
    // A picture's box smaller than this is a layout on its way (1x1, 1x508 were seen), not a
    // place to draw; small windows (a 480x320 preview) still get their pictures.
    readonly property int pictureSmallestBox: Math.max(8, px(24))
    readonly property int thumbWidth: px(168)        // a related topic's picture (4:3)
    readonly property int qrSize: px(220)
    readonly property int labelDot: px(18)           // marks the part a picture's label names
    readonly property int progressHeight: px(12)
    readonly property int scrollBarWidth: px(10)
    readonly property int scrollBarMinLength: px(60)

    // Text sizes: body >= 32 px at 1080p.
    readonly property int minTextSize: px(32)  // the least a word too long for its line shrinks to
    readonly property int smallSize: fontPx(34)
    readonly property int bodySize: fontPx(40)
    readonly property int buttonSize: buttonSizeAt(textScale)
    readonly property int headingSize: fontPx(48)
    readonly property int titleSize: fontPx(60)
    readonly property int heroSize: fontPx(76)
    // A button's text at a given text-size setting (a scale from kiosk/core/prefs.py), whatever the current one is.
    function buttonSizeAt(setting) { return Math.round(40 * scale * setting) }
}
