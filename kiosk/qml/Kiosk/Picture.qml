pragma ComponentBehavior: Bound
import QtQuick

// A drawing on a white card, rendered at the size shown (sharp at any size), with its
// words drawn by the app. When the picture changes the new one fades in over the old,
// so a part that is removed fades out and a part that is added fades in; with less
// movement the change is instant.
Rectangle {
    id: root
    property string source: ""
    property string description: ""
    property var labels: []
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

    onSourceChanged: {
        if (front.source.toString() === source)
            return
        if (Theme.reducedMotion || front.source.toString() === "" || !visible) {
            fade.stop()
            front.source = source
            front.opacity = 1
            back.opacity = 0
            back.source = ""
            return
        }
        const old = front
        front = back
        back = old
        front.source = source
        front.opacity = 0
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
        Image {
            id: imageA
            objectName: "pictureImage"
            anchors.fill: parent
            fillMode: Image.PreserveAspectFit
            sourceSize.width: Math.max(1, width)
            sourceSize.height: Math.max(1, height)
            asynchronous: false
            cache: false
            smooth: true
        }
        Image {
            id: imageB
            anchors.fill: parent
            fillMode: Image.PreserveAspectFit
            sourceSize.width: Math.max(1, width)
            sourceSize.height: Math.max(1, height)
            asynchronous: false
            cache: false
            smooth: true
            opacity: 0
        }

        // Where the drawing actually is inside the card (it keeps its proportions).
        readonly property real drawnWidth: root.shown.paintedWidth
        readonly property real drawnHeight: root.shown.paintedHeight
        readonly property real drawnX: (width - drawnWidth) / 2
        readonly property real drawnY: (height - drawnHeight) / 2

        Repeater {
            model: root.labels
            delegate: Item {
                id: label
                required property var modelData
                required property int index
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
