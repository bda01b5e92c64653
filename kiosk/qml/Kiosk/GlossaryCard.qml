pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// A plain definition of one word, over the page. Tap Close or anywhere outside the card.
ModalCard {
    id: root
    required property CardBridge card
    required property Speech speech
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    readonly property bool portrait: height > width

    scrimName: "cardScrim"
    cardName: "cardBox"
    scrollerName: "cardScroller"
    accessibleName: root.card.title
    onBackdropTapped: root.card.closeTerm()

    // The word and its meaning scroll when they are taller than the screen; the buttons stay put.
    Row {
        id: contentRow
        width: parent.width
        spacing: Theme.margin
        Picture {
            id: cardPicture
            pictures: root.pictures
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
                lineHeight: Theme.bodyLineHeight
                wrapMode: Text.WordWrap
                onLinkActivated: (link) => root.card.openLink(link)
            }
        }
    }

    secondaryName: "cardSpeak"
    secondaryShown: root.speech.available
    secondaryIcon: root.speech.speaking ? "stop" : "speaker"
    secondaryText: root.speech.speaking ? qsTr("Stop reading") : qsTr("Read aloud")
    onSecondaryClicked: root.speech.toggle(root.card.speech)

    actionName: "cardClose"
    actionText: qsTr("Close")
    actionIcon: "close"
    onActionClicked: root.card.closeTerm()
}
