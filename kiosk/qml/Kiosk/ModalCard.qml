pragma ComponentBehavior: Bound
import QtQuick

// The one modal card of the kiosk (a word's meaning, the settings, "Are you still there?",
// the staff PIN): the page dimmed behind it; the card in the middle with the theme's border,
// corners and padding; its content, which scrolls when it is taller than the screen; and its
// buttons along the bottom, where they stay put. The action that ends the card (Close, I'm
// still here, Cancel) sits at the end of that row, or in its middle when `actionCentred`; a
// second button, when there is one, at its start. The card that uses this one gives the
// words (so they are translated there) and says what a tap does.
Rectangle {
    id: root
    color: Theme.scrim

    // What the card shows: laid out top to bottom, each item as wide as the card's inside.
    default property alias content: body.data

    // The card: at most this wide, or as wide as `contentWidth` (plus padding) when that is set.
    property int maxCardWidth: Theme.cardWidthL
    property real contentWidth: 0
    property alias scrimName: scrim.objectName
    property alias cardName: card.objectName
    property alias scrollerName: scroller.objectName
    property int accessibleRole: Accessible.Dialog
    property string accessibleName: ""
    // Off: a tap on the card reaches only its controls. On: a tap anywhere, the card
    // included, counts as a tap on the dimmed page (backdropTapped).
    property bool tapsOnCardCount: false

    // The action that ends the card.
    property alias actionName: action.objectName
    property string actionText: ""
    property string actionIcon: ""
    property bool actionPrimary: true
    property bool actionCentred: false
    property real actionWidth: Math.max(actionImplicitWidth, Math.min(Theme.buttonWidthM, halfFooter))
    property int actionMaxTextWidth: halfFooter - action.iconPart - 2 * action.padding

    // The second button (e.g. Read aloud), at the start of the row.
    property alias secondaryName: secondary.objectName
    property bool secondaryShown: false
    property string secondaryText: ""
    property string secondaryIcon: ""

    readonly property real actionImplicitWidth: action.implicitWidth
    readonly property real footerWidth: footer.width
    readonly property real halfFooter: footer.width / 2 - Theme.gap

    signal backdropTapped()
    signal actionClicked()
    signal secondaryClicked()

    MouseArea {
        id: scrim
        anchors.fill: parent
        onClicked: root.backdropTapped()
    }

    Rectangle {
        id: card
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin,
                        root.contentWidth > 0 ? root.contentWidth + 2 * Theme.margin : root.maxCardWidth)
        height: Math.min(parent.height - 2 * Theme.margin, body.height + Theme.gap + footer.height + 2 * Theme.margin)
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
        border.width: Theme.borderWidth

        Accessible.role: root.accessibleRole
        Accessible.name: root.accessibleName

        // Swallows taps on the card, so only taps outside it count as taps on the dimmed page.
        MouseArea {
            anchors.fill: parent
            enabled: !root.tapsOnCardCount
        }

        Flickable {
            id: scroller
            anchors { left: parent.left; right: parent.right; top: parent.top; bottom: footer.top
                      margins: Theme.margin; bottomMargin: Theme.gap }
            contentHeight: body.height
            clip: true
            interactive: contentHeight > height
            boundsBehavior: Flickable.StopAtBounds

            Column {
                id: body
                width: scroller.width
            }
        }

        Item {
            id: footer
            anchors { left: parent.left; right: parent.right; bottom: parent.bottom; margins: Theme.margin }
            height: Math.max(action.height, secondary.visible ? secondary.height : 0)
            KButton {
                id: secondary
                anchors.left: parent.left
                visible: root.secondaryShown
                text: root.secondaryText
                icon: root.secondaryIcon
                maxTextWidth: root.halfFooter - iconPart - 2 * padding
                onClicked: root.secondaryClicked()
            }
            KButton {
                id: action
                anchors.right: root.actionCentred ? undefined : parent.right
                anchors.horizontalCenter: root.actionCentred ? parent.horizontalCenter : undefined
                width: root.actionWidth
                primary: root.actionPrimary
                text: root.actionText
                icon: root.actionIcon
                maxTextWidth: root.actionMaxTextWidth
                onClicked: root.actionClicked()
            }
        }
    }
}
