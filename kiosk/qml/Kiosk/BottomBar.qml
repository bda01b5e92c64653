pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// Home, Back, language-and-text settings and the main forward action, always in the lower
// part of the screen (reachable when seated). The forward button is the biggest target.
// Anchored, so a right-to-left language mirrors it: Next then sits on the left.
// When one row is too narrow (portrait, large text, long words), the settings button gets a
// row of its own; when even that is too narrow, Home and Back show only their icons (their
// names stay for screen readers).
Rectangle {
    id: root
    required property DisplayBridge display
    property string nextText: qsTr("Next")
    property string nextIcon: "next"
    property bool showBack: true
    property bool showNext: true
    signal home()
    signal back()
    signal next()

    readonly property real gapX: Theme.gapL
    readonly property real room: width - 2 * Theme.margin
    // Each button's width with its words, as the buttons themselves will take it.
    readonly property real homeFull: homeMeasure.buttonWidth(true)
    readonly property real backFull: showBack ? Math.max(Theme.buttonWidthS, backMeasure.buttonWidth(true)) + gapX : 0
    readonly property real settingsFull: settingsMeasure.buttonWidth(true)
    readonly property real nextFull: showNext ? Math.max(Theme.buttonWidthM, nextMeasure.buttonWidth(true)) : 0
    readonly property bool twoRows: homeFull + backFull + gapX + settingsFull + gapX + nextFull > room
    readonly property bool iconOnly: homeFull + backFull + gapX + nextFull > room

    LineMeasure { id: homeMeasure; text: qsTr("Home") }
    LineMeasure { id: backMeasure; text: qsTr("Back") }
    LineMeasure { id: settingsMeasure; text: root.display.languageName }
    LineMeasure { id: nextMeasure; text: root.nextText }

    color: Theme.background
    implicitHeight: (twoRows ? topRow.height + Theme.gap : 0) + mainRow.height + 2 * Theme.gap

    Rectangle {
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: Theme.borderWidth
        color: Theme.softBorder
    }

    component SettingsButton: KButton {
        text: root.display.languageName
        icon: "globe"
        Accessible.name: qsTr("Language and text size")
        onClicked: root.display.openSettings(true)
    }

    Item {
        id: topRow
        visible: root.twoRows
        anchors { left: parent.left; right: parent.right; top: parent.top; topMargin: Theme.gap
                  leftMargin: Theme.margin; rightMargin: Theme.margin }
        height: settingsTop.height
        SettingsButton {
            id: settingsTop
            objectName: "settingsButton"
            visible: root.twoRows
            anchors.right: parent.right
            maxTextWidth: topRow.width - iconPart - 2 * padding
        }
    }

    Item {
        id: mainRow
        anchors { left: parent.left; right: parent.right; bottom: parent.bottom; bottomMargin: Theme.gap
                  leftMargin: Theme.margin; rightMargin: Theme.margin }
        height: Math.max(Theme.target, navGroup.height, nextButton.height, settingsInline.visible ? settingsInline.height : 0)

        Row {
            id: navGroup
            anchors { left: parent.left; verticalCenter: parent.verticalCenter }
            spacing: root.gapX
            KButton {
                objectName: "homeButton"
                text: root.iconOnly ? "" : qsTr("Home")
                icon: "home"
                Accessible.name: qsTr("Home")
                onClicked: root.home()
            }
            KButton {
                objectName: "backButton"
                visible: root.showBack
                text: root.iconOnly ? "" : qsTr("Back")
                icon: "back"
                Accessible.name: qsTr("Back")
                width: root.iconOnly ? implicitWidth : Math.max(implicitWidth, Theme.buttonWidthS)
                onClicked: root.back()
            }
        }
        SettingsButton {
            id: settingsInline
            objectName: "settingsButton"
            visible: !root.twoRows
            anchors { left: navGroup.right; leftMargin: root.gapX; verticalCenter: parent.verticalCenter }
        }
        KButton {
            id: nextButton
            objectName: "nextButton"
            visible: root.showNext
            anchors { right: parent.right; verticalCenter: parent.verticalCenter }
            width: Math.max(Theme.target, Math.min(Math.max(implicitWidth, Theme.buttonWidthM),
                                                   mainRow.width - navGroup.width - root.gapX
                                                   - (root.twoRows ? 0 : settingsInline.width + root.gapX)))
            primary: true
            text: root.nextText
            icon: root.nextIcon
            iconAfter: true
            onClicked: root.next()
        }
    }
}
