pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// One large illustrated tile per topic. More topics than fit scroll vertically.
Rectangle {
    id: root
    required property TopicModel topics
    required property PageBridge page
    required property DisplayBridge display
    color: Theme.background
    readonly property bool portrait: height > width
    // Fewer, wider tiles when the text is large, so long words still fit.
    readonly property int columns: (portrait ? 2 : 3) - (Theme.textScale > 1.2 ? 1 : 0)
    // Room a tile needs: a small picture plus the tallest title and summary among the tiles, as
    // they wrap at the tile's width. Tiles never get shorter than that (more rows scroll instead),
    // so no tile's text spills out of it at any tile count, text size or language.
    readonly property int tilePictureMin: Theme.pictureMinHeight
    readonly property int tilePadding: 2 * Theme.gapS + Theme.gapXS  // above, between and below picture and text
    readonly property real tileNeeds: measure.tallest + tilePictureMin + tilePadding + Theme.gap

    // Each tile's title and summary laid out (not shown) at the tile's text width.
    Item {
        id: measure
        visible: false
        width: Math.max(1, grid.cellWidth - Theme.gap - 2 * Theme.gapS)
        // Kept up to date from the delegates (a binding over itemAt() misses items created later).
        property real tallest: 0
        function update() {
            let most = 0
            for (let i = 0; i < measurer.count; ++i) {
                const item = measurer.itemAt(i)
                if (item) most = Math.max(most, item.implicitHeight)
            }
            tallest = most
        }
        Repeater {
            id: measurer
            model: root.topics
            onItemAdded: Qt.callLater(measure.update)
            onItemRemoved: Qt.callLater(measure.update)
            delegate: Item {
                id: measured
                required property string topicId
                required property string title
                required property string summary
                objectName: "tileText-" + topicId
                width: measure.width
                implicitHeight: measuredTitle.implicitHeight + measuredSummary.implicitHeight
                onImplicitHeightChanged: Qt.callLater(measure.update)
                FitText {
                    id: measuredTitle
                    width: parent.width
                    text: measured.title
                    baseSize: Theme.headingSize
                    font.bold: true
                }
                Text {
                    id: measuredSummary
                    width: parent.width
                    text: measured.summary
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.WordWrap
                }
            }
        }
    }

    Text {
        id: heading
        objectName: "homeHeading"
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: Theme.margin }
        text: qsTr("What would you like to learn about?")
        color: Theme.text
        font.pixelSize: Theme.titleSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    Text {
        id: hint
        anchors { top: heading.bottom; topMargin: Theme.gapXS; left: heading.left; right: heading.right }
        text: qsTr("Tap a picture to begin.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.WordWrap
    }

    GridView {
        id: grid
        objectName: "topicGrid"
        anchors { top: hint.bottom; topMargin: Theme.gap; left: parent.left; right: parent.right; bottom: bottomBar.top
                  leftMargin: Theme.margin - Theme.gap / 2; rightMargin: Theme.margin - Theme.gap / 2; bottomMargin: Theme.gap / 2 }
        clip: true
        model: root.topics
        cellWidth: Math.floor(width / root.columns)
        cellHeight: Math.max(root.tileNeeds, Math.floor(height / Math.ceil(Math.max(1, count) / root.columns)))
        boundsBehavior: Flickable.StopAtBounds
        interactive: contentHeight > height

        delegate: Item {
            id: cell
            required property string topicId
            required property string title
            required property string summary
            required property string picture
            width: grid.cellWidth
            height: grid.cellHeight

            Rectangle {
                id: tile
                objectName: "tile-" + cell.topicId
                anchors.fill: parent
                anchors.margins: Theme.gap / 2
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
                border.width: Theme.borderWidth
                scale: tileArea.pressed ? 0.97 : 1.0

                Accessible.role: Accessible.Button
                Accessible.name: cell.title
                Accessible.description: cell.summary
                Accessible.onPressAction: root.page.openTopic(cell.topicId)

                Image {
                    id: tileImage
                    anchors { top: parent.top; left: parent.left; right: parent.right; margins: Theme.gapS }
                    height: Math.max(root.tilePictureMin, parent.height - tileTitle.implicitHeight - tileSummary.implicitHeight - root.tilePadding)
                    source: cell.picture
                    sourceSize.width: Math.max(1, width)
                    sourceSize.height: Math.max(1, height)
                    fillMode: Image.PreserveAspectFit
                }
                FitText {
                    id: tileTitle
                    anchors { top: tileImage.bottom; topMargin: Theme.gapXS; left: parent.left; right: parent.right; leftMargin: Theme.gapS; rightMargin: Theme.gapS }
                    text: cell.title
                    color: Theme.text
                    baseSize: Theme.headingSize
                    font.bold: true
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
                Text {
                    id: tileSummary
                    objectName: "tileSummary"
                    anchors { top: tileTitle.bottom; left: tileTitle.left; right: tileTitle.right }
                    text: cell.summary
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
                MouseArea {
                    id: tileArea
                    anchors.fill: parent
                    onClicked: root.page.openTopic(cell.topicId)
                }
            }
        }
    }

    // More tiles below: a bar at the side shows where in the list the patient is.
    Rectangle {
        objectName: "homeScrollIndicator"
        visible: grid.interactive
        anchors.right: grid.right
        anchors.rightMargin: -Theme.gap / 2 - width
        y: grid.y + grid.visibleArea.yPosition * grid.height
        width: Theme.scrollBarWidth
        height: Math.max(Theme.scrollBarMinLength, grid.visibleArea.heightRatio * grid.height)
        radius: width / 2
        color: Theme.primary
    }

    BottomBar {
        id: bottomBar
        objectName: "homeBottomBar"
        display: root.display
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        showBack: false
        showNext: false
        onHome: root.page.home()
    }
}
