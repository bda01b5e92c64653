pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// Staff only: how the kiosk is doing, and the few actions staff need.
Rectangle {
    id: root
    required property AdminBridge admin
    color: Theme.background

    MouseArea { anchors.fill: parent }

    component Heading: Text {
        width: parent ? parent.width : 0
        color: Theme.text
        font.pixelSize: Theme.headingSize
        font.bold: true
        wrapMode: Text.WordWrap
    }
    // One row of the report (from kiosk/core/adminreport.py): its text, and whether it needs attention.
    component Line: Text {
        property bool alert: false
        width: parent ? parent.width : 0
        color: alert ? Theme.alertText : Theme.text
        font.pixelSize: Theme.smallSize
        font.bold: alert
        wrapMode: Text.WordWrap
    }

    Text {
        id: title
        anchors { top: parent.top; left: parent.left; margins: Theme.margin }
        text: qsTr("Kiosk administration")
        color: Theme.text
        font.pixelSize: Theme.titleSize
        font.bold: true
    }

    Flickable {
        id: scroller
        anchors { top: title.bottom; bottom: actions.top; left: parent.left; right: parent.right; margins: Theme.margin }
        contentHeight: columns.height
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Row {
            id: columns
            width: scroller.width
            spacing: Theme.margin
            Column {
                width: (columns.width - Theme.margin) / 2
                spacing: Theme.gapXS
                Heading { text: qsTr("Status") }
                Repeater {
                    model: root.admin.info
                    delegate: Line { required property var modelData; objectName: "info-" + modelData.key; text: modelData.text; alert: modelData.alert }
                }
                Heading { text: qsTr("Content and translation reviews"); topPadding: Theme.gap }
                Repeater {
                    model: root.admin.reviews
                    delegate: Line { required property var modelData; text: modelData.text; alert: modelData.alert; objectName: "review-" + modelData.key }
                }
                Heading { text: qsTr("Seated reach"); topPadding: Theme.gap }
                Repeater {
                    model: root.admin.reach
                    delegate: Line { required property var modelData; objectName: "reachLine"; text: modelData.text; alert: modelData.alert }
                }
                Heading { text: qsTr("Problems"); topPadding: Theme.gap; visible: root.admin.problems.length > 0 }
                Repeater {
                    model: root.admin.problems
                    delegate: Line { required property var modelData; objectName: "problemLine"; text: modelData.text; alert: modelData.alert }
                }
            }
            Column {
                width: (columns.width - Theme.margin) / 2
                spacing: Theme.gapXS
                Heading { text: qsTr("Use today") }
                Repeater { model: root.admin.usageToday; delegate: Line { required property var modelData; text: modelData.text; alert: modelData.alert } }
                Heading { text: qsTr("Use in the last 30 days"); topPadding: Theme.gap }
                Repeater { model: root.admin.usageMonth; delegate: Line { required property var modelData; text: modelData.text; alert: modelData.alert } }
                Heading { text: qsTr("Read aloud: the voice for each language"); topPadding: Theme.gap }
                Repeater { model: root.admin.voices; delegate: Line { required property var modelData; objectName: "voiceLine"; text: modelData.text; alert: modelData.alert } }
                Heading { text: qsTr("Content packs"); topPadding: Theme.gap }
                // One row per installed pack; a pack with an earlier version has its own "Roll back" button.
                Repeater {
                    model: root.admin.packs
                    delegate: Column {
                        id: packRow
                        required property var modelData
                        width: parent ? parent.width : 0
                        spacing: Theme.gapXS
                        Line { objectName: "packLine"; text: packRow.modelData.text; alert: packRow.modelData.alert }
                        KButton {
                            objectName: "packRollback-" + packRow.modelData.action
                            visible: packRow.modelData.action !== ""
                            text: qsTr("Roll back %1").arg(packRow.modelData.action)
                            onClicked: root.admin.rollbackPack(packRow.modelData.action)
                        }
                    }
                }
                Heading { text: qsTr("Last errors"); topPadding: Theme.gap }
                Line { visible: root.admin.errors.length === 0; text: qsTr("None") }
                Repeater { model: root.admin.errors; delegate: Line { required property var modelData; text: modelData.text; alert: modelData.alert } }
                Heading { text: qsTr("Self-test"); topPadding: Theme.gap; visible: root.admin.selfTestReport !== "" }
                Line { objectName: "selfTestReport"; visible: text !== ""; text: root.admin.selfTestReport; font.family: "monospace" }
            }
        }
    }

    Row {
        id: actions
        anchors { bottom: parent.bottom; left: parent.left; right: parent.right; margins: Theme.margin }
        spacing: Theme.gap
        KButton { objectName: "adminReload"; text: qsTr("Reload content"); onClicked: root.admin.reloadContent() }
        KButton { objectName: "adminSelfTest"; text: qsTr("Run self-test"); onClicked: root.admin.runSelfTest() }
        KButton { objectName: "adminRollback"; visible: root.admin.canRollback; text: qsTr("Roll back content"); onClicked: root.admin.rollbackContent() }
        KButton { objectName: "adminExit"; text: qsTr("Exit to desktop"); onClicked: root.admin.exitToDesktop() }
        KButton { objectName: "adminLeave"; primary: true; text: qsTr("Leave admin"); onClicked: root.admin.leave() }
    }
}
