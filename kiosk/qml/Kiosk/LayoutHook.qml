pragma ComponentBehavior: Bound
import QtQuick

// A hook into the layout step of the next frame (Qt's polish step, which runs just before a
// frame is drawn): request() asks for it, and layingOut() is signalled in it, so whatever the
// handler changes is laid out in that same step and drawn in that same frame. (Qt.callLater
// can run after the next frame; afterAnimating comes after the layout step, so views and
// positioners would draw the change a frame late.) How: Qt lays out positioners in that step
// and signals positioningComplete; a change of spacing asks it to lay this one (empty) out.
Row {
    id: hook
    signal layingOut()
    visible: false
    // A handler that asks again from inside the step gets a few more rounds in it, then waits
    // for the next frame: what it changes keeps changing what it measures, and without a bound
    // the step would spin (Qt stops a polish loop after many rounds, with a warning, and the
    // next frame would spin again). The caller's own Qt.callLater still runs once it waits.
    readonly property int maxRounds: 4
    property int rounds: 0
    function request() {
        if (rounds < maxRounds)
            spacing = spacing === 0 ? 1 : 0
    }
    onPositioningComplete: {
        if (rounds === 0)
            Qt.callLater(hook.endOfStep)
        rounds += 1
        layingOut()
    }
    function endOfStep() { rounds = 0 }
}
