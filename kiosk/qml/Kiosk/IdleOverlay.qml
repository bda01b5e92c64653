pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// "Are you still there?" with a visible countdown and one big button (WCAG 2.2.1: at least 20 s).
ModalCard {
    id: root
    required property KioskBridge kiosk

    cardName: "idleBox"
    maxCardWidth: Theme.cardWidthM
    accessibleRole: Accessible.AlertMessage
    accessibleName: question.text
    // Any touch counts as "still here"; the button is the obvious one.
    tapsOnCardCount: true
    onBackdropTapped: root.kiosk.stillHere()

    Column {
        width: parent.width
        spacing: Theme.gapL
        FitText {
            id: question
            objectName: "idleQuestion"
            width: parent.width
            text: qsTr("Are you still there?")
            color: Theme.text
            baseSize: Theme.titleSize
            font.bold: true
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
        }
        Text {
            objectName: "idleCountdown"
            width: parent.width
            // Worded so the number needs no plural form in any language.
            text: qsTr("The screen will start over soon. Seconds left: %1").arg(root.kiosk.idleCountdown)
            color: Theme.text
            font.pixelSize: Theme.bodySize
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
        }
    }

    actionName: "stillHereButton"
    actionText: qsTr("I'm still here")
    actionCentred: true
    actionWidth: Math.min(footerWidth, Math.max(actionImplicitWidth, Theme.buttonWidthL))
    actionMaxTextWidth: footerWidth - 2 * Theme.buttonPadding
    onActionClicked: root.kiosk.stillHere()
}
