pragma ComponentBehavior: Bound
import QtQuick

// A text in the second language (for a family member), under the same text in the first:
// plain (its glossary words have their buttons in the first language), in the muted colour,
// and in its own direction whatever the page's: English under Arabic reads left to right,
// Arabic under English right to left. Empty: not shown.
Text {
    property bool rtl: false
    visible: text !== ""
    LayoutMirroring.enabled: false
    horizontalAlignment: rtl ? Text.AlignRight : Text.AlignLeft
    textFormat: Text.PlainText
    color: Theme.mutedText
    font.pixelSize: Theme.bodySize
    wrapMode: Text.WordWrap
}
