import QtQuick
import QtQuick.Window

// The kiosk's one window. It shows the screen the bridge names; it holds no rules.
Window {
    id: win
    required property var bridge
    property bool kioskMode: true

    title: qsTr("Clinic kiosk")
    color: Theme.background
    flags: kioskMode ? (Qt.Window | Qt.FramelessWindowHint) : Qt.Window

    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(Math.max(win.width, win.height) / 1920, Math.min(win.width, win.height) / 1080))
    }

    AttractScreen {
        objectName: "attractScreen"
        anchors.fill: parent
        bridge: win.bridge
        visible: win.bridge.screen === "attract"
    }
    HomeScreen {
        objectName: "homeScreen"
        anchors.fill: parent
        bridge: win.bridge
        visible: win.bridge.screen === "home"
    }
    WalkScreen {
        objectName: "walkScreen"
        anchors.fill: parent
        bridge: win.bridge
        visible: win.bridge.screen === "walk"
    }
    FinishScreen {
        objectName: "finishScreen"
        anchors.fill: parent
        bridge: win.bridge
        visible: win.bridge.screen === "finish"
    }
    GlossaryCard {
        objectName: "glossaryCard"
        anchors.fill: parent
        bridge: win.bridge
        visible: win.bridge.cardOpen
    }
}
