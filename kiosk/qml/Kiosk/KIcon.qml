import QtQuick
import QtQuick.Shapes

// A simple filled icon drawn in the theme's colours (no bitmap to recolour).
Item {
    id: root
    property string name: ""
    property color color: Theme.text
    implicitWidth: Theme.iconSize
    implicitHeight: Theme.iconSize

    // Arrows point the way of reading: mirrored for right-to-left languages.
    readonly property bool directional: name === "next" || name === "back" || name === "again"
    readonly property bool stroked: name === "globe"
    transform: Scale {
        origin.x: root.width / 2
        xScale: root.directional && root.LayoutMirroring.enabled ? -1 : 1
    }

    readonly property var paths: ({
        "next": "M6 20 H30 L20 10 L25 5 L44 24 L25 43 L20 38 L30 28 H6 Z",
        "back": "M42 20 H18 L28 10 L23 5 L4 24 L23 43 L28 38 L18 28 H42 Z",
        "home": "M24 4 L46 24 H40 V44 H29 V31 H19 V44 H8 V24 H2 Z",
        "close": "M9 14 L14 9 L24 19 L34 9 L39 14 L29 24 L39 34 L34 39 L24 29 L14 39 L9 34 L19 24 Z",
        "check": "M4 25 L11 18 L19 26 L37 8 L44 15 L19 40 Z",
        "book": "M4 8 H18 C21 8 23 10 23 13 V42 C23 39 21 37 18 37 H4 Z M44 8 H30 C27 8 25 10 25 13 V42 C25 39 27 37 30 37 H44 Z",
        "again": "M24 4 A20 20 0 1 1 4 24 H11 A13 13 0 1 0 24 11 V18 L13 8 L24 -2 Z",
        "globe": "M24 3 A21 21 0 1 1 23.99 3 Z M3 24 H45 M24 3 C11 15 11 33 24 45 M24 3 C37 15 37 33 24 45 M7 13 H41 M7 35 H41",
        "speaker": "M3 17 H13 L25 6 V42 L13 31 H3 Z M30 15 L33 12 C40 19 40 29 33 36 L30 33 C35 28 35 20 30 15 Z M35 9 L38 6 C48 16 48 32 38 42 L35 39 C43 31 43 17 35 9 Z",
        "stop": "M9 9 H39 V39 H9 Z",
        "question": "M24 2 A22 22 0 1 1 23.9 2 Z M21 34 V40 H27 V34 Z M24 9 C17 9 13 13 13 19 H19 C19 16 21 14 24 14 C27 14 29 16 29 18 C29 21 21 23 21 30 H27 C27 25 35 23 35 17 C35 12 31 9 24 9 Z"
    })

    Shape {
        anchors.fill: parent
        antialiasing: true
        ShapePath {
            fillColor: root.stroked ? "transparent" : root.color
            strokeColor: root.stroked ? root.color : "transparent"
            strokeWidth: root.stroked ? Math.max(2, 4 * root.width / 48) : -1
            fillRule: ShapePath.OddEvenFill
            scale: Qt.size(root.width / 48, root.height / 48)
            PathSvg { path: root.paths[root.name] || "" }
        }
    }
}
