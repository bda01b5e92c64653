pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// The end of a topic: questions to take to the care team, where to go next, and a way home.
Rectangle {
    id: root
    required property PageBridge page
    required property DisplayBridge display
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    color: Theme.background
    readonly property bool portrait: height > width
    // Pixels per millimetre of the real screen: from the config's screen height, else Qt's physical DPI.
    readonly property real pxPerMm: Theme.pxPerMm > 0 ? Theme.pxPerMm : Screen.pixelDensity

    FitText {
        id: heading
        objectName: "finishTitle"
        anchors { top: parent.top; left: parent.left; right: parent.right; margins: Theme.margin }
        text: qsTr("You finished: %1").arg(root.page.topicTitle)
        color: Theme.text
        baseSize: Theme.titleSize
        font.bold: true
        wrapMode: Text.WordWrap
    }

    // The topic's title in the second language (for a family member).
    SecondText {
        id: heading2
        objectName: "finishTitle2"
        anchors { top: heading.bottom; left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: root.page.topicTitle2
        rtl: root.display.secondRtl
        font.pixelSize: Theme.headingSize
        font.bold: true
    }

    Flickable {
        id: scroller
        objectName: "finishScroller"
        anchors { top: heading2.visible ? heading2.bottom : heading.bottom; topMargin: Theme.gap; bottom: bottomBar.top; bottomMargin: Theme.gap
                  left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }
        contentHeight: layout.height
        clip: true
        interactive: contentHeight > height
        boundsBehavior: Flickable.StopAtBounds

        Item {
            id: layout
            width: scroller.width
            height: root.portrait ? questions.height + Theme.margin + more.height : Math.max(questions.height, more.height)

            Column {
                id: questions
                objectName: "questions"
                anchors { left: parent.left; top: parent.top }
                width: root.portrait ? layout.width : Math.round(layout.width * 0.58)
                spacing: Theme.gap
                Column {
                    width: parent.width
                    visible: root.page.questions.length > 0
                    FitText {
                        objectName: "questionsHeading"
                        width: parent.width
                        text: qsTr("Questions to ask your care team")
                        color: Theme.text
                        baseSize: Theme.headingSize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    SecondText {
                        objectName: "questionsHeading2"
                        width: parent.width
                        text: root.display.questions2
                        rtl: root.display.secondRtl
                        font.bold: true
                    }
                }
                Repeater {
                    model: root.page.questions
                    delegate: Row {
                        id: question
                        required property int index
                        required property string modelData
                        objectName: "question-" + index
                        spacing: Theme.gapS
                        KIcon { name: "question"; color: Theme.primary }
                        Column {
                            width: questions.width - Theme.iconSize - question.spacing
                            spacing: Theme.gapXS
                            Text {
                                width: parent.width
                                text: question.modelData
                                color: Theme.text
                                font.pixelSize: Theme.bodySize
                                wrapMode: Text.WordWrap
                            }
                            SecondText {
                                objectName: "question2-" + question.index
                                width: parent.width
                                text: root.page.questions2[question.index] ?? ""
                                rtl: root.display.secondRtl
                            }
                        }
                    }
                }
                // Whom to ask: the clinic's own line when it set one, else the care team.
                Rectangle {
                    objectName: "careContact"
                    width: parent.width
                    height: contactText.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: Theme.borderWidth
                    Accessible.role: Accessible.StaticText
                    Accessible.name: contactText.text
                    KIcon {
                        id: contactIcon
                        anchors { left: parent.left; leftMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                        name: "person"
                        color: Theme.primary
                    }
                    Text {
                        id: contactText
                        objectName: "careContactText"
                        anchors { left: contactIcon.right; leftMargin: Theme.gap; right: parent.right; rightMargin: Theme.gap
                                  verticalCenter: parent.verticalCenter }
                        text: root.page.careContact !== "" ? root.page.careContact
                                                             : qsTr("Questions? Ask your care team.")
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                }
            }

            Column {
                id: more
                anchors {
                    left: root.portrait ? parent.left : questions.right
                    leftMargin: root.portrait ? 0 : Theme.margin
                    right: parent.right
                    top: root.portrait ? questions.bottom : parent.top
                    topMargin: root.portrait ? Theme.margin : 0
                }
                spacing: Theme.gap
                // Take it home, first in its column so that the whole code shows without scrolling:
                // the topic's questions and key points as text in a code (no network
                // needed), and the clinic's web page for the topic where it set one. Each code is drawn
                // with whole pixels per module, at least 40 mm wide (kiosk/core/takehome.py).
                Flow {
                    objectName: "takeHomeCodes"
                    visible: root.page.takeHomeCode !== "" || root.page.takeHomeQr !== ""
                    width: parent.width
                    spacing: Theme.gap
                    // Alone (no web code beside it), its words sit beside the code where they fit, so the
                    // whole of it shows without scrolling in landscape.
                    Flow {
                        id: textCodeBox
                        objectName: "takeHomeText"
                        visible: root.page.takeHomeCode !== ""
                        readonly property bool beside: root.page.takeHomeQr === ""
                                                       && parent.width - textCode.width - Theme.gap >= Theme.qrSize
                        width: beside ? parent.width : Math.min(parent.width, Math.max(textCode.width, Theme.qrSize + 2 * Theme.gapXL))
                        spacing: beside ? Theme.gap : Theme.gapS
                        Rectangle {
                            id: textCode
                            width: textCodeImage.width + 2 * Theme.borderWidth
                            height: width
                            color: Theme.qrBackground
                            border.color: Theme.border
                            border.width: Theme.borderWidth
                            Image {
                                id: textCodeImage
                                objectName: "takeHomeTextQr"
                                x: Theme.borderWidth
                                y: Theme.borderWidth
                                width: root.page.codeSide(root.page.takeHomeModules, root.pxPerMm, Theme.scale)
                                height: width
                                source: root.page.takeHomeCode
                                sourceSize.width: width
                                sourceSize.height: height
                                smooth: false
                                Accessible.role: Accessible.Graphic
                                Accessible.name: qsTr("QR code with these questions, to keep on your phone")
                            }
                        }
                        Text {
                            width: textCodeBox.beside ? textCodeBox.width - textCode.width - textCodeBox.spacing : textCodeBox.width
                            text: qsTr("Scan with your phone's camera to keep these questions.")
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                            wrapMode: Text.WordWrap
                        }
                    }
                    Column {
                        objectName: "takeHome"
                        visible: root.page.takeHomeQr !== ""
                        width: Theme.qrSize + 2 * Theme.gapXL
                        spacing: Theme.gapS
                        Rectangle {
                            width: Theme.qrSize
                            height: width
                            color: Theme.qrBackground
                            border.color: Theme.border
                            border.width: Theme.borderWidth
                            Image {
                                objectName: "takeHomeQr"
                                anchors.fill: parent
                                anchors.margins: Theme.borderWidth
                                source: root.page.takeHomeQr
                                sourceSize.width: width
                                sourceSize.height: height
                                smooth: false
                                Accessible.role: Accessible.Graphic
                                Accessible.name: qsTr("QR code to read about this at home")
                            }
                        }
                        Text {
                            width: parent.width
                            text: qsTr("Scan this code with your phone to read about this at home.")
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                            wrapMode: Text.WordWrap
                        }
                    }
                }
                Column {
                    width: parent.width
                    visible: root.page.related.length > 0
                    FitText {
                        width: parent.width
                        text: qsTr("Learn more")
                        color: Theme.text
                        baseSize: Theme.headingSize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    SecondText {
                        objectName: "learnMore2"
                        width: parent.width
                        text: root.display.learnMore2
                        rtl: root.display.secondRtl
                        font.bold: true
                    }
                }
                Repeater {
                    model: root.page.related
                    delegate: Rectangle {
                        id: relatedTile
                        required property var modelData
                        objectName: "related-" + modelData.id
                        width: more.width
                        height: Math.max(relatedImage.height, relatedWords.implicitHeight) + 2 * Theme.gapS
                        radius: Theme.radius
                        color: Theme.surface
                        border.color: Theme.border
                        border.width: Theme.borderWidth
                        scale: relatedArea.pressed ? 0.97 : 1.0
                        Accessible.role: Accessible.Button
                        Accessible.name: modelData.title2 ? modelData.title + ", " + modelData.title2 : modelData.title
                        Accessible.onPressAction: root.page.openTopic(modelData.id)
                        Thumb {
                            id: relatedImage
                            pictures: root.pictures
                            anchors { left: parent.left; leftMargin: Theme.gapS; verticalCenter: parent.verticalCenter }
                            width: Theme.thumbWidth
                            height: Theme.thumbWidth * 3 / 4
                            picture: relatedTile.modelData.picture
                        }
                        Column {
                            id: relatedWords
                            anchors { left: relatedImage.right; leftMargin: Theme.gap; right: parent.right; rightMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                            Text {
                                width: parent.width
                                text: relatedTile.modelData.title
                                color: Theme.primary
                                font.pixelSize: Theme.bodySize
                                font.bold: true
                                wrapMode: Text.WordWrap
                            }
                            SecondText {
                                objectName: "relatedTitle2-" + relatedTile.modelData.id
                                width: parent.width
                                text: relatedTile.modelData.title2 ?? ""
                                rtl: root.display.secondRtl
                                font.pixelSize: Theme.smallSize
                            }
                        }
                        MouseArea {
                            id: relatedArea
                            anchors.fill: parent
                            onClicked: root.page.openTopic(relatedTile.modelData.id)
                        }
                    }
                }
                KButton {
                    objectName: "restartButton"
                    width: parent.width
                    text: qsTr("See this topic again")
                    icon: "again"
                    onClicked: root.page.restartTopic()
                }
            }
        }
    }

    // More below (related topics, more questions, large text): shown as on the other screens.
    Rectangle {
        objectName: "finishScrollIndicator"
        visible: scroller.interactive
        anchors.right: scroller.right
        anchors.rightMargin: -width - Theme.gapXS
        y: scroller.y + scroller.visibleArea.yPosition * scroller.height
        width: Theme.scrollBarWidth
        height: Math.max(Theme.scrollBarMinLength, scroller.visibleArea.heightRatio * scroller.height)
        radius: width / 2
        color: Theme.primary
    }

    BottomBar {
        id: bottomBar
        objectName: "finishBottomBar"
        display: root.display
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        nextText: qsTr("Done")
        nextIcon: "home"
        onHome: root.page.home()
        onBack: root.page.back()
        onNext: root.page.home()
    }
}
