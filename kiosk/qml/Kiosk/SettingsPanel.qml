pragma ComponentBehavior: Bound
import QtQuick

// Language, text size, contrast and motion: one tap away on every screen, reset for every patient.
ModalCard {
    id: root
    required property var bridge

    cardName: "settingsBox"
    accessibleName: qsTr("Language and text size")
    onBackdropTapped: root.bridge.openSettings(false)

    Column {
        id: column
        width: parent.width
        spacing: Theme.gap

        FitText {
            width: parent.width
            text: qsTr("Language")
            color: Theme.text
            baseSize: Theme.headingSize
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Flow {
            width: parent.width
            spacing: Theme.gap
            Repeater {
                model: root.bridge.languages
                delegate: KButton {
                    required property var modelData
                    objectName: "lang-" + modelData.code
                    text: modelData.name
                    primary: modelData.code === root.bridge.language
                    Accessible.name: modelData.name + " (" + modelData.english + ")"
                    onClicked: root.bridge.setLanguage(modelData.code)
                }
            }
        }
        FitText {
            width: parent.width
            topPadding: Theme.gap
            text: qsTr("Text size")
            color: Theme.text
            baseSize: Theme.headingSize
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Flow {
            width: parent.width
            spacing: Theme.gap
            Repeater {
                model: [qsTr("Normal text"), qsTr("Large text"), qsTr("Largest text")]
                delegate: KButton {
                    required property int index
                    required property string modelData
                    objectName: "textSize-" + index
                    text: "A"
                    // Each "A" is drawn at the size it chooses, independent of the current setting.
                    textSize: Theme.buttonSizeAt([1.0, 1.3, 1.6][index])
                    width: Math.max(implicitWidth, Theme.keyWidth)
                    primary: root.bridge.textStep === index
                    Accessible.name: modelData
                    onClicked: root.bridge.setTextStep(index)
                }
            }
        }
        Flow {
            width: parent.width
            spacing: Theme.gap
            topPadding: Theme.gap
            KButton {
                objectName: "contrastToggle"
                text: root.bridge.highContrast ? qsTr("Stronger colors: on") : qsTr("Stronger colors: off")
                primary: root.bridge.highContrast
                onClicked: root.bridge.setHighContrast(!root.bridge.highContrast)
            }
            KButton {
                objectName: "motionToggle"
                text: root.bridge.reducedMotion ? qsTr("Less movement: on") : qsTr("Less movement: off")
                primary: root.bridge.reducedMotion
                onClicked: root.bridge.setReducedMotion(!root.bridge.reducedMotion)
            }
        }
    }

    actionName: "settingsClose"
    actionText: qsTr("Close")
    actionIcon: "close"
    onActionClicked: root.bridge.openSettings(false)
}
