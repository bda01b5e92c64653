import QtQuick

// Home, Back and the main forward action, always in the lower part of the screen
// (reachable when seated). The forward button is the biggest target.
Rectangle {
    id: root
    property string nextText: qsTr("Next")
    property string nextIcon: "next"
    signal home()
    signal back()
    signal next()

    color: Theme.background
    implicitHeight: Theme.target + 2 * Theme.px(28)

    Rectangle {
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: Theme.borderWidth
        color: Theme.highContrast ? Theme.border : "#D6D2C8"
    }

    KButton {
        id: homeButton
        objectName: "homeButton"
        anchors { left: parent.left; leftMargin: Theme.margin; verticalCenter: parent.verticalCenter }
        text: qsTr("Home")
        icon: "home"
        onClicked: root.home()
    }
    KButton {
        id: backButton
        objectName: "backButton"
        anchors { left: homeButton.right; leftMargin: Theme.px(40); verticalCenter: parent.verticalCenter }
        text: qsTr("Back")
        icon: "back"
        width: Math.max(implicitWidth, Theme.px(260))
        onClicked: root.back()
    }
    KButton {
        id: nextButton
        objectName: "nextButton"
        anchors { right: parent.right; rightMargin: Theme.margin; verticalCenter: parent.verticalCenter }
        width: Math.min(Math.max(implicitWidth, Theme.px(420)), root.width - backButton.x - backButton.width - Theme.px(40) - Theme.margin)
        primary: true
        text: root.nextText
        icon: root.nextIcon
        iconAfter: true
        onClicked: root.next()
    }
}
