pragma ComponentBehavior: Bound
import QtQuick

// A list with a check mark before each item: "What you do" on recovery stages, key points on summaries.
Column {
    id: root
    property string heading: ""
    property var items: []
    signal linkActivated(string link)
    spacing: Theme.gap

    FitText {
        visible: root.heading !== ""
        width: root.width
        text: root.heading
        color: Theme.text
        baseSize: Theme.headingSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    Repeater {
        model: root.items
        delegate: Row {
            id: item
            required property int index
            required property string modelData
            objectName: "listItem-" + index
            spacing: Theme.gapS
            width: root.width
            KIcon {
                name: "check"
                color: Theme.done
                width: Theme.iconSize
                height: Theme.iconSize
            }
            Text {
                width: root.width - Theme.iconSize - item.spacing
                text: item.modelData
                textFormat: Text.StyledText
                linkColor: Theme.link
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.WordWrap
                onLinkActivated: (link) => root.linkActivated(link)
            }
        }
    }
}
