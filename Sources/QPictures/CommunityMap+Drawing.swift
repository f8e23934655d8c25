import Foundation

extension CommunityMap {
    /// The map as SVG: a circle per community (area by members), a line per pair of communities with ties
    /// (width by how many), each circle labelled with its top topics and nations and, when `link` is given,
    /// a link to `link(number)` (the page that lists its members).
    public func picture(link: ((Int) -> String)? = nil) -> Picture {
        let width = 800.0, height = 560.0
        let title = "Community map"
        guard !communities.isEmpty else {
            return Picture(name: "community-map", title: title, svg: SVG.document(
                id: "community-map", width: width, height: 80, title: title, description: "no connections yet",
                body: "<text x=\"10\" y=\"30\" font-size=\"14\" fill=\"\(SVG.muted)\">No communities yet: "
                    + "the map needs connections</text>"))
        }
        let largest = Double(communities.map(\.size).max() ?? 1)
        let (positions, scale) = layout(radii: communities.map { 12 + 58 * (Double($0.size) / largest).squareRoot() },
                                        width: width, height: height)
        let radii = communities.map { (12 + 58 * (Double($0.size) / largest).squareRoot()) * scale }
        let heaviest = Double(ties.map(\.count).max() ?? 1)
        var body = "<g stroke=\"#8a9aa9\" stroke-opacity=\"0.7\">"
        // The strongest ties only: with every pair tied a little, all of them would hide the structure.
        let shownTies = ties.sorted { ($0.count, $1.a, $1.b) > ($1.count, $0.a, $0.b) }.prefix(2 * communities.count)
        for tie in shownTies {
            let (p, q) = (positions[tie.a], positions[tie.b])
            let stroke = 0.8 + 7 * (Double(tie.count) / heaviest).squareRoot()
            body += "<line x1=\"\(SVG.n(p.x))\" y1=\"\(SVG.n(p.y))\" x2=\"\(SVG.n(q.x))\" y2=\"\(SVG.n(q.y))\" "
                + "stroke-width=\"\(SVG.n(stroke))\"><title>\(SVG.count(tie.count)) ties between communities "
                + "\(tie.a + 1) and \(tie.b + 1)</title></line>"
        }
        body += "</g>"
        for (index, community) in communities.enumerated() {
            let p = positions[index], r = radii[index]
            let colour = SVG.palette[index % SVG.palette.count]
            var node = "<circle cx=\"\(SVG.n(p.x))\" cy=\"\(SVG.n(p.y))\" r=\"\(SVG.n(r))\" fill=\"\(colour)\" "
                + "fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"2\"/>"
            node += "<text x=\"\(SVG.n(p.x))\" y=\"\(SVG.n(p.y + 5))\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\" fill=\"#ffffff\">\(SVG.count(community.size))</text>"
            let lines = [community.topics.first ?? "", community.nations.prefix(2).joined(separator: ", ")]
                .filter { !$0.isEmpty }
            for (line, text) in lines.enumerated() {
                node += "<text x=\"\(SVG.n(p.x))\" y=\"\(SVG.n(p.y + r + 13 + 13 * Double(line)))\" "
                    + "text-anchor=\"middle\" font-size=\"11\" fill=\"\(SVG.ink)\" class=\"label\">"
                    + "\(SVG.escape(BarChart.clipped(text, 28)))</text>"
            }
            let name = "Community \(community.number): \(SVG.count(community.size)) members; \(community.label)"
            if let link {
                body += "<a href=\"\(SVG.escape(link(community.number)))\" aria-label=\"\(SVG.escape(name))\">"
                    + "<title>\(SVG.escape(name))</title>\(node)</a>"
            } else {
                body += "<g><title>\(SVG.escape(name))</title>\(node)</g>"
            }
        }
        let description = "\(communities.count) largest of \(found) communities found in the connection graph, "
            + "with the \(shownTies.count) strongest ties between them "
            + "(modularity \(String(format: "%.2f", modularity))). "
            + communities.prefix(8).map { "Community \($0.number), \($0.size) members: \($0.label)" }
                .joined(separator: "; ")
        return Picture(name: "community-map", title: title, svg: SVG.document(
            id: "community-map", width: width, height: height, title: title, description: description, body: body))
    }

