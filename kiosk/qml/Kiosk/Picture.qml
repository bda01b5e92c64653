import QtQuick

// A drawing on a white card, rendered by Qt's SVG renderer at the size shown (sharp at any size).
Rectangle {
    id: root
    property string source: ""
    property string description: ""
    color: Theme.pictureCard
    radius: Theme.radius
    border.color: Theme.highContrast ? Theme.border : "#D6D2C8"
    border.width: Theme.borderWidth

    Accessible.role: Accessible.Graphic
    Accessible.name: root.description

    Image {
        id: image
        anchors.fill: parent
        anchors.margins: Theme.px(20)
        source: root.source
        fillMode: Image.PreserveAspectFit
        sourceSize.width: Math.max(1, width)
        sourceSize.height: Math.max(1, height)
        asynchronous: false
        smooth: true
    }
}
