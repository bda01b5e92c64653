pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Bridges

// Language, text size, contrast and motion: one tap away on every screen, reset for every patient.
ModalCard {
    id: root
    required property DisplayBridge display

    cardName: "settingsBox"
    scrollerName: "settingsScroller"
    accessibleName: qsTr("Language and text size")
    onBackdropTapped: root.display.openSettings(false)

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
                model: root.display.languages
                delegate: KButton {
                    required property var modelData
                    objectName: "lang-" + modelData.code
                    text: modelData.name
                    primary: modelData.code === root.display.language
                    Accessible.name: modelData.name + " (" + modelData.english + ")"
                    onClicked: root.display.setLanguage(modelData.code)
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
                // The sizes Python offers (kiosk/core/prefs.py); each name in the patient's language.
                model: root.display.textSizes
                delegate: KButton {
                    required property int index
                    required property var modelData
                    objectName: "textSize-" + index
                    text: "A"
                    // Each "A" is drawn at the size it chooses, independent of the current setting.
                    textSize: Theme.buttonSizeAt(modelData.scale)
                    width: Math.max(implicitWidth, Theme.keyWidth)
                    primary: root.display.textStep === index
                    Accessible.name: ({ normal: qsTr("Normal text"), large: qsTr("Large text"),
                                       largest: qsTr("Largest text") })[modelData.key] || ""
                    onClicked: root.display.setTextStep(index)
                }
            }
        }
        Flow {
            width: parent.width
            spacing: Theme.gap
            topPadding: Theme.gap
            KButton {
                objectName: "contrastToggle"
                text: root.display.highContrast ? qsTr("Stronger colors: on") : qsTr("Stronger colors: off")
                primary: root.display.highContrast
                onClicked: root.display.setHighContrast(!root.display.highContrast)
            }
            KButton {
                objectName: "motionToggle"
                text: root.display.reducedMotion ? qsTr("Less movement: on") : qsTr("Less movement: off")
                primary: root.display.reducedMotion
                onClicked: root.display.setReducedMotion(!root.display.reducedMotion)
            }
        }
        // A second language under the first on every page, for a family member who reads another
        // (last: the other controls keep their places).
        FitText {
            width: parent.width
            topPadding: Theme.gap
            text: qsTr("Also show the text in")
            color: Theme.text
            baseSize: Theme.headingSize
            font.bold: true
            wrapMode: Text.WordWrap
        }
        Flow {
            objectName: "secondLanguages"
            width: parent.width
            spacing: Theme.gap
            KButton {
                objectName: "secondLang-none"
                text: qsTr("No other language")
                primary: root.display.secondLanguage === ""
                onClicked: root.display.setSecondLanguage("")
            }
            Repeater {
                model: root.display.languages
                delegate: KButton {
                    required property var modelData
                    objectName: "secondLang-" + modelData.code
                    visible: modelData.code !== root.display.language
                    text: modelData.name
                    primary: modelData.code === root.display.secondLanguage
                    Accessible.name: qsTr("Also show the text in %1").arg(modelData.name + " (" + modelData.english + ")")
                    onClicked: root.display.setSecondLanguage(modelData.code)
                }
            }
        }
    }

    actionName: "settingsClose"
    actionText: qsTr("Close")
    actionIcon: "close"
    onActionClicked: root.display.openSettings(false)
}
