import QtQuick
import Kiosk.Bridges

// "Are you still there?" with a visible countdown and one big button (WCAG 2.2.1: at least 20 s).
Rectangle {
    id: root
    required property KioskBridge kiosk
    color: Theme.scrim

    // Any touch counts as "still here"; the button is the obvious one.
    MouseArea {
        anchors.fill: parent
        onClicked: root.kiosk.stillHere()
    }

    Rectangle {
        objectName: "idleBox"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, Theme.px(1200))
        height: column.implicitHeight + 2 * Theme.margin
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth
        Accessible.role: Accessible.AlertMessage
        Accessible.name: question.text

        Column {
            id: column
            anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.margin }
            spacing: Theme.gap * 1.5
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
            KButton {
                objectName: "stillHereButton"
                anchors.horizontalCenter: parent.horizontalCenter
                width: Math.min(parent.width, Math.max(implicitWidth, Theme.px(600)))
                primary: true
                text: qsTr("I'm still here")
                onClicked: root.kiosk.stillHere()
            }
        }
    }
}
