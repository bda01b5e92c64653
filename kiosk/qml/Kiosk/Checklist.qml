pragma ComponentBehavior: Bound
import QtQuick

// A list with a check mark before each item: "What you do" on recovery stages, key points on summaries.
Column {
    id: root
    property string heading: ""
    property var items: []
    // The same items in the second language (for a family member), each under its own; [] or "": none.
    property var items2: []
    property bool rtl2: false
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
    // Rows kept from page to page (a new list made every row anew in the tap's frame): a few
    // more than the items, those beyond them hidden; only the words of the rows change.
    Repeater {
        model: Math.max(5, root.items.length)
        delegate: Row {
            id: item
            required property int index
            visible: index < root.items.length
            objectName: "listItem-" + index
            spacing: Theme.gapS
            width: root.width
            KIcon {
                name: "check"
                color: Theme.done
                width: Theme.iconSize
                height: Theme.iconSize
            }
            Column {
                width: root.width - Theme.iconSize - item.spacing
                spacing: Theme.gapXS
                Text {
                    width: parent.width
                    text: root.items[item.index] ?? ""
                    textFormat: Text.StyledText
                    linkColor: Theme.link
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    lineHeight: Theme.listLineHeight
                    wrapMode: Text.WordWrap
                    onLinkActivated: (link) => root.linkActivated(link)
                }
                SecondText {
                    objectName: "listItem2-" + item.index
                    width: parent.width
                    text: root.items2[item.index] ?? ""
                    rtl: root.rtl2
                    lineHeight: Theme.listLineHeight2
                }
            }
        }
    }
}
