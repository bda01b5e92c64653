import QtQuick
import Kiosk.Bridges

// Staff only: a big numeric pad. The PIN is checked in Python against a salted scrypt hash.
Rectangle {
    id: root
    required property AdminBridge admin
    color: Theme.scrim

    MouseArea { anchors.fill: parent }

    Rectangle {
        objectName: "pinBox"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, grid.width + 2 * Theme.margin)
        height: Math.min(parent.height - Theme.margin, content.implicitHeight + 2 * Theme.margin)
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth

        Column {
            id: content
            anchors { top: parent.top; horizontalCenter: parent.horizontalCenter; margins: Theme.margin }
            spacing: Theme.gap
            Text {
                anchors.horizontalCenter: parent.horizontalCenter
                text: qsTr("Staff PIN")
                color: Theme.text
                font.pixelSize: Theme.headingSize
                font.bold: true
            }
            Text {
                objectName: "pinDots"
                anchors.horizontalCenter: parent.horizontalCenter
                text: "●".repeat(root.admin.pinLength) || " "
                color: Theme.text
                font.pixelSize: Theme.headingSize
            }
            Text {
                objectName: "pinMessage"
                width: grid.width
                visible: text !== ""
                text: root.admin.pinMessage
                color: Theme.text
                font.pixelSize: Theme.smallSize
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
            }
            Grid {
                id: grid
                columns: 3
                spacing: Theme.gap
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
                    delegate: KButton {
                        required property string modelData
                        objectName: "pin-" + modelData
                        width: Theme.px(140)
                        height: Theme.px(110)
                        primary: modelData === "ok"
                        text: modelData === "back" ? "" : (modelData === "ok" ? qsTr("OK") : modelData)
                        icon: modelData === "back" ? "back" : ""
                        Accessible.name: modelData === "back" ? qsTr("Delete") : text
                        onClicked: {
                            if (modelData === "back") root.admin.pinBackspace()
                            else if (modelData === "ok") root.admin.pinSubmit()
                            else root.admin.pinDigit(modelData)
                        }
                    }
                }
            }
            KButton {
                objectName: "pinCancel"
                width: grid.width
                text: qsTr("Cancel")
                onClicked: root.admin.pinCancel()
            }
        }
    }
}