    /// Circle centres: a deterministic force layout (ties pull, circles push apart, a weak pull to the
    /// centre), started on a spiral in order of size, then fitted inside the picture.
    /// - Complexity: O(iterations × communities²); at most 20 communities and 300 iterations.
    func layout(radii: [Double], width: Double, height: Double) -> (positions: [(x: Double, y: Double)], scale: Double) {
        let count = radii.count
        var x = (0..<count).map { 200 * Double($0).squareRoot() * cos(Double($0) * 2.4) }
        var y = (0..<count).map { 200 * Double($0).squareRoot() * sin(Double($0) * 2.4) }
        let heaviest = Double(ties.map(\.count).max() ?? 1)
        for step in 0..<300 {
            let cooling = 1 - Double(step) / 300
            var dx = [Double](repeating: 0, count: count), dy = dx
            for i in 0..<count {
                dx[i] -= 0.02 * x[i]
                dy[i] -= 0.02 * y[i]
                for j in (i + 1)..<max(i + 1, count) {
                    var ex = x[j] - x[i], ey = y[j] - y[i]
                    var distance = (ex * ex + ey * ey).squareRoot()
                    if distance < 0.01 { ex = 1; ey = 0; distance = 1 }
                    let room = radii[i] + radii[j] + 34
                    var push = 4000 / (distance * distance)
                    if distance < room { push += (room - distance) * 0.5 }
                    dx[i] -= push * ex / distance; dy[i] -= push * ey / distance
                    dx[j] += push * ex / distance; dy[j] += push * ey / distance
                }
            }
            for tie in ties {
                let ex = x[tie.b] - x[tie.a], ey = y[tie.b] - y[tie.a]
                let distance = max(0.01, (ex * ex + ey * ey).squareRoot())
                let rest = radii[tie.a] + radii[tie.b] + 60
                guard distance > rest else { continue }
                let pull = 0.02 * (Double(tie.count) / heaviest).squareRoot() * (distance - rest)
                dx[tie.a] += pull * ex / distance; dy[tie.a] += pull * ey / distance
                dx[tie.b] -= pull * ex / distance; dy[tie.b] -= pull * ey / distance
            }
            for i in 0..<count {
                let limit = 30 * cooling + 1
                x[i] += max(-limit, min(limit, dx[i]))
                y[i] += max(-limit, min(limit, dy[i]))
            }
        }
        // Then no overlaps: pairs closer than their radii plus room for labels are pushed apart, a few rounds.
        for _ in 0..<200 {
            var moved = false
            for i in 0..<count {
                for j in (i + 1)..<max(i + 1, count) {
                    var ex = x[j] - x[i], ey = y[j] - y[i]
                    var distance = (ex * ex + ey * ey).squareRoot()
                    if distance < 0.01 { ex = 1; ey = 0; distance = 1 }
                    let room = radii[i] + radii[j] + 44
                    guard distance < room else { continue }
                    let shift = (room - distance) / 2 + 0.5
                    x[i] -= shift * ex / distance; y[i] -= shift * ey / distance
                    x[j] += shift * ex / distance; y[j] += shift * ey / distance
                    moved = true
                }
            }
            if !moved { break }
        }
        // Fit: the bounding box of the circles (with room for two label lines) scaled into the picture.
        let minX = zip(x, radii).map { $0 - $1 }.min() ?? 0, maxX = zip(x, radii).map { $0 + $1 }.max() ?? 1
        let minY = zip(y, radii).map { $0 - $1 }.min() ?? 0, maxY = zip(y, radii).map { $0 + $1 + 30 }.max() ?? 1
        let margin = 24.0
        let scale = min(1, (width - 2 * margin) / max(1, maxX - minX), (height - 2 * margin) / max(1, maxY - minY))
        let offsetX = (width - (maxX - minX) * scale) / 2, offsetY = (height - (maxY - minY) * scale) / 2
        return ((0..<count).map { ((x[$0] - minX) * scale + offsetX, (y[$0] - minY) * scale + offsetY) }, scale)
    }
}
