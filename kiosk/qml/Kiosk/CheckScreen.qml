pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// "Check what you learned": one question per page after a topic's last page, big answer
// buttons, kind words after an answer and, after a wrong one, the explanation and a way to
// the step it comes from. Every word and rule comes from the check bridge (the core).
Rectangle {
    id: root
    required property PageBridge page
    required property CheckBridge check
    required property DisplayBridge display
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    color: Theme.background

    TitleBar {
        id: topBar
        anchors { top: parent.top; left: parent.left; right: parent.right }
        title: root.check.heading
        title2: root.check.heading2
        rtl2: root.display.secondRtl
        counter: root.check.counter
        titleName: "checkTitle"
        counterName: "checkCounter"
    }

    Flickable {
        id: scroller
        objectName: "checkScroller"
        anchors { top: topBar.bottom; topMargin: Theme.gap; bottom: bottomBar.top; bottomMargin: Theme.gap
                  left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }
        contentHeight: column.height
        clip: true
        interactive: contentHeight > height
        boundsBehavior: Flickable.StopAtBounds

        // After an answer the kind words, the explanation and the way to its step come into view
        // (on a long question, in Arabic or with large text, they start below the fold), also while
        // their words are still being laid out, until the patient scrolls; a new question starts at the top.
        property bool following: false
        onContentHeightChanged: if (following) Qt.callLater(follow)
        onMovementStarted: following = false
        function follow() {
            column.forceLayout()
            answerButtons.forceLayout()
            let to = 0
            if (root.check.state !== "ask") {
                const bottom = answerButtons.visible ? answerButtons.y + answerButtons.height : feedback.y + feedback.height
                to = Math.max(contentY, Math.min(bottom - height, feedback.y))
            }
            to = Math.max(0, Math.min(to, contentHeight - height))
            if (Theme.reducedMotion || !root.visible) {
                scrollAnimation.stop()
                contentY = to
            } else if (!scrollAnimation.running || scrollAnimation.to !== to) {
                scrollAnimation.to = to
                scrollAnimation.restart()
            }
        }
        NumberAnimation { id: scrollAnimation; objectName: "checkScrollAnimation"; target: scroller; property: "contentY"; duration: 250; easing.type: Easing.OutQuad }
        Connections {
            target: root.check
            function onStateChanged() {
                scroller.following = root.check.state !== "ask"
                Qt.callLater(scroller.follow)  // (once every word of the answer is in)
            }
            function onCounterChanged() { Qt.callLater(scroller.follow) }
        }

        Column {
            id: column
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(scroller.width, Theme.cardWidthL)
            spacing: Theme.gap

            Text {
                objectName: "checkQuestion"
                width: parent.width
                text: root.check.question
                color: Theme.text
                font.pixelSize: Theme.headingSize
                font.bold: true
                wrapMode: Text.WordWrap
            }
            SecondText {
                objectName: "checkQuestion2"
                width: parent.width
                text: root.check.question2
                rtl: root.display.secondRtl
                font.bold: true
            }
            // Answers kept from question to question and through an answer's choice, as the walk
            // screen's checklist rows (Checklist.qml): only their words and marks change.
            Repeater {
                model: Math.max(4, root.check.answers.length)
                delegate: Rectangle {
                    id: answer
                    required property int index
                    readonly property var modelData: root.check.answers[index] ?? { "text": "", "text2": "", "state": "", "picture": "" }
                    readonly property bool chosen: modelData.state !== ""
                    visible: index < root.check.answers.length
                    objectName: "answer-" + index
                    width: column.width
                    height: Math.max(Theme.target, answerWords.implicitHeight + 2 * Theme.gapS,
                                     answerPicture.visible ? answerPicture.height + 2 * Theme.gapS : 0)
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.border
                    border.width: chosen ? Theme.focusRingWidth : Theme.borderWidth
                    scale: answerArea.pressed ? 0.97 : 1.0
                    Accessible.role: Accessible.Button
                    Accessible.name: modelData.text
                    Accessible.onPressAction: root.check.answer(index)
                    KIcon {
                        id: mark
                        anchors { left: parent.left; leftMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                        name: answer.modelData.state === "right" ? "check" : answer.modelData.state === "wrong" ? "close" : "question"
                        color: Theme.primary
                    }
                    Thumb {
                        id: answerPicture
                        pictures: root.pictures
                        visible: answer.modelData.picture !== ""
                        anchors { left: mark.right; leftMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                        width: visible ? Theme.thumbWidth : 0
                        height: Theme.thumbWidth * 3 / 4
                        picture: answer.modelData.picture
                    }
                    Column {
                        id: answerWords
                        anchors { left: answerPicture.visible ? answerPicture.right : mark.right; leftMargin: Theme.gap
                                  right: parent.right; rightMargin: Theme.gap; verticalCenter: parent.verticalCenter }
                        Text {
                            width: parent.width
                            text: answer.modelData.text
                            color: Theme.primary
                            font.pixelSize: Theme.bodySize
                            font.bold: true
                            wrapMode: Text.WordWrap
                        }
                        SecondText {
                            objectName: "answer2-" + answer.index
                            width: parent.width
                            text: answer.modelData.text2
                            rtl: root.display.secondRtl
                        }
                    }
                    MouseArea {
                        id: answerArea
                        anchors.fill: parent
                        onClicked: root.check.answer(answer.index)
                    }
                }
            }
            // The kind words after an answer, and after a wrong one the explanation and the way to its step.
            Rectangle {
                id: feedback
                objectName: "checkFeedback"
                visible: root.check.state !== "ask"
                width: parent.width
                height: feedbackColumn.height + 2 * Theme.gap
                radius: Theme.radius
                color: Theme.keyPoint
                border.color: Theme.border
                border.width: Theme.borderWidth
                Accessible.role: Accessible.StaticText
                Accessible.name: root.check.feedback + " " + root.check.explanation
                Column {
                    id: feedbackColumn
                    anchors { left: parent.left; right: parent.right; top: parent.top; margins: Theme.gap }
                    spacing: Theme.gapS
                    Text {
                        objectName: "checkFeedbackText"
                        width: parent.width
                        text: root.check.feedback
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        font.bold: true
                        wrapMode: Text.WordWrap
                    }
                    SecondText {
                        objectName: "checkFeedbackText2"
                        width: parent.width
                        text: root.check.feedback2
                        rtl: root.display.secondRtl
                        font.bold: true
                    }
                    Text {
                        objectName: "checkExplanation"
                        visible: root.check.explanation !== ""
                        width: parent.width
                        text: root.check.explanation
                        color: Theme.text
                        font.pixelSize: Theme.bodySize
                        wrapMode: Text.WordWrap
                    }
                    SecondText {
                        objectName: "checkExplanation2"
                        width: parent.width
                        text: root.check.explanation2
                        rtl: root.display.secondRtl
                    }
                }
            }
            Flow {
                id: answerButtons
                objectName: "checkFeedbackButtons"
                visible: root.check.state === "wrong"
                width: parent.width
                spacing: Theme.gap
                KButton {
                    objectName: "openStepButton"
                    text: root.check.openStepText
                    icon: "book"
                    maxTextWidth: column.width - iconPart - 2 * padding
                    onClicked: root.check.openStep()
                }
                KButton {
                    objectName: "tryAgainButton"
                    text: root.check.tryAgainText
                    icon: "again"
                    maxTextWidth: column.width - iconPart - 2 * padding
                    onClicked: root.check.tryAgain()
                }
            }
        }
    }

    // When the question and its explanation are longer than the screen (Arabic, large text), show
    // that there is more below (as the walk-through's text does).
    Rectangle {
        objectName: "checkScrollIndicator"
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
        objectName: "checkBottomBar"
        display: root.display
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom }
        nextText: root.check.nextText
        nextIcon: "next"
        onHome: root.page.home()
        onBack: root.page.back()
        onNext: root.check.next()
    }
}
