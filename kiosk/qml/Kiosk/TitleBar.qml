pragma ComponentBehavior: Bound
import QtQuick

// The bar at the top of a walk-through or the questions: where the patient is (a title) and
// how far ("Step 3 of 7"). With a second language the title's translation sits beside it, in
// the muted colour, when both fit on the line, else under it. Narrow screens put the counter
// on its own line, so the title keeps the full width.
Item {
    id: root
    property string title: ""
    property string title2: ""  // the title in the second language ("": none)
    property bool rtl2: false
    property string counter: ""
    property string titleName: ""  // object names, for tests and for speech
    property string counterName: ""

    readonly property bool stacked: width - 2 * Theme.margin - counterText.implicitWidth - Theme.gap < Theme.titleMinWidth
    // The width the title (and its translation) may take.
    readonly property real room: width - 2 * Theme.margin - (stacked ? 0 : counterText.implicitWidth + Theme.gap)
    readonly property bool hasSecond: title2 !== ""
    readonly property bool beside: hasSecond && Theme.secondFitsBeside(titleLine.implicitWidth, secondLine.implicitWidth, room)
    readonly property real titleBlock: titleText.implicitHeight + (hasSecond && !beside ? second.height : 0)
    height: (stacked ? titleBlock + counterText.implicitHeight : Math.max(titleBlock, counterText.implicitHeight)) + 2 * Theme.gapS

    FitText {
        id: titleText
        objectName: root.titleName
        anchors { left: parent.left; leftMargin: Theme.margin
                  top: parent.top; topMargin: root.stacked ? Theme.gapS : (root.height - root.titleBlock) / 2 }
        width: root.beside ? Math.ceil(titleLine.implicitWidth) + Theme.secondSlack : root.room
        text: root.title
        color: Theme.text
        baseSize: Theme.headingSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    // The title and its translation on one line each, as Text lays them out, not shown: beside
    // each other, each box is that wide. (FontMetrics and TextMetrics leave out the ink of a
    // bold Arabic word's last letter, 4 px at 48 px and more at larger sizes, and a box that
    // much too narrow wrapped the last word.)
    Text { id: titleLine; visible: false; text: root.title; font.bold: true; font.pixelSize: titleText.baseSize; textFormat: titleText.textFormat }
    Text { id: secondLine; visible: false; text: root.title2; font: secondText.font; textFormat: Text.PlainText }
    // The holder follows the page's direction; the text inside keeps its own.
    Item {
        id: second
        visible: root.hasSecond
        anchors { left: root.beside ? titleText.right : titleText.left; leftMargin: root.beside ? Theme.gapL : 0 }
        y: root.beside ? titleText.y + titleText.baselineOffset - secondText.baselineOffset : titleText.y + titleText.height
        width: root.beside ? Math.ceil(secondLine.implicitWidth) + Theme.secondSlack : root.room
        height: secondText.implicitHeight
        SecondText {
            id: secondText
            objectName: root.titleName + "2"
            width: parent.width
            text: root.title2
            rtl: root.rtl2
            font.bold: true
        }
    }
    Text {
        id: counterText
        objectName: root.counterName
        anchors { right: parent.right; rightMargin: Theme.margin
                  top: root.stacked ? second.visible && !root.beside ? second.bottom : titleText.bottom : parent.top
                  topMargin: root.stacked ? 0 : (root.height - implicitHeight) / 2 }
        text: root.counter
        color: Theme.text
        font.pixelSize: Theme.headingSize
    }
}
