pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// One page of a walk-through: picture, title, a few short sentences, "Step N of M",
// and big Home/Back/Next at the bottom. Swipe left for next, right for back.
// A recovery topic adds a timeline of its stages that the patient can tap.
Rectangle {
    id: root
    required property PageBridge page
    required property CardBridge card
    required property CheckBridge check  // a step opened from a wrong answer: Next returns to the question
    required property DisplayBridge display
    required property Speech speech
    required property Keypad keypad
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    color: Theme.background
    readonly property bool portrait: height > width
    readonly property bool recovery: page.topicKind === "recovery"
    readonly property string kind: page.pageKind
    // Landscape recovery stages at normal text: "What to do" sits under the picture.
    readonly property bool sideLayout: !portrait && Theme.textScale <= 1.2
    readonly property bool stageSide: kind === "stage" && sideLayout

    // One row always: when the two labels do not fit beside each other in ``room`` (large text,
    // long words), the buttons show their icons alone (their names are still spoken).
    component SpeechButtons: Row {
        id: buttons
        required property real room
        objectName: "speechRow"
        spacing: Theme.gapS
        readonly property string speakText: root.speech.speaking ? qsTr("Stop reading") : qsTr("Read aloud")
        readonly property string playText: root.keypad.playing ? qsTr("Pause") : qsTr("Play all steps")
        // The row's width with both labels shown, as its buttons will take it.
        readonly property real fullWidth: (root.keypad.playing ? 0 : speakMeasure.buttonWidth(true) + spacing) + playMeasure.buttonWidth(true)
        readonly property bool iconOnly: fullWidth > room
        LineMeasure { id: speakMeasure; font.pixelSize: Theme.smallSize; text: buttons.speakText }
        LineMeasure { id: playMeasure; font.pixelSize: Theme.smallSize; text: buttons.playText }
        KButton {
            objectName: "speakButton"
            visible: !root.keypad.playing
            icon: root.speech.speaking ? "stop" : "speaker"
            text: buttons.iconOnly ? "" : buttons.speakText
            Accessible.name: buttons.speakText
            textSize: Theme.smallSize
            onClicked: root.speech.toggle(root.page.pageSpeech)
        }
        // The narrated walk-through: every step read aloud, the page turning by itself.
        KButton {
            objectName: "playButton"
            icon: root.keypad.playing ? "pause" : "play"
            text: buttons.iconOnly ? "" : buttons.playText
            Accessible.name: buttons.playText
            textSize: Theme.smallSize
            onClicked: root.keypad.togglePlay()
        }
    }

    // ---- top: where am I ---------------------------------------------------
    TitleBar {
        id: topBar
        anchors { top: parent.top; left: parent.left; right: parent.right }
        title: root.page.topicTitle
        title2: root.page.topicTitle2
        rtl2: root.display.secondRtl
        counter: qsTr("Step %1 of %2").arg(root.page.pageNumber).arg(root.page.pageCount)
        titleName: "topicTitle"
        counterName: "stepCounter"
    }
    // A progress bar under the top bar: how far through the topic.
    Rectangle {
        id: progressTrack
        anchors { top: topBar.bottom; left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }
        height: Theme.progressHeight
        radius: height / 2
        color: Theme.track
        Rectangle {
            anchors { left: parent.left; top: parent.top }
            width: parent.width * root.page.progress
            height: parent.height
            radius: parent.radius
            color: Theme.primary
        }
    }

    // ---- recovery timeline -------------------------------------------------
    Item {
        id: timeline
        objectName: "timeline"
        // Not on the key points page: every stage is behind the patient there, and its five points
        // need the room (the last one was cut off at 1080p).
        visible: root.recovery && root.kind === "stage"
        anchors { top: progressTrack.bottom; topMargin: Theme.gap; left: parent.left; right: parent.right }
        height: visible ? Theme.target : 0

        Rectangle {
            anchors.verticalCenter: stageRow.verticalCenter
            x: stageRow.x + Theme.target / 2
            width: Math.max(0, stageRow.width - Theme.target)
            height: 2 * Theme.borderWidth
            color: Theme.border
        }
        // Landscape recovery stages: the speaker buttons beside the timeline (their icons alone
        // when the labels do not fit there), as "What to do" already sits under the picture.
        SpeechButtons {
            visible: root.speech.available && root.stageSide
            anchors { right: parent.right; rightMargin: Theme.margin; verticalCenter: parent.verticalCenter }
            room: (timeline.width - stageRow.width) / 2 - Theme.margin - Theme.gap
        }
        Row {
            id: stageRow
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Math.min(Theme.gapXL, Math.max(Theme.gapS, (timeline.width - 2 * Theme.margin - root.page.stages.length * Theme.target) / Math.max(1, root.page.stages.length - 1)))
            Repeater {
                model: root.page.stages
                delegate: Rectangle {
                    id: marker
                    required property int index
                    required property var modelData
                    readonly property bool current: root.page.pageNumber - 1 === index
                    readonly property bool passed: root.page.pageNumber - 1 > index
                    objectName: "stage-" + index
                    width: Theme.target
                    height: Theme.target
                    radius: width / 2
                    color: current || passed ? Theme.primary : Theme.surface
                    border.color: Theme.border
                    border.width: current ? Theme.borderWidth * 2 : Theme.borderWidth
                    scale: markerArea.pressed ? 0.92 : (current ? 1.1 : 1.0)

                    Accessible.role: Accessible.Button
                    Accessible.name: qsTr("Stage %1: %2").arg(index + 1).arg(modelData.when)
                    Accessible.onPressAction: root.page.goTo(index)

                    Text {
                        anchors.centerIn: parent
                        text: marker.index + 1
                        color: marker.current || marker.passed ? Theme.textOnPrimary : Theme.primary
                        font.pixelSize: Theme.headingSize
                        font.bold: true
                    }
                    MouseArea {
                        id: markerArea
                        anchors.fill: parent
                        onClicked: root.page.goTo(marker.index)
                    }
                }
            }
        }
    }

    // ---- the page ----------------------------------------------------------
    Item {
        id: area
        objectName: "pageArea"
        anchors { top: timeline.bottom; topMargin: Theme.gapL; bottom: bottomBar.top; bottomMargin: Theme.gap
                  left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }

        // Swipe anywhere on the page that is not a button or a link.
        MouseArea {
            id: swipe
            objectName: "swipeArea"
            anchors.fill: parent
            property real startX: 0
            property real startY: 0
            onPressed: (mouse) => { startX = mouse.x; startY = mouse.y }
            // Python decides (kiosk/core/gesture.py) from the distance in 1080p design pixels.
            onReleased: (mouse) => root.page.swipe((mouse.x - startX) / Theme.scale, (mouse.y - startY) / Theme.scale,
                                                   root.LayoutMirroring.enabled)
        }

        Picture {
            id: picture

            pictures: root.pictures
            objectName: "stepPicture"
            anchors { left: parent.left; top: parent.top }
            width: root.portrait ? area.width : Math.round(area.width * 0.5)
            // Larger text needs the room more than the picture does.
            height: root.portrait ? Math.round(area.height * (Theme.textScale > 1.2 ? 0.3 : 0.42))
                                  : area.height - (speechRow.visible ? speechRow.height + Theme.gap : 0)
                                    - (sideChecklist.visible ? sideChecklist.height + Theme.gap : 0)
            source: root.page.pagePicture
            description: root.page.pagePictureAlt
            labels: root.page.pageLabels
        }

        // Read aloud and the narrated walk-through, under the picture: they do not scroll with the
        // text and take no room from it (in Arabic the two buttons did not fit one row of the text
        // column and pushed the text of 40 pages below the screen). Landscape recovery stages have
        // them beside the timeline instead.
        SpeechButtons {
            id: speechRow
            visible: root.speech.available && !root.stageSide
            anchors { left: parent.left; top: picture.bottom; topMargin: Theme.gap }
            room: picture.width
        }

        // Landscape recovery stages: "What you do" sits under the picture, so the text column stays short.
        Rectangle {
            id: sideChecklist
            objectName: "todoCard"
            visible: root.stageSide
            anchors { left: parent.left; bottom: parent.bottom }
            width: picture.width
            height: Math.ceil(sideLists.implicitHeight) + 2 * Theme.gap  // (whole pixels: Arabic lines are set at a fraction)
            radius: Theme.radius
            color: Theme.keyPoint
            border.color: Theme.border
            border.width: Theme.highContrast ? Theme.borderWidth : 0
            Column {
                id: sideLists
                anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.gap }
                // The checklist in the slot that holds it, as the page's text (kiosk/core/textslots.py);
                // only stages' lists, and only where this card can show (none made otherwise).
                Repeater {
                    model: root.page.listSlots.length
                    delegate: Checklist {
                        required property int index
                        readonly property var slot: root.page.listSlots[index]
                        visible: index === root.page.listShown
                        width: sideLists.width
                        heading: qsTr("What to do:")
                        items: root.sideLayout && !slot.summary ? slot.items : []
                        items2: visible && sideChecklist.visible ? root.page.todo2 : []
                        rtl2: root.display.secondRtl
                        onLinkActivated: (link) => root.page.openLink(link)
                    }
                }
            }
        }

        Flickable {
            id: textArea
            objectName: "textArea"
            anchors {
                left: root.portrait ? parent.left : picture.right
                leftMargin: root.portrait ? 0 : Theme.margin
                right: parent.right
                top: root.portrait ? (speechRow.visible ? speechRow.bottom : picture.bottom) : parent.top
                topMargin: root.portrait ? (speechRow.visible ? Theme.gap : Theme.gapL) : 0
                bottom: parent.bottom
            }
            contentHeight: column.implicitHeight
            clip: true
            interactive: contentHeight > height
            boundsBehavior: Flickable.StopAtBounds
            flickableDirection: Flickable.VerticalFlick

            Column {
                id: column
                width: textArea.width
                spacing: Theme.gap

                Rectangle {
                    visible: root.kind === "stage"
                    width: whenText.implicitWidth + 2 * Theme.gap
                    height: whenText.implicitHeight + 2 * Theme.gapXS
                    radius: height / 2
                    color: Theme.primary
                    Text {
                        id: whenText
                        objectName: "stageWhen"
                        anchors.centerIn: parent
                        width: Math.min(implicitWidth, column.width - 2 * Theme.gap)
                        text: root.page.when
                        color: Theme.textOnPrimary
                        font.pixelSize: Theme.bodySize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                }
                SecondText {
                    objectName: "stageWhen2"
                    width: column.width
                    text: root.kind === "stage" ? root.page.when2 : ""
                    rtl: root.display.secondRtl
                    font.bold: true
                }
                FitText {
                    id: title
                    objectName: "stepTitle"
                    width: column.width
                    text: root.kind === "summary" ? qsTr("Key points") : root.page.pageTitle
                    color: Theme.text
                    baseSize: Theme.titleSize
                    font.bold: true
                    wrapMode: Text.WordWrap
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                // The second language (for a family member), under each block of the first.
                SecondText {
                    objectName: "stepTitle2"
                    width: column.width
                    text: root.kind === "summary" ? root.display.keyPoints2 : root.page.pageTitle2
                    rtl: root.display.secondRtl
                    font.pixelSize: Theme.headingSize
                    font.bold: true
                }
                // The page's text, in the slot that holds it: the pages a Next or Back tap shows
                // are laid out in the hidden slots after each tap's frame (kiosk/core/textslots.py).
                Repeater {
                    model: root.page.bodySlots.length
                    delegate: Text {
                        required property int index
                        objectName: "stepBody"
                        visible: index === root.page.bodyShown && text !== ""
                        width: column.width
                        text: root.page.bodySlots[index] ?? ""
                        textFormat: Text.StyledText
                        linkColor: Theme.link
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        lineHeight: Theme.bodyLineHeight
                        wrapMode: Text.WordWrap
                        onLinkActivated: (link) => root.page.openLink(link)
                    }
                }
                SecondText {
                    objectName: "stepBody2"
                    width: column.width
                    text: root.page.pageBody2
                    rtl: root.display.secondRtl
                    lineHeight: Theme.bodyLineHeight2
                }
                Rectangle {
                    objectName: "keyPoint"
                    visible: root.page.keyPoint !== ""
                    width: column.width
                    height: keyText.implicitHeight + (keyText2.visible ? keyText2.implicitHeight + Theme.gapXS : 0) + 2 * Theme.gapS
                    radius: Theme.radius
                    color: Theme.keyPoint
                    border.color: Theme.border
                    border.width: Theme.highContrast ? Theme.borderWidth : 0
                    Text {
                        id: keyText
                        anchors { left: parent.left; right: parent.right; top: parent.top
                                  leftMargin: Theme.gap; rightMargin: Theme.gap; topMargin: Theme.gapS }
                        text: root.page.keyPoint
                        textFormat: Text.StyledText
                        linkColor: Theme.link
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.bold: true
                        wrapMode: Text.WordWrap
                        onLinkActivated: (link) => root.page.openLink(link)
                    }
                    SecondText {
                        id: keyText2
                        objectName: "keyPoint2"
                        anchors { left: parent.left; right: parent.right; top: keyText.bottom
                                  leftMargin: Theme.gap; rightMargin: Theme.gap; topMargin: Theme.gapXS }
                        text: root.page.keyPoint2
                        rtl: root.display.secondRtl
                        color: Theme.text
                    }
                }
                // The checklist in the slot that holds it, as the page's text (kiosk/core/textslots.py).
                // Landscape at normal text shows a stage's checklist under the picture instead
                // (none is made here for it then).
                Repeater {
                    model: root.page.listSlots.length
                    delegate: Checklist {
                        required property int index
                        readonly property var slot: root.page.listSlots[index]
                        visible: index === root.page.listShown && (root.kind === "summary" || (root.kind === "stage" && !sideChecklist.visible))
                        width: column.width
                        heading: slot.summary || slot.items.length === 0 ? "" : qsTr("What to do:")
                        items: slot.summary || !root.sideLayout ? slot.items : []
                        items2: !visible ? [] : root.kind === "summary" ? root.page.points2 : root.page.todo2
                        rtl2: root.display.secondRtl
                        onLinkActivated: (link) => root.page.openLink(link)
                    }
                }
                Text {
                    objectName: "termsHint"
                    visible: root.page.pageTerms.length > 0
                    width: column.width
                    topPadding: Theme.gapXS
                    text: qsTr("Tap a word to see what it means:")
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.WordWrap
                }
                Flow {
                    width: column.width
                    spacing: Theme.gap
                    // Buttons kept from page to page, as the checklist's rows (Checklist.qml).
                    Repeater {
                        model: Math.max(4, root.page.pageTerms.length)
                        delegate: KButton {
                            id: termButton
                            required property int index
                            readonly property var term: root.page.pageTerms[index] ?? { "id": "", "label": "" }
                            visible: index < root.page.pageTerms.length
                            maxTextWidth: column.width - iconPart - 2 * padding
                            objectName: "term-" + term.id
                            text: term.label
                            icon: "book"
                            textSize: Theme.smallSize
                            onClicked: root.card.openTerm(termButton.term.id)
                        }
                    }
                }
            }
        }

        // When the text is longer than its column (large text sizes), show that there is more below.
        Rectangle {
            id: scrollHint
            objectName: "scrollIndicator"
            visible: textArea.interactive
            anchors.right: textArea.right
            anchors.rightMargin: -width
            y: textArea.y + textArea.visibleArea.yPosition * textArea.height
            width: Theme.scrollBarWidth
            height: Math.max(Theme.scrollBarMinLength, textArea.visibleArea.heightRatio * textArea.height)
            radius: width / 2
            color: Theme.primary
        }
    }

    BottomBar {
        id: bottomBar
        objectName: "walkBottomBar"
        display: root.display
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        onHome: root.page.home()
        onBack: root.page.back()
        onNext: root.page.next()
    }
    // A step opened from a wrong answer: the way on is back to the question (its words from the core).
    Binding { target: bottomBar; property: "nextText"; value: root.check.returnText; when: root.check.returning }
}
