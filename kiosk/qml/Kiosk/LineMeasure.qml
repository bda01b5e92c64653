pragma ComponentBehavior: Bound
import QtQuick

// One line of words laid out as a button's label lays it out, never shown: the width that
// line needs, and the width of a KButton showing it. (TextMetrics and FontMetrics give the
// advance, which leaves out the ink of the last letter past it: 4 px for many bold Arabic words
// at 40 px, and a button or bar made to the advance wrapped its last word onto a second line.)
Text {
    visible: false
    font.bold: true
    font.pixelSize: Theme.buttonSize
    readonly property real lineWidth: text !== "" ? Math.ceil(implicitWidth) + 2 : 0

    // The width of a KButton with these words (at this size) and, with `withIcon`, its icon.
    function buttonWidth(withIcon: bool): real {
        return Math.max(Theme.target, lineWidth + (withIcon ? Theme.iconSize + Theme.buttonSpacing : 0) + 2 * Theme.buttonPadding)
    }
}
