pragma ComponentBehavior: Bound
import QtQuick

// A simple icon in the theme's colours, drawn at the size shown.
Item {
    id: root
    property string name: ""
    property color color: Theme.text
    implicitWidth: Theme.iconSize
    implicitHeight: Theme.iconSize

    // Arrows point the way of reading: mirrored for right-to-left languages.
    readonly property bool directional: name === "next" || name === "back" || name === "again"
    transform: Scale {
        origin.x: root.width / 2
        xScale: root.directional && root.LayoutMirroring.enabled ? -1 : 1
    }

    // Drawn by the app as an image at the size shown (kiosk/qt/icons.py): an Image is clipped
    // by a Flickable under every scene graph, where a Shape was not under the software one.
    Image {
        anchors.fill: parent
        visible: root.name !== ""
        source: root.name !== "" ? "image://icon/" + root.name + "/" + root.color.toString().slice(-6) : ""
        sourceSize.width: Math.max(1, Math.round(root.width))
        sourceSize.height: Math.max(1, Math.round(root.height))
        smooth: true
    }
}
