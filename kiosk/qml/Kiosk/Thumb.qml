pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// A small drawing (a home tile's, an answer's, a related topic's), asked for at its box's size
// once that box has settled: a tile's box changes size while its words are laid out, and each
// size asked for is a render (kiosk/qt/drawing.py). Drawn on a worker thread and then loaded on
// the GUI thread, as Picture.qml explains (Qt's loader thread calling Python deadlocked).
Image {
    id: root
    property string picture: ""
    required property Pictures pictures
    // For tests and screenshots (kiosk.qt.items.wait_for_pictures): the picture is drawn at its
    // box's settled size. (A box too small to draw in has nothing pending.)
    readonly property bool drawn: root.picture === "" || root.width < Theme.pictureSmallestBox
                                  || root.height < Theme.pictureSmallestBox
                                  || (root.source.toString() === root.picture && root.status === Image.Ready
                                      && root.sourceSize.width === Math.floor(root.width)
                                      && root.sourceSize.height === Math.floor(root.height))
    asynchronous: false
    cache: false  // (kiosk/qt/drawing.py keeps the renders)
    fillMode: Image.PreserveAspectFit

    onPictureChanged: Qt.callLater(root.settle)
    onWidthChanged: Qt.callLater(root.settle)
    onHeightChanged: Qt.callLater(root.settle)
    Component.onCompleted: root.settle()
    Connections {
        target: root.pictures
        function onDrawn(url: string): void {
            if (url === root.picture)
                root.settle()
        }
    }

    function settle(): void {
        if (root.picture === "") {
            root.source = ""
            return
        }
        const w = Math.floor(root.width)
        const h = Math.floor(root.height)
        if (w < Theme.pictureSmallestBox || h < Theme.pictureSmallestBox)
            return  // a layout on its way: a later size change settles again
        if (!root.pictures.ready(root.picture, w, h))
            return  // being drawn: `drawn` settles again
        if (root.sourceSize.width !== w || root.sourceSize.height !== h)
            root.sourceSize = Qt.size(w, h)
        if (root.source.toString() !== root.picture)
            root.source = root.picture
    }
}
