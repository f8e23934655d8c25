/// Horizontal bars, one per labelled value, largest scale at the longest bar; each bar is labelled with its
/// value (and its share of the total when `showsShare`).
public struct BarChart: Sendable {
    public struct Bar: Sendable, Hashable {
        public let label: String
        public let value: Double
        /// The value as written beside the bar.
        public let text: String

        public init(label: String, value: Double, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    public let name: String
    public let title: String
    public let bars: [Bar]

    public init(name: String, title: String, bars: [Bar]) {
        self.name = name
        self.title = title
        self.bars = bars
    }

    /// Bars for counts, each written as `count (share%)` of `total`.
    public init(name: String, title: String, counts: [(String, Int)], total: Int? = nil, limit: Int = 12) {
        let sum = total ?? counts.reduce(0) { $0 + $1.1 }
        var shown = Array(counts.prefix(limit))
        if counts.count > limit {
            shown.append(("other (\(counts.count - limit))", counts.dropFirst(limit).reduce(0) { $0 + $1.1 }))
        }
        self.init(name: name, title: title, bars: shown.map { label, count in
            Bar(label: label, value: Double(count),
                text: SVG.count(count) + (sum > 0 ? " (" + SVG.percent(Double(count) / Double(sum)) + ")" : ""))
        })
    }

    public var picture: Picture {
        let width = 640.0, rowHeight = 26.0, top = 8.0, labelWidth = 210.0, textWidth = 120.0
        let height = top * 2 + rowHeight * Double(max(1, bars.count))
        let largest = bars.map(\.value).max() ?? 0
        let room = width - labelWidth - textWidth - 16
        var body = ""
        for (position, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(position)
            let length = largest > 0 ? max(1, room * bar.value / largest) : 0
            body += "<text x=\"\(SVG.n(labelWidth - 8))\" y=\"\(SVG.n(y + 17))\" text-anchor=\"end\" font-size=\"13\" "
                + "fill=\"\(SVG.ink)\">\(SVG.escape(Self.clipped(bar.label, 30)))</text>"
            body += "<rect x=\"\(SVG.n(labelWidth))\" y=\"\(SVG.n(y + 4))\" width=\"\(SVG.n(length))\" height=\"18\" "
                + "fill=\"\(SVG.bar)\"><title>\(SVG.escape(bar.label)): \(SVG.escape(bar.text))</title></rect>"
            body += "<text x=\"\(SVG.n(labelWidth + length + 6))\" y=\"\(SVG.n(y + 17))\" font-size=\"12\" "
                + "fill=\"\(SVG.muted)\">\(SVG.escape(bar.text))</text>"
        }
        if bars.isEmpty {
            body = "<text x=\"10\" y=\"24\" font-size=\"13\" fill=\"\(SVG.muted)\">No data yet</text>"
        }
        let description = bars.map { "\($0.label): \($0.text)" }.joined(separator: "; ")
        return Picture(name: name, title: title, svg: SVG.document(id: name, width: width, height: height, title: title,
                                                                    description: description, body: body))
    }

    static func clipped(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
