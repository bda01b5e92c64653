import QtQuick
import Kiosk.Bridges

// A plain definition of one word, over the page. Tap Close or anywhere outside the card.
Rectangle {
    id: root
    required property CardBridge card
    required property var speech
    color: Theme.scrim
    readonly property bool portrait: height > width

    MouseArea {
        objectName: "cardScrim"
        anchors.fill: parent
        onClicked: root.card.closeTerm()
    }

    Rectangle {
        id: card
        objectName: "cardBox"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, Theme.px(1400))
        height: Math.min(parent.height - 2 * Theme.margin, contentRow.height + buttons.height + 2 * Theme.margin + Theme.gap)
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth

        Accessible.role: Accessible.Dialog
        Accessible.name: root.card.title

        // Swallow taps on the card so only taps outside it close it.
        MouseArea { anchors.fill: parent }

        // The word and its meaning scroll when they are taller than the screen; the buttons stay put.
        Flickable {
            id: scroller
            objectName: "cardScroller"
            anchors { left: parent.left; right: parent.right; top: parent.top; bottom: buttons.top
                      margins: Theme.margin; bottomMargin: Theme.gap }
            contentHeight: contentRow.height
            clip: true
            interactive: contentHeight > height
            boundsBehavior: Flickable.StopAtBounds

            Row {
                id: contentRow
                width: scroller.width
                spacing: Theme.margin
                Picture {
                    id: cardPicture
                    visible: root.card.picture !== ""
                    width: visible ? Math.round(contentRow.width * (root.portrait || Theme.textScale > 1.2 ? 0.34 : 0.42)) : 0
                    height: width * 3 / 4
                    source: root.card.picture
                    description: root.card.title
                    labels: root.card.labels
                }
                Column {
                    id: textColumn
                    width: parent.width - (cardPicture.visible ? cardPicture.width + parent.spacing : 0)
                    spacing: Theme.gap
                    FitText {
                        objectName: "cardTitle"
                        width: parent.width
                        text: root.card.title
                        color: Theme.text
                        baseSize: Theme.titleSize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    Text {
                        objectName: "cardBody"
                        width: parent.width
                        text: root.card.body
                        textFormat: Text.StyledText
                        linkColor: Theme.link
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        lineHeight: 1.25
                        wrapMode: Text.WordWrap
                        onLinkActivated: (link) => root.card.openLink(link)
                    }
                }
            }
        }

        Item {
            id: buttons
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: Theme.margin }
            height: Math.max(closeButton.height, speakButton.visible ? speakButton.height : 0)
            KButton {
                id: speakButton
                objectName: "cardSpeak"
                anchors.left: parent.left
                visible: root.speech.available
                icon: root.speech.speaking ? "stop" : "speaker"
                text: root.speech.speaking ? qsTr("Stop reading") : qsTr("Read aloud")
                maxTextWidth: buttons.width / 2 - iconPart - 2 * padding - Theme.gap
                onClicked: root.speech.toggle(root.card.speech)
            }
            KButton {
                id: closeButton
                objectName: "cardClose"
                anchors.right: parent.right
                primary: true
                text: qsTr("Close")
                icon: "close"
                maxTextWidth: buttons.width / 2 - iconPart - 2 * padding - Theme.gap
                width: Math.max(implicitWidth, Math.min(Theme.px(320), buttons.width / 2 - Theme.gap))
                onClicked: root.card.closeTerm()
            }
        }
    }
}
