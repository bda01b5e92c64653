pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// Shown when nobody is using the kiosk: one gentle, slow movement and one clear invitation.
Rectangle {
    id: root
    required property PageBridge page
    required property DisplayBridge display
    required property Pictures pictures  // when a drawing is drawn (Picture.qml)
    color: Theme.background

    Accessible.role: Accessible.Button
    Accessible.name: qsTr("Touch the screen to start")
    Accessible.onPressAction: root.page.start()

    readonly property bool portrait: height > width

    Picture {
        id: picture
        objectName: "attractIllustration"
        pictures: root.pictures
        // Built from the bottom up: languages, the invitation and the title get the room they
        // need (in every language and text size); the picture takes what is left.
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: Theme.margin
        readonly property real room: Math.max(0, title.y - Theme.gap * 2 - Theme.margin)
        height: Math.min(room, (parent.width - 2 * Theme.margin) * 3 / 4, parent.height * (root.portrait ? 0.45 : 0.5))
        width: height * 4 / 3
        visible: height > Theme.pictureMinHeight
        source: root.page.attractPicture
        description: root.page.packTitle
        // The content arrives just after the first frame; let it fade in rather than pop.
        opacity: source !== "" ? 1 : 0
        Behavior on opacity { enabled: !Theme.reducedMotion; NumberAnimation { duration: 400 } }

        SequentialAnimation on scale {
            running: root.visible && !Theme.reducedMotion
            loops: Animation.Infinite
            NumberAnimation { from: 1.0; to: 1.03; duration: 3000; easing.type: Easing.InOutSine }
            NumberAnimation { from: 1.03; to: 1.0; duration: 3000; easing.type: Easing.InOutSine }
        }
    }

    FitText {
        id: title
        objectName: "attractTitle"
        anchors { bottom: invite.top; bottomMargin: Theme.margin; left: parent.left; right: parent.right; leftMargin: Theme.margin; rightMargin: Theme.margin }
        text: root.page.packTitle
        opacity: text !== "" ? 1 : 0
        Behavior on opacity { enabled: !Theme.reducedMotion; NumberAnimation { duration: 400 } }
        color: Theme.text
        baseSize: Theme.titleSize
        font.bold: true
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignHCenter
    }

    Rectangle {
        id: invite
        objectName: "touchToStart"
        anchors { horizontalCenter: parent.horizontalCenter; bottom: languageRow.top; bottomMargin: Theme.margin }
        width: Math.min(parent.width - 2 * Theme.margin, inviteText.naturalWidth + 2 * Theme.margin)
        height: Math.max(Theme.target * 1.4, inviteText.implicitHeight + 2 * Theme.gap)
        radius: height / 2
        color: Theme.primary
        // A control of its own, so the keypad's Enter starts as a touch does.
        Accessible.role: Accessible.Button
        Accessible.name: inviteText.text
        Accessible.onPressAction: root.page.start()
        MouseArea {
            anchors.fill: parent
            onClicked: root.page.start()
        }

        FitText {
            id: inviteText
            anchors.centerIn: parent
            width: Math.min(naturalWidth, root.width - 2 * Theme.margin - 2 * Theme.gapL)
            text: qsTr("Touch the screen to start")
            color: Theme.textOnPrimary
            baseSize: Theme.heroSize
            font.bold: true
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
        }

        SequentialAnimation on scale {
            running: root.visible && !Theme.reducedMotion
            loops: Animation.Infinite
            NumberAnimation { from: 1.0; to: 1.05; duration: 1400; easing.type: Easing.InOutQuad }
            NumberAnimation { from: 1.05; to: 1.0; duration: 1400; easing.type: Easing.InOutQuad }
        }
    }

    MouseArea {
        anchors.fill: parent
        onClicked: root.page.start()
    }

    // Each language in its own name: one tap picks it and starts.
    Flow {
        id: languageRow
        objectName: "attractLanguages"
        anchors { bottom: parent.bottom; bottomMargin: Theme.margin; horizontalCenter: parent.horizontalCenter }
        width: Math.min(parent.width - 2 * Theme.margin, implicitWidthHint)
        readonly property real implicitWidthHint: {
            let total = 0
            for (let i = 0; i < repeater.count; ++i) total += repeater.itemAt(i) ? repeater.itemAt(i).width + spacing : 0
            return Math.max(Theme.target, total - spacing)
        }
        spacing: Theme.gap
        visible: repeater.count > 1
        Repeater {
            id: repeater
            model: root.display.languages
            delegate: KButton {
                required property var modelData
                objectName: "attractLang-" + modelData.code
                text: modelData.name
                primary: modelData.code === root.display.language
                Accessible.name: modelData.name + " (" + modelData.english + ")"
                onClicked: { root.display.setLanguage(modelData.code); root.page.start() }
            }
        }
    }
}
