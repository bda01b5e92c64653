pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// One large illustrated tile per topic. With more topics than fit on one screen: the shelves
// (groups of topics) as big tiles, and a shelf's topics as pages of big tiles, with "Page 2 of 4"
// and big previous/next buttons. Nothing scrolls. How many tiles a page holds is decided in the
// core (kiosk/core/homeview.py) from what this screen measures and reports (home.setRoom).
Rectangle {
    id: root
    required property TopicModel topics
    required property HomeBridge home
    required property PageBridge page
    required property DisplayBridge display
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    color: Theme.background
    readonly property bool portrait: height > width
    readonly property bool paged: home.mode !== "list"
    readonly property int columns: Math.max(1, home.columns)
    readonly property int rows: Math.max(1, home.tileRows)
    // What a tile needs besides its words: the smallest picture, padding above, between and
    // below picture and text, and the gap between tiles.
    readonly property int tilePictureMin: Theme.pictureMinHeight
    readonly property int tilePadding: 2 * Theme.gapS + Theme.gapXS
    readonly property int tileExtra: tilePictureMin + tilePadding + Theme.gap
    readonly property real gridWidth: width - 2 * Theme.margin + Theme.gap
    function textWidth(cols) { return Math.max(1, Math.floor(gridWidth / cols) - Theme.gap - 2 * Theme.gapS) }

    // ---- what the core needs to know: measured here, reported, decided there -------------------
    // The height for rows of tiles under the usual heading and hint, without page buttons
    // (measured with the usual words, whatever this page's heading says).
    readonly property real listHeight: height - Theme.margin - listHeadingMeasure.implicitHeight
                                       - (listHeading2Measure.text !== "" && !listHeading2Beside ? listHeading2Measure.implicitHeight : 0)
                                       - Theme.gapXS
                                       - listHintMeasure.implicitHeight - Theme.gap - bottomBar.height - Theme.gap / 2
    // The height for rows of tiles above the page buttons, under this page's heading (pages have no hint).
    readonly property real pagedHeight: bottomBar.y - pager.implicitHeight - Theme.gap - (root.headingBottom + Theme.gap)
    // The tallest title and second line (summary, or a shelf's count) of one tile, at 1, 2 and 3 columns.
    property var textHeights: [0, 0, 0]
    readonly property var room: [portrait, Theme.textScale, listHeight, pagedHeight, tileExtra, tilePictureMin,
                                 textHeights[0], textHeights[1], textHeights[2]]
    // The tiles' words are measured again and the room goes to the core once per change, in
    // the layout step of the next frame at the latest (LayoutHook), so the tiles the core then
    // decides on are laid out and drawn in that frame. (With Qt.callLater alone a frame could
    // come first: after a change of text size the tiles showed in the old rows for a frame,
    // then jumped.) Qt.callLater still covers a change while no frame is coming.
    onRoomChanged: measureSoon()
    Component.onCompleted: measureSoon()
    property bool measureDue: false
    function measureSoon() {
        if (!measureDue) {
            measureDue = true
            layoutHook.request()
            Qt.callLater(report)
        }
    }
    LayoutHook {
        id: layoutHook
        onLayingOut: root.report()
    }
    function report() {
        if (!measureDue)
            return
        for (let i = 0; i < measurers.count; ++i)
            (measurers.itemAt(i) as MeasureColumn)?.update()  // (which can change the room)
        measureDue = false
        if (width <= 0 || height <= 0)
            return
        home.setRoom(portrait, Theme.textScale, listHeight, pagedHeight, tileExtra, tilePictureMin,
                     textHeights[0], textHeights[1], textHeights[2])
    }
    function setTextHeight(columnIndex, tallest) {
        const heights = textHeights.slice()
        heights[columnIndex] = tallest
        textHeights = heights
    }

    Text {
        id: listHeadingMeasure
        visible: false
        width: heading.width
        text: qsTr("What would you like to learn about?")
        font.pixelSize: Theme.titleSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    // (One line of each, as Text lays it out: TextMetrics leaves out the ink of a bold Arabic word's last letter.)
    Text { id: listHeadingLine; visible: false; text: listHeadingMeasure.text; font: listHeadingMeasure.font }
    Text { id: listHeading2Line; visible: false; text: listHeading2Measure.text; font: listHeading2Measure.font }
    readonly property bool listHeading2Beside: Theme.secondFitsBeside(listHeadingLine.implicitWidth, listHeading2Line.implicitWidth,
                                                                      listHeadingMeasure.width)
    Text {
        id: listHeading2Measure
        visible: false
        width: heading.width
        text: root.display.learn2
        font.pixelSize: Theme.bodySize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    Text {
        id: listHintMeasure
        visible: false
        width: heading.width
        text: qsTr("Tap a picture to begin.")
        font.pixelSize: Theme.bodySize
        wrapMode: Text.WordWrap
    }

    // The longest tiles' words laid out (not shown) at the text width of 1, 2 and 3 columns.
    Repeater {
        id: measurers
        model: 3
        delegate: MeasureColumn {}
    }
    component MeasureColumn: Item {
        id: column
        required property int index
        property real tallest: 0
        visible: false
        width: root.textWidth(index + 1)
        function update() {
            let most = 0
            for (let i = 0; i < sample.count; ++i) {
                const item = sample.itemAt(i)
                if (item)
                    most = Math.max(most, item.implicitHeight)
            }
            tallest = most
        }
        onTallestChanged: root.setTextHeight(index, tallest)
        Repeater {
            id: sample
            model: root.home.measure
            onItemAdded: root.measureSoon()
            onItemRemoved: root.measureSoon()
            delegate: Item {
                id: measured
                required property var modelData
                // kiosk validate names the tile whose words need the most room (kiosk/qt/textfit.py).
                objectName: "tileText-" + (column.index + 1) + "-" + modelData.id
                width: column.width
                implicitHeight: children[0].implicitHeight + (modelData.title2 ? children[1].implicitHeight : 0)
                                + children[2].implicitHeight
                FitText {
                    width: parent.width
                    text: measured.modelData.title
                    baseSize: Theme.headingSize
                    font.bold: true
                    onImplicitHeightChanged: root.measureSoon()
                }
                Text {
                    width: parent.width
                    text: measured.modelData.title2
                    font.pixelSize: Theme.smallSize
                    font.bold: true
                    wrapMode: Text.WordWrap
                    onImplicitHeightChanged: root.measureSoon()
                }
                Text {
                    width: parent.width
                    text: measured.modelData.count >= 0 ? root.countText(measured.modelData.count) : measured.modelData.summary
                    font.pixelSize: Theme.smallSize
                    font.bold: measured.modelData.count >= 0
                    wrapMode: Text.WordWrap
                    onImplicitHeightChanged: root.measureSoon()
                }
            }
        }
    }

    //: On a group's tile: how many topics the group holds (%1 is the number).
    function countText(count) { return qsTr("Topics: %1").arg(count) }

    // ---- what the patient sees -----------------------------------------------------------------
    Text {
        id: heading
        objectName: "homeHeading"
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: Theme.margin }
        //: The heading above the groups of topics (shelves) when a library has more topics than fit on one screen.
        text: root.home.backToShelves ? root.home.shelfTitle
            : root.home.mode === "shelves" ? qsTr("Choose a subject") : qsTr("What would you like to learn about?")
        color: Theme.text
        // Pages of tiles: a smaller heading leaves the tiles more room.
        font.pixelSize: root.paged ? Theme.headingSize : Theme.titleSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    // The heading in the second language (for a family member), under the first.
    // Beside the first when both fit on its line (the tiles keep the room), else under it.
    Text { id: headingLine; visible: false; text: heading.text; font: heading.font }
    Text { id: heading2Line; visible: false; text: heading2Text.text; font: heading2Text.font; textFormat: Text.PlainText }
    readonly property bool heading2Beside: Theme.secondFitsBeside(headingLine.implicitWidth, heading2Line.implicitWidth, heading.width)
    readonly property real headingBottom: heading.y + heading.height + (heading2.visible && !heading2Beside ? heading2.height : 0)
    Item {  // (follows the page's direction; the words inside keep their own)
        id: heading2
        visible: heading2Text.text !== ""
        anchors { left: heading.left; leftMargin: root.heading2Beside ? headingLine.implicitWidth + Theme.gapL : 0 }
        y: root.heading2Beside ? heading.y + heading.baselineOffset - heading2Text.baselineOffset : heading.y + heading.height
        width: root.heading2Beside ? Math.ceil(heading2Line.implicitWidth) + Theme.secondSlack : heading.width
        height: heading2Text.implicitHeight
        SecondText {
            id: heading2Text
            objectName: "homeHeading2"
            width: parent.width
            text: root.home.backToShelves ? root.home.shelfTitle2
                : root.home.mode === "shelves" ? root.display.choose2 : root.display.learn2
            rtl: root.display.secondRtl
            font.bold: true
        }
    }
    Text {
        id: hint
        objectName: "homeHint"
        anchors { top: parent.top; topMargin: root.headingBottom + Theme.gapXS; left: heading.left; right: heading.right }
        // Pages of tiles need every row: the heading alone says what they are.
        visible: !root.paged
        text: qsTr("Tap a picture to begin.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.WordWrap
    }

    GridView {
        id: grid
        objectName: "topicGrid"
        anchors { top: root.paged ? parent.top : hint.bottom; topMargin: root.paged ? root.headingBottom + Theme.gap : Theme.gap; left: parent.left; right: parent.right
                  bottom: pager.visible ? pager.top : bottomBar.top
                  leftMargin: Theme.margin - Theme.gap / 2; rightMargin: Theme.margin - Theme.gap / 2; bottomMargin: Theme.gap / 2 }
        model: root.topics
        cellWidth: Math.floor(width / root.columns)
        cellHeight: Math.floor(height / root.rows)
        interactive: false

        delegate: Item {
            id: cell
            required property string topicId
            required property string title
            required property string title2
            required property string summary
            required property string picture
            required property int count
            readonly property bool shelf: count >= 0
            readonly property string second: shelf ? root.countText(count) : summary
            width: grid.cellWidth
            height: grid.cellHeight

            Rectangle {
                id: tile
                objectName: (cell.shelf ? "shelf-" : "tile-") + cell.topicId
                anchors.fill: parent
                anchors.margins: Theme.gap / 2
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
                border.width: Theme.borderWidth
                scale: tileArea.pressed ? 0.97 : 1.0

                Accessible.role: Accessible.Button
                Accessible.name: cell.title2 !== "" ? cell.title + ", " + cell.title2 : cell.title
                Accessible.description: cell.second
                Accessible.onPressAction: tile.tapped()
                function tapped() {
                    if (cell.shelf)
                        root.home.openShelf(cell.topicId)
                    else
                        root.page.openTopic(cell.topicId)
                }

                Thumb {
                    id: tileImage

                    pictures: root.pictures
                    anchors { top: parent.top; left: parent.left; right: parent.right; margins: Theme.gapS }
                    // Left out only when the core found the words fit no other way (home.pictures).
                    visible: root.home.pictures
                    height: visible ? Math.max(root.tilePictureMin, parent.height - tileTitle.implicitHeight
                                               - (tileTitle2.visible ? tileTitle2.implicitHeight : 0)
                                               - tileSummary.implicitHeight - root.tilePadding) : 0
                    picture: cell.picture
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
                // The title in the second language (for a family member), centred under the first.
                Text {
                    id: tileTitle2
                    objectName: (cell.shelf ? "shelfTitle2-" : "tileTitle2-") + cell.topicId
                    anchors { top: tileTitle.bottom; left: tileTitle.left; right: tileTitle.right }
                    visible: text !== ""
                    text: cell.title2
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    font.bold: true
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
                Text {
                    id: tileSummary
                    objectName: cell.shelf ? "shelfCount" : "tileSummary"
                    anchors { top: tileTitle2.visible ? tileTitle2.bottom : tileTitle.bottom; left: tileTitle.left; right: tileTitle.right }
                    text: cell.second
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    font.bold: cell.shelf
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                }
                MouseArea {
                    id: tileArea
                    anchors.fill: parent
                    onClicked: tile.tapped()
                }
            }
        }
    }

    // Previous page, "Page 2 of 4", next page: big buttons above the bottom bar, mirrored for
    // right-to-left languages. Icons only when the words do not fit beside the page number.
    Item {
        id: pager
        objectName: "homePager"
        visible: root.paged && root.home.pageCount > 1
        anchors { left: parent.left; right: parent.right; bottom: bottomBar.top; bottomMargin: Theme.gap / 2
                  leftMargin: Theme.margin; rightMargin: Theme.margin }
        implicitHeight: Math.max(Theme.target, pageLabel.implicitHeight, previousButton.implicitHeight, nextPageButton.implicitHeight)
        height: implicitHeight
        readonly property real labelRoom: width - previousButton.width - nextPageButton.width - 2 * Theme.gapL
        // The row's width with the buttons' labels shown, as its buttons and label will take it.
        readonly property real fullWidth: previousMeasure.buttonWidth(true) + nextMeasure.buttonWidth(true)
                                          + pageMeasure.lineWidth + 2 * Theme.gapL
        readonly property bool iconOnly: fullWidth > width

        LineMeasure { id: previousMeasure; text: previousButton.label }
        LineMeasure { id: nextMeasure; text: nextPageButton.label }
        LineMeasure { id: pageMeasure; font.pixelSize: Theme.bodySize; text: pageLabel.text }

        KButton {
            id: previousButton
            objectName: "previousPageButton"
            readonly property string label: qsTr("Previous page")
            anchors { left: parent.left; verticalCenter: parent.verticalCenter }
            text: pager.iconOnly ? "" : label
            icon: "back"
            Accessible.name: label
            enabled: root.home.pageNumber > 1
            opacity: enabled ? 1.0 : 0.0
            onClicked: root.home.previousPage()
        }
        FitText {
            id: pageLabel
            objectName: "pageLabel"
            anchors { left: previousButton.right; right: nextPageButton.left; leftMargin: Theme.gapL; rightMargin: Theme.gapL
                      verticalCenter: parent.verticalCenter }
            //: Under the tiles of the home screen: %1 is this page's number, %2 how many pages there are.
            text: qsTr("Page %1 of %2").arg(root.home.pageNumber).arg(root.home.pageCount)
            color: Theme.text
            baseSize: Theme.bodySize
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
        }
        KButton {
            id: nextPageButton
            objectName: "nextPageButton"
            readonly property string label: qsTr("Next page")
            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
            primary: true
            text: pager.iconOnly ? "" : label
            icon: "next"
            iconAfter: true
            Accessible.name: label
            enabled: root.home.pageNumber < root.home.pageCount
            opacity: enabled ? 1.0 : 0.0
            onClicked: root.home.nextPage()
        }
    }

    BottomBar {
        id: bottomBar
        objectName: "homeBottomBar"
        display: root.display
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        showBack: root.home.backToShelves
        showNext: false
        onHome: root.page.home()
        onBack: root.page.back()
    }
}
