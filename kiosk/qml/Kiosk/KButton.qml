import QtQuick

// The one button of the kiosk: big, high-contrast, named for screen readers.
Rectangle {
    id: root
    property string text: ""
    property string icon: ""
    property bool primary: false
    property bool iconAfter: false
    property int textSize: Theme.buttonSize
    // Longer labels wrap instead of being cut off.
    property int maxTextWidth: Theme.px(1100)
    signal clicked()

    implicitHeight: Math.max(Theme.target, label.implicitHeight + Theme.px(24))
    implicitWidth: Math.max(Theme.target, content.implicitWidth + 2 * Theme.px(32))
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
        spacing: Theme.px(16)
        layoutDirection: root.iconAfter ? Qt.RightToLeft : Qt.LeftToRight
        KIcon {
            visible: root.icon !== ""
            name: root.icon
            color: label.color
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            id: label
            text: root.text
            visible: text !== ""
            color: root.primary ? Theme.textOnPrimary : Theme.primary
            font.pixelSize: root.textSize
            font.bold: true
            anchors.verticalCenter: parent.verticalCenter
            width: Math.min(implicitWidth, root.maxTextWidth)
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
