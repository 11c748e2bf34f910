import Gateway

/// The network page's chart of contributions per week, drawn on the server as inline SVG
/// (no script, no inline style: the stylesheet colours it). A suppressed week has no bar.
struct WeeklyChart: Sendable {
    static let width = 640
    static let height = 200
    static let left = 12
    static let baseline = 168
    static let tallest = 140

    var width = Self.width
    var height = Self.height
    var baseline = Self.baseline
    var right = Self.width - Self.left
    var left = Self.left
    var weeks: [Week]
    var hasBars: Bool

    struct Week: Sendable {
        var label: String
        var labelX: Int
        var bar: Bar?
    }

    struct Bar: Sendable {
        var weekStart: String
        var value: Int
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var valueY: Int
    }

    init(_ figures: [WeeklyFigure]) {
        let slot = (Self.width - 2 * Self.left) / max(1, figures.count)
        let values = figures.map { $0.contributions.suppressed ? nil : $0.contributions.value.map { Int($0) } }
        let largest = max(1, values.compactMap { $0 }.max() ?? 1)
        weeks = zip(figures, values).enumerated().map { index, pair in
            let (figure, value) = pair
            let x = Self.left + index * slot
            let bar = value.map { value in
                let height = max(1, value * Self.tallest / largest)
                return Bar(
                    weekStart: figure.weekStart, value: value, x: x + 4, y: Self.baseline - height, width: slot - 8, height: height,
                    valueY: Self.baseline - height - 4)
            }
            return Week(label: String(figure.weekStart.suffix(5)), labelX: x + slot / 2, bar: bar)
        }
        hasBars = values.contains { $0 != nil }
    }
}
