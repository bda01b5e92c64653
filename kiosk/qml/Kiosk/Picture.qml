pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// A drawing on a white card, rendered at the size shown (sharp at any size), with its
// words drawn by the app. When the picture changes the new one fades in over the old,
// so a part that is removed fades out and a part that is added fades in; with less
// movement the change is instant.
Rectangle {
    id: root
    property string source: ""
    property string description: ""
    property var labels: []
    required property Pictures pictures
    color: Theme.pictureCard
    radius: Theme.radius
    border.color: Theme.softBorder
    border.width: Theme.borderWidth

    Accessible.role: Accessible.Graphic
    Accessible.name: root.description

    property Image front: imageA
    property Image back: imageB
    readonly property Image shown: front
    readonly property real shownOpacity: front.opacity  // for tests: 1 once a change has faded in
    // For tests and the benchmark: the picture asked for is drawn (at its box's size) and shown.
    // (A box too small to draw in has nothing pending.)
    readonly property bool drawn: source === "" || canvas.width < smallestBox || canvas.height < smallestBox
                                  || (front.source.toString() === source && front.status === Image.Ready
                                                    && front.sourceSize.width === Math.floor(canvas.width)
                                                    && front.sourceSize.height === Math.floor(canvas.height))
    // A box smaller than this is a layout on its way (1x1, 1x508 were seen), not a place to draw.
    readonly property int smallestBox: Theme.pictureSmallestBox
    property bool revealing: false  // the front has a new picture on its way, not yet faded in

    // The drawing is asked for once the box has settled, at that box's size: a page's layout
    // passes through several sizes in one turn of the event loop, and each size asked for is a
    // render (kiosk/qt/drawing.py). It is drawn on a worker thread (usually ahead, while the
    // patient reads the page before); a render not drawn yet is drawn there now, and the Image
    // loads it once `pictures` says it is drawn, so the page's words never wait for it. The
    // Image itself loads on the GUI thread (not `asynchronous`): Qt's image loader thread,
    // calling the drawing provider in Python while it held a lock of Qt's, deadlocked with the
    // GUI thread holding Python's lock and waiting for Qt's (a frozen kiosk; README "Pictures
    // off the GUI thread"). The new picture fades in over the old one, which keeps the size it
    // was drawn at while it fades out.
    //
    // A new picture that will fade in over the one shown settles after the frame of the tap
    // that changed it (that frame shows the old picture all the same: the fade starts from it).
    // Its render is asked for, drawn and loaded then, not while the patient waits for that
    // frame: a drawing on the worker thread holds Python's lock while Qt draws it, and the tap's
    // own Python would wait for it (bench/ui.py; README "Where the goals stand").
    onSourceChanged: {
        if (root.fadesNext()) {
            root.afterFrame = true
            root.Window.window?.update()  // (the frame comes: the page's words changed too)
        } else {
            Qt.callLater(root.settle)
        }
    }
    property bool afterFrame: false
    Connections {
        target: root.Window.window
        enabled: root.afterFrame
        function onFrameSwapped(): void {
            root.afterFrame = false
            Qt.callLater(root.settle)  // (not inside frameSwapped: on the next turn of the event loop)
        }
    }
    // True if a new source now would fade in over a picture on screen (see settle and reveal).
    function fadesNext(): bool {
        return root.source !== "" && root.visible && !root.fresh && !Theme.reducedMotion
               && root.front.source.toString() !== "" && root.front.status === Image.Ready
    }
    Connections {
        target: root.pictures
        function onDrawn(url: string): void {
            if (url === root.source)
                root.settle()
        }
    }
    // A picture hidden (another screen, a closed card) is not faded from when it shows again.
    property bool fresh: true
    onVisibleChanged: if (!visible) fresh = true

    function settle(): void {
        if (root.source === "") {  // (at any size: a hidden card lets its old picture go)
            fade.stop()
            imageA.source = ""
            imageB.source = ""
            return
        }
        const w = Math.floor(canvas.width)
        const h = Math.floor(canvas.height)
        if (w < root.smallestBox || h < root.smallestBox)
            return  // a later size change settles again
        if (!root.pictures.ready(root.source, w, h))
            return  // being drawn (the old picture shows meanwhile): `drawn` settles again
        if (root.front.source.toString() === root.source) {
            if (root.front.sourceSize.width !== w || root.front.sourceSize.height !== h)
                root.front.sourceSize = Qt.size(w, h)  // the box changed: the same picture at its new size
            return
        }
        if (root.fresh || !root.visible) {
            fade.stop()  // nothing to fade from: the new picture shows once drawn
            root.back.opacity = 0
            root.back.source = ""
        } else if (root.front.source.toString() !== "" && root.front.status === Image.Ready) {
            // The one shown becomes the back, to fade out (one that failed to load is simply replaced).
            const old = root.front
            root.front = root.back
            root.back = old
        }
        root.fresh = false
        root.front.opacity = 0
        root.revealing = true
        root.front.sourceSize = Qt.size(w, h)
        root.front.source = root.source  // (loaded at once: the Images are synchronous)
        root.reveal(root.front)  // (a no-op if its status change has revealed it already)
    }

    function reveal(image: Image): void {
        if (!root.revealing || image !== root.front)
            return  // (a picture drawn again at a new size stays as it is)
        root.revealing = false
        if (Theme.reducedMotion || root.back.source.toString() === "" || !root.visible) {
            fade.stop()
            root.front.opacity = 1
            root.back.opacity = 0
            root.back.source = ""
            return
        }
        fade.restart()
    }

    ParallelAnimation {
        id: fade
        NumberAnimation { target: root.front; property: "opacity"; to: 1; duration: 450; easing.type: Easing.InOutQuad }
        NumberAnimation { target: root.back; property: "opacity"; to: 0; duration: 450; easing.type: Easing.InOutQuad }
        onFinished: root.back.source = ""
    }

    Item {
        id: canvas
        anchors.fill: parent
        anchors.margins: Theme.gapS
        onWidthChanged: Qt.callLater(root.settle)
        onHeightChanged: Qt.callLater(root.settle)
        Image {
            id: imageA
            objectName: "pictureImage"
            anchors.fill: parent
            fillMode: Image.PreserveAspectFit
            asynchronous: false  // (see the comment above settle)
            cache: false
            smooth: true
            opacity: 0
            onStatusChanged: root.reveal(imageA)
        }
        Image {
            id: imageB
            anchors.fill: parent
            fillMode: Image.PreserveAspectFit
            asynchronous: false  // (see the comment above settle)
            cache: false
            smooth: true
            opacity: 0
            onStatusChanged: root.reveal(imageB)
        }

        // Where the drawing actually is inside the card (it keeps its proportions).
        // (While the new drawing is being drawn, the old one's: a topic's pictures share a drawing.)
        readonly property Image placed: root.front.status === Image.Ready || root.back.status !== Image.Ready ? root.front : root.back
        readonly property real drawnWidth: placed.paintedWidth
        readonly property real drawnHeight: placed.paintedHeight
        readonly property real drawnX: (width - drawnWidth) / 2
        readonly property real drawnY: (height - drawnHeight) / 2

        // Labels kept from picture to picture, as the checklist's rows (Checklist.qml).
        Repeater {
            model: Math.max(3, root.labels.length)
            delegate: Item {
                id: label
                required property int index
                readonly property var modelData: root.labels[index] ?? { "x": 0, "y": 0, "text": "", "below": false }
                visible: index < root.labels.length
                readonly property real ax: canvas.drawnX + modelData.x * canvas.drawnWidth
                readonly property real ay: canvas.drawnY + modelData.y * canvas.drawnHeight
                Rectangle {
                    // the dot on the part
                    x: label.ax - width / 2
                    y: label.ay - height / 2
                    width: Theme.labelDot
                    height: width
                    radius: width / 2
                    color: Theme.labelMark
                    border.color: Theme.labelBackground
                    border.width: Theme.borderWidthThin
                }
                Rectangle {
                    id: pill
                    objectName: "pictureLabel"
                    property string text: label.modelData.text
                    // above (or below) the dot, kept inside the picture
                    x: Math.max(0, Math.min(canvas.width - width, label.ax - width / 2))
                    y: Math.max(0, Math.min(canvas.height - height,
                                            label.modelData.below ? label.ay + Theme.gapS : label.ay - height - Theme.gapS))
                    width: Math.min(canvas.width, labelText.implicitWidth + Theme.gap)
                    height: labelText.implicitHeight + Theme.gapXS
                    radius: height / 2
                    color: Theme.labelBackground
                    border.color: Theme.labelMark
                    border.width: Theme.borderWidthThin
                    Text {
                        id: labelText
                        anchors.centerIn: parent
                        width: Math.min(implicitWidth, canvas.width - Theme.gap)
                        text: pill.text
                        color: Theme.labelText
                        font.pixelSize: Theme.smallSize
                        font.bold: true
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
            }
        }
    }
}
