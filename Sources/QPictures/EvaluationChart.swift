import QMatching

/// Offline evaluation results per method: recall@k and NDCG@k side by side for each method, the baselines
/// beside the blends.
public struct EvaluationChart: Sendable {
    public let report: Evaluation.Report

    public init(report: Evaluation.Report) { self.report = report }

    public var picture: Picture {
        let title = "Evaluation at k = \(report.k): recall and NDCG per method"
        let width = 640.0, rowHeight = 40.0, top = 30.0, labelWidth = 180.0, room = 360.0
        let rows = report.rows
        let height = top + rowHeight * Double(max(1, rows.count)) + 10
        let largest = max(0.0001, rows.flatMap { [$0.recall, $0.ndcg] }.max() ?? 0)
        var body = "<rect x=\"\(SVG.n(labelWidth))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(SVG.bar)\"/>"
            + "<text x=\"\(SVG.n(labelWidth + 18))\" y=\"16\" font-size=\"12\" fill=\"\(SVG.ink)\">recall@\(report.k)</text>"
            + "<rect x=\"\(SVG.n(labelWidth + 120))\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(SVG.accent)\"/>"
            + "<text x=\"\(SVG.n(labelWidth + 138))\" y=\"16\" font-size=\"12\" fill=\"\(SVG.ink)\">NDCG@\(report.k)</text>"
        for (position, row) in rows.enumerated() {
            let y = top + rowHeight * Double(position)
            body += "<text x=\"\(SVG.n(labelWidth - 8))\" y=\"\(SVG.n(y + 22))\" text-anchor=\"end\" font-size=\"13\" "
                + "fill=\"\(SVG.ink)\">\(SVG.escape(row.method))</text>"
            for (offset, value, colour, name) in [(0.0, row.recall, SVG.bar, "recall"), (17.0, row.ndcg, SVG.accent, "NDCG")] {
                let length = max(1, room * value / largest)
                body += "<rect x=\"\(SVG.n(labelWidth))\" y=\"\(SVG.n(y + 3 + offset))\" width=\"\(SVG.n(length))\" "
                    + "height=\"15\" fill=\"\(colour)\"><title>\(SVG.escape(row.method)) \(name): "
                    + "\(String(format: "%.4f", value))</title></rect>"
                    + "<text x=\"\(SVG.n(labelWidth + length + 5))\" y=\"\(SVG.n(y + 15 + offset))\" font-size=\"11\" "
                    + "fill=\"\(SVG.muted)\">\(String(format: "%.3f", value))</text>"
            }
        }
        let description = "\(report.queries) members evaluated, \(report.hiddenPairs) hidden pairs. "
            + rows.map { "\($0.method): recall \(String(format: "%.3f", $0.recall)), NDCG \(String(format: "%.3f", $0.ndcg))" }
                .joined(separator: "; ")
        return Picture(name: "evaluation", title: title, svg: SVG.document(
            id: "evaluation", width: width, height: height, title: title, description: description, body: body))
    }
}
