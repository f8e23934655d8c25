/// Values over time (one point per period, oldest first) as a line with its axis: the first, middle and
/// last period labelled below, the largest value (or 100% for shares) at the top.
public struct LineChart: Sendable {
    public let name: String
    public let title: String
    /// Period label and value, oldest first.
    public let points: [(label: String, value: Double)]
    /// Values are shares (0...1), written as percentages on a 0-100% axis.
    public let isShare: Bool

    public init(name: String, title: String, points: [(label: String, value: Double)], isShare: Bool) {
        self.name = name
        self.title = title
        self.points = points
        self.isShare = isShare
    }

    func text(_ value: Double) -> String { isShare ? SVG.percent(value) : SVG.count(Int(value.rounded())) }

    public var picture: Picture {
        let width = 640.0, height = 260.0, left = 64.0, right = 40.0, top = 16.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let largest = isShare ? 1 : max(1, points.map(\.value).max() ?? 1)
        var body = "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(top + plotHeight))\" x2=\"\(SVG.n(width - right))\" "
            + "y2=\"\(SVG.n(top + plotHeight))\" stroke=\"\(SVG.muted)\"/>"
            + "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(top))\" x2=\"\(SVG.n(left))\" y2=\"\(SVG.n(top + plotHeight))\" "
            + "stroke=\"\(SVG.muted)\"/>"
        for fraction in [0.0, 0.5, 1.0] {
            let y = top + plotHeight * (1 - fraction)
            body += "<text x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(y + 4))\" text-anchor=\"end\" font-size=\"12\" "
                + "fill=\"\(SVG.muted)\">\(SVG.escape(text(largest * fraction)))</text>"
        }
        guard !points.isEmpty else {
            body += "<text x=\"\(SVG.n(left + 10))\" y=\"\(SVG.n(top + 20))\" font-size=\"13\" fill=\"\(SVG.muted)\">"
                + "No dated connections yet</text>"
            return Picture(name: name, title: title, svg: SVG.document(id: name, width: width, height: height,
                                                                        title: title, description: "no data", body: body))
        }
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        func x(_ i: Int) -> Double { points.count > 1 ? left + step * Double(i) : left + plotWidth / 2 }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(1, max(0, value / largest))) }
        let path = points.indices.map { "\($0 == 0 ? "M" : "L")\(SVG.n(x($0))) \(SVG.n(y(points[$0].value)))" }
            .joined(separator: " ")
        body += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(SVG.bar)\" stroke-width=\"2\"/>"
        if points.count <= 60 {
            for (i, point) in points.enumerated() {
                body += "<circle cx=\"\(SVG.n(x(i)))\" cy=\"\(SVG.n(y(point.value)))\" r=\"3\" fill=\"\(SVG.bar)\">"
                    + "<title>\(SVG.escape(point.label)): \(SVG.escape(text(point.value)))</title></circle>"
            }
        }
        for i in Set([0, points.count / 2, points.count - 1]).sorted() {
            body += "<text x=\"\(SVG.n(x(i)))\" y=\"\(SVG.n(height - 14))\" text-anchor=\"middle\" font-size=\"12\" "
                + "fill=\"\(SVG.muted)\">\(SVG.escape(points[i].label))</text>"
        }
        let last = points[points.count - 1]
        let description = "\(points.count) periods from \(points[0].label) to \(last.label); "
            + "latest \(last.label): \(text(last.value)); highest: \(text(points.map(\.value).max() ?? 0))"
        return Picture(name: name, title: title, svg: SVG.document(id: name, width: width, height: height, title: title,
                                                                    description: description, body: body))
    }
}
