pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Window

// The one button of the kiosk: big, high-contrast, named for screen readers.
// Its label wraps within the button (or within maxTextWidth); a single word too long for
// the space is drawn smaller, never under 32 px at 1080p, rather than cut off.
Rectangle {
    id: root
    property string text: ""
    property string icon: ""
    property bool primary: false
    property bool iconAfter: false
    property int textSize: Theme.buttonSize
    property int maxTextWidth: Math.max(Theme.iconSize, (Window.width > 0 ? Window.width : 1920) - 2 * Theme.margin - iconPart - 2 * padding)
    signal clicked()

    readonly property int padding: Theme.buttonPadding
    readonly property int iconPart: icon !== "" ? Theme.iconSize + content.spacing : 0

    implicitHeight: Math.max(Theme.target, label.implicitHeight + Theme.gap)
    // The label's one-line width at full size, measured apart from the label itself (no binding
    // loop) and as the label lays it out (LineMeasure). (Not FontMetrics.advanceWidth(text): a
    // binding over that call missed a change of text size.)
    readonly property real naturalWidth: labelMeasure.lineWidth
    implicitWidth: Math.max(Theme.target, Math.min(naturalWidth, maxTextWidth) + iconPart + 2 * padding)
    LineMeasure { id: labelMeasure; font.pixelSize: root.textSize; text: root.text }
    radius: Theme.radius
    color: primary ? Theme.primary : Theme.surface
    border.color: Theme.border
    border.width: Theme.borderWidth
    scale: area.pressed ? 0.96 : 1.0

    Accessible.role: Accessible.Button
    Accessible.name: root.text
    Accessible.onPressAction: root.clicked()

    Row {
        id: content
        anchors.centerIn: parent
        spacing: Theme.buttonSpacing
        layoutDirection: root.iconAfter ? Qt.RightToLeft : Qt.LeftToRight
        KIcon {
            visible: root.icon !== ""
            name: root.icon
            color: label.color
            anchors.verticalCenter: parent.verticalCenter
        }
        FitText {
            id: label
            text: root.text
            visible: text !== ""
            color: root.primary ? Theme.textOnPrimary : Theme.primary
            baseSize: root.textSize
            font.bold: true
            anchors.verticalCenter: parent.verticalCenter
            width: Math.max(1, Math.min(root.naturalWidth, root.maxTextWidth, root.width - root.iconPart - 2 * root.padding))
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
        }
    }

    MouseArea {
        id: area
        anchors.fill: parent
        onClicked: root.clicked()
    }
}
