import QtQuick

// A plain definition of one word, over the page. Tap Close or anywhere outside the card.
Rectangle {
    id: root
    required property var bridge
    color: Theme.scrim
    readonly property bool portrait: height > width

    MouseArea {
        objectName: "cardScrim"
        anchors.fill: parent
        onClicked: root.bridge.closeTerm()
    }

    Rectangle {
        id: card
        objectName: "cardBox"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, Theme.px(1400))
        height: Math.min(parent.height - 2 * Theme.margin, contentColumn.implicitHeight + 2 * Theme.margin)
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth

        Accessible.role: Accessible.Dialog
        Accessible.name: root.bridge.cardTitle

        // Swallow taps on the card so only taps outside it close it.
        MouseArea { anchors.fill: parent }

        Column {
            id: contentColumn
            anchors { fill: parent; margins: Theme.margin }
            spacing: Theme.gap

            Row {
                width: parent.width
                spacing: Theme.margin
                Picture {
                    id: cardPicture
                    visible: root.bridge.cardPicture !== ""
                    width: visible ? Math.round(contentColumn.width * (root.portrait ? 0.4 : 0.42)) : 0
                    height: width * 3 / 4
                    source: root.bridge.cardPicture
                    description: root.bridge.cardTitle
                }
                Column {
                    width: parent.width - (cardPicture.visible ? cardPicture.width + parent.spacing : 0)
                    spacing: Theme.gap
                    Text {
                        objectName: "cardTitle"
                        width: parent.width
                        text: root.bridge.cardTitle
                        color: Theme.text
                        font.pixelSize: Theme.titleSize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    Text {
                        objectName: "cardBody"
                        width: parent.width
                        text: root.bridge.cardBody
                        textFormat: Text.StyledText
                        linkColor: Theme.link
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        lineHeight: 1.25
                        wrapMode: Text.WordWrap
                        onLinkActivated: (link) => root.bridge.openLink(link)
                    }
                }
            }
            KButton {
                objectName: "cardClose"
                anchors.right: parent.right
                primary: true
                text: qsTr("Close")
                icon: "close"
                width: Math.max(implicitWidth, Theme.px(320))
                onClicked: root.bridge.closeTerm()
            }
        }
    }
}
