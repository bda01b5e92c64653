pragma ComponentBehavior: Bound
import QtQuick

// Text that wraps at word boundaries like any other, and only when a single word is wider
// than the line does it get smaller (down to 32 px at 1080p) instead of spilling out.
// (Qt's own fontSizeMode shrinks whole paragraphs to one line, which is not what we want.)
Text {
    id: root
    property int baseSize: Theme.bodySize
    readonly property int minimumSize: Math.min(baseSize, Theme.minTextSize)
    // One-line width at full size; use it (not implicitWidth) to size a box around the text.
    // It is the advance, which can be a few px short of the line bold Arabic needs (the ink of
    // the last letter); where a box must hold its words on one line, LineMeasure measures that
    // line exactly, at the cost of a second layout (buttons do).
    // (Reading metrics.font makes it follow a text-size change: the advance alone is a method
    // call, which a binding does not watch, and an old, smaller width wrapped the words.)
    readonly property real naturalWidth: metrics.font.pixelSize > 0
        ? Math.ceil(metrics.advanceWidth(text.replace(/<[^>]*>/g, ""))) + 2 : 0

    function widestWord() {
        if (metrics.font.pixelSize <= 0)  // (and a dependency of the binding that calls this)
            return 1
        let widest = 1
        const words = root.text.replace(/<[^>]*>/g, " ").split(/\s+/)
        for (let i = 0; i < words.length; ++i)
            widest = Math.max(widest, metrics.advanceWidth(words[i]))
        return widest
    }

    // The application's font with its whole family list (naming one family alone measured
    // Arabic and Chinese in some other face): only the weight and size are this text's.
    FontMetrics {
        id: metrics
        font.bold: root.font.bold
        font.pixelSize: root.baseSize
    }

    font.pixelSize: width > 0 ? Math.max(minimumSize, Math.min(baseSize, Math.floor(baseSize * (width - 2) / widestWord()))) : baseSize
    wrapMode: Text.WordWrap
}
