pragma ComponentBehavior: Bound
import QtQuick

// A hook into the layout step of the next frame (Qt's polish step, which runs just before a
// frame is drawn): request() asks for it, and layingOut() is signalled in it, so whatever the
// handler changes is laid out in that same step and drawn in that same frame. (Qt.callLater
// can run after the next frame; afterAnimating comes after the layout step, so views and
// positioners would draw the change a frame late.) How: Qt lays out positioners in that step
// and signals positioningComplete; a change of spacing asks it to lay this one (empty) out.
Row {
    signal layingOut()
    visible: false
    function request() { spacing = spacing === 0 ? 1 : 0 }
    onPositioningComplete: layingOut()
}
