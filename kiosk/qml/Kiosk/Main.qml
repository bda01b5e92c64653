pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges
import QtQuick.Window

// Everything the kiosk shows, put by Python into its window (Shell.qml) just after the window's
// first frame; it shows the screen the page bridge names and holds no rules.
Item {
    id: win
    objectName: "screensRoot"
    required property KioskBridge kiosk
    required property TopicModel topics
    required property HomeBridge home
    required property PageBridge page
    required property CardBridge card
    required property CheckBridge check
    required property DisplayBridge display
    required property AdminBridge admin
    required property Speech speech
    required property Keypad keypad
    required property Pictures pictures
    // From the config: the picture's physical height, so targets can be sized in millimetres.
    property real screenHeightMm: 0
    // From the config: "auto", or the way the screen is mounted when the system does not rotate it.
    property string orientation: "auto"
    readonly property bool rotated: (orientation === "portrait" && width > height)
                                    || (orientation === "landscape" && height > width)
    readonly property real screenWidth: rotated ? height : width
    readonly property real screenHeight: rotated ? width : height

    // A screen built the first time it shows (or ahead, by the warm-up: kiosk/qt/warmup.py builds
    // the ``order``-th when screensBuilt reaches it), then kept: reused for every patient.
    component ScreenLoader: Loader {
        required property int order
        property bool kept: false
        onVisibleChanged: if (visible) kept = true
        active: visible || kept || win.kiosk.screensBuilt >= order
    }

    // Alt+F4, the window manager, any close event: refused unless the admin screen exits.
    Connections {
        target: win.Window.window
        function onClosing(close) { close.accepted = win.kiosk.mayClose() }
    }

    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(Math.max(win.screenWidth, win.screenHeight) / 1920, Math.min(win.screenWidth, win.screenHeight) / 1080))
    }
    Binding { target: Theme; property: "textScale"; value: win.display.textScale }
    Binding { target: Theme; property: "pxPerMm"; value: win.screenHeightMm > 0 ? win.screenHeight / win.screenHeightMm : 0 }
    Binding { target: Theme; property: "highContrast"; value: win.display.highContrast }
    Binding { target: Theme; property: "reducedMotion"; value: win.display.reducedMotion }
    Binding { target: Theme; property: "lineFactor"; value: win.display.lineFactor }
    Binding { target: Theme; property: "lineFactor2"; value: win.display.lineFactor2 }

    // The whole screen, turned a quarter when the config says the screen is mounted the other way.
    Item {
        id: screenRoot
        objectName: "screenRoot"
        width: win.screenWidth
        height: win.screenHeight
        anchors.centerIn: parent
        rotation: win.rotated ? 90 : 0
        // Keypad mode: every key goes to the keypad bridge, which decides what it does.
        focus: true
        Keys.onPressed: (event) => { event.accepted = win.keypad.press(event.key, event.text) }
        // The words keypad speech is built from, in the patient's language.
        Binding {
            target: win.keypad
            property: "words"
            value: [
                qsTr("button"),
                qsTr("text"),
                qsTr("Keypad help. Up and down move between the controls. Enter chooses. Left and right turn the pages. Escape goes back. Home starts again. Plus and minus make the voice louder or softer; the square brackets make it faster or slower."),
                //: a control read aloud: %1 its name, %2 what it is ("Next, button")
                qsTr("%1, %2"),
                //: a screen read aloud: %1 its title, %2 where the patient is ("Laminectomy, Step 3 of 8")
                qsTr("%1. %2")
            ]
        }

        // Everything a patient sees; mirrored for right-to-left languages (pictures are not).
        Item {
            id: patientSide
            objectName: "patientSide"
            anchors.fill: parent
            LayoutMirroring.enabled: win.display.rtl
            LayoutMirroring.childrenInherit: true

            AttractScreen {
                objectName: "attractScreen"
                anchors.fill: parent
                page: win.page
                display: win.display
                pictures: win.pictures
                visible: win.page.screen === "attract"
            }
            ScreenLoader {
                anchors.fill: parent
                order: 1
                visible: win.page.screen === "home"
                sourceComponent: HomeScreen { objectName: "homeScreen"; topics: win.topics; home: win.home; page: win.page; display: win.display; pictures: win.pictures }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 2
                visible: win.page.screen === "walk"
                sourceComponent: WalkScreen { objectName: "walkScreen"; page: win.page; card: win.card; check: win.check; display: win.display; speech: win.speech; keypad: win.keypad; pictures: win.pictures }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 3
                visible: win.page.screen === "finish"
                sourceComponent: FinishScreen { objectName: "finishScreen"; page: win.page; display: win.display; pictures: win.pictures }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 4
                visible: win.page.screen === "check"
                sourceComponent: CheckScreen { objectName: "checkScreen"; page: win.page; check: win.check; display: win.display; pictures: win.pictures }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 5
                visible: win.card.open
                sourceComponent: GlossaryCard { objectName: "glossaryCard"; card: win.card; speech: win.speech; pictures: win.pictures }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 6
                visible: win.display.settingsOpen
                sourceComponent: SettingsPanel { objectName: "settingsPanel"; display: win.display }
            }
            ScreenLoader {
                anchors.fill: parent
                order: 7
                visible: win.kiosk.idleAsking
                sourceComponent: IdleOverlay { objectName: "idleOverlay"; kiosk: win.kiosk }
            }
        }

        // Keypad mode: where the focus is, drawn over everything the patient sees.
        Rectangle {
            objectName: "focusRing"
            visible: win.keypad.active && win.keypad.ring.width > 0
            x: win.keypad.ring.x - Theme.focusRingGap - Theme.focusRingWidth
            y: win.keypad.ring.y - Theme.focusRingGap - Theme.focusRingWidth
            width: win.keypad.ring.width + 2 * (Theme.focusRingGap + Theme.focusRingWidth)
            height: win.keypad.ring.height + 2 * (Theme.focusRingGap + Theme.focusRingWidth)
            color: Theme.noFill
            radius: Theme.radius + Theme.focusRingGap
            border.color: Theme.focusRing
            border.width: Theme.focusRingWidth
        }

        // Authors only (kiosk preview): why the last change could not be shown. The last good
        // version stays on screen underneath.
        Rectangle {
            objectName: "noticeOverlay"
            visible: win.kiosk.notices.length > 0
            anchors { left: parent.left; right: parent.right; top: parent.top }
            height: Math.min(parent.height * 0.6, noticeColumn.implicitHeight + 2 * Theme.gap)
            color: Theme.noticeBackground
            Column {
                id: noticeColumn
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.gap }
                spacing: Theme.gapXS
                Text {
                    width: parent.width
                    text: "This change cannot be shown yet; the last good version stays on screen:"
                    color: Theme.noticeText
                    font.pixelSize: Theme.smallSize
                    font.bold: true
                    wrapMode: Text.WordWrap
                }
                Repeater {
                    model: win.kiosk.notices
                    delegate: Text {
                        required property string modelData
                        objectName: "notice"
                        width: noticeColumn.width
                        text: modelData
                        color: Theme.noticeText
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    }
                }
            }
        }

        // Staff only (English, never mirrored).
        Loader {
            anchors.fill: parent
            active: visible
            visible: win.admin.adminOpen
            sourceComponent: AdminScreen { objectName: "adminScreen"; admin: win.admin }
        }
        Loader {
            anchors.fill: parent
            active: visible
            visible: win.admin.pinPadOpen
            sourceComponent: PinPad { objectName: "pinPad"; admin: win.admin }
        }
    }
}
