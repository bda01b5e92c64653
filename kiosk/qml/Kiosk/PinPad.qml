pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// Staff only: a big numeric pad. The PIN is checked in Python against a salted scrypt hash.
ModalCard {
    id: root
    required property AdminBridge admin

    cardName: "pinBox"
    contentWidth: grid.width
    accessibleName: qsTr("Staff PIN")

    Column {
        width: parent.width
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
            anchors.horizontalCenter: parent.horizontalCenter
            columns: 3
            spacing: Theme.gap
            Repeater {
                model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
                delegate: KButton {
                    id: key
                    required property string modelData
                    objectName: "pin-" + modelData
                    width: Theme.keyWidth
                    height: Theme.target
                    primary: modelData === "ok"
                    text: modelData === "back" ? "" : (modelData === "ok" ? qsTr("OK") : modelData)
                    icon: modelData === "back" ? "back" : ""
                    Accessible.name: modelData === "back" ? qsTr("Delete") : text
                    onClicked: {
                        if (key.modelData === "back") root.admin.pinBackspace()
                        else if (key.modelData === "ok") root.admin.pinSubmit()
                        else root.admin.pinDigit(key.modelData)
                    }
                }
            }
        }
    }

    actionName: "pinCancel"
    actionText: qsTr("Cancel")
    actionPrimary: false
    actionCentred: true
    actionWidth: footerWidth
    actionMaxTextWidth: footerWidth - 2 * Theme.buttonPadding
    onActionClicked: root.admin.pinCancel()
}
