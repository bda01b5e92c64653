pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window

// The kiosk's one window, as it is drawn first: the attract screen's invitation alone, so the
// first frame waits for no bridge and no other screen. Python puts the kiosk's screens (Main.qml)
// into it right after that frame (kiosk/qt/app.py); they cover this invitation from then on.
Window {
    id: shell
    property bool kioskMode: true
    // True once Main.qml's screens are in: from then on they decide what shows and what closes.
    property bool screensIn: false

    // The same strings, in the same translation contexts, as the screens that show them later.
    title: qsTranslate("Main", "Clinic kiosk")
    color: Theme.background
    flags: kioskMode ? (Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint) : Qt.Window

    // Until the screens are in, a full-screen kiosk refuses to close (Main.qml asks the kiosk after).
    onClosing: (close) => { if (!shell.screensIn) close.accepted = !shell.kioskMode }

    // The screens bind the scale themselves (they know how the screen is mounted).
    Binding {
        target: Theme
        property: "scale"
        when: !shell.screensIn
        restoreMode: Binding.RestoreNone
        value: Math.max(0.5, Math.min(Math.max(shell.width, shell.height) / 1920, Math.min(shell.width, shell.height) / 1080))
    }

    // The kiosk's screens (Main.qml), put in by putScreens().
    Loader {
        id: screens
        objectName: "screens"
        anchors.fill: parent
        focus: true  // a Loader is a focus scope: the keypad's keys reach Main.qml's screenRoot
    }

    // Called once by Python (KioskWindow.complete) with the bridges Main.qml requires.
    function putScreens(bridges: var) {
        screens.setSource(Qt.resolvedUrl("Main.qml"), bridges)
        shell.screensIn = true
    }

    // Where and how AttractScreen.qml draws its invitation before the content is in.
    Rectangle {
        objectName: "firstInvitation"
        visible: !shell.screensIn
        anchors { horizontalCenter: parent.horizontalCenter; bottom: parent.bottom; bottomMargin: 2 * Theme.margin }
        width: Math.min(parent.width - 2 * Theme.margin, inviteText.naturalWidth + 2 * Theme.margin)
        height: Math.max(Theme.target * 1.4, inviteText.implicitHeight + 2 * Theme.gap)
        radius: height / 2
        color: Theme.primary

        FitText {
            id: inviteText
            anchors.centerIn: parent
            width: Math.min(naturalWidth, shell.width - 2 * Theme.margin - 2 * Theme.gapL)
            text: qsTranslate("AttractScreen", "Touch the screen to start")
            color: Theme.textOnPrimary
            baseSize: Theme.heroSize
            font.bold: true
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
        }
    }
}
