/// The line-by-line state of ``EdgeListReader``: ids seen so far (numbered by first appearance until
/// `finish` renumbers them in id order) and the edges.
struct EdgeListParser {
    let file: String
    private var ids: [String] = []
    private var index: [String: Int32] = [:]
    private var edges: [WeightedEdge] = []

    init(file: String) { self.file = file }

    private static let tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
    private static let space: UInt8 = 0x20, hash: UInt8 = 0x23

    /// Parses every line of `bytes`.
    /// - Throws: ``GraphError`` (malformed edge list) for the first bad line.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(GraphError) {
        let count = bytes.count
        var start = 0, line = 0
        while start < count {
            line += 1
            var end = start
            while end < count, bytes[end] != Self.newline { end += 1 }
            var stop = end
            if stop > start, bytes[stop - 1] == Self.carriageReturn { stop -= 1 }
            try parseLine(UnsafeRawBufferPointer(rebasing: bytes[start..<stop]), line: line)
            start = end + 1
        }
    }

    private mutating func parseLine(_ bytes: UnsafeRawBufferPointer, line: Int) throws(GraphError) {
        var first = 0
        while first < bytes.count, bytes[first] == Self.space || bytes[first] == Self.tab { first += 1 }
        if first == bytes.count || bytes[first] == Self.hash { return }
        // Up to three fields without allocating: the tab positions split the line.
        var tabs = (0, 0), tabCount = 0
        for position in 0..<bytes.count where bytes[position] == Self.tab {
            if tabCount == 0 { tabs.0 = position } else if tabCount == 1 { tabs.1 = position }
            tabCount += 1
        }
        guard tabCount == 1 || tabCount == 2 else {
            throw .malformedEdgeList(file: file, line: line, tabCount > 2
                ? "\(tabCount + 1) tab-separated fields (expected source<TAB>target[<TAB>weight])"
                : "1 field (expected source<TAB>target[<TAB>weight], separated by tabs)")
        }
        let fields = (Self.trimmed(bytes, 0..<tabs.0),
                      Self.trimmed(bytes, tabs.0 + 1..<(tabCount == 2 ? tabs.1 : bytes.count)),
                      tabCount == 2 ? Self.trimmed(bytes, tabs.1 + 1..<bytes.count) : nil)
        let source = try node(bytes, fields.0, column: "source", line: line)
        let target = try node(bytes, fields.1, column: "target", line: line)
        guard source != target else {
            throw .malformedEdgeList(file: file, line: line, column: "target",
                                     "self loop on '\(ids[Int(source)])' (expected two different nodes)")
        }
        var weight: Float = 1
        if let range = fields.2 { weight = try Self.weight(bytes, range, file: file, line: line) }
        edges.append(WeightedEdge(source, target, weight: weight))
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var low = range.lowerBound, high = range.upperBound
        while low < high, bytes[low] == space { low += 1 }
        while high > low, bytes[high - 1] == space { high -= 1 }
        return low..<high
    }

    private mutating func node(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, column: String,
                               line: Int) throws(GraphError) -> Int32 {
        guard !range.isEmpty else {
            throw .malformedEdgeList(file: file, line: line, column: column, "empty (expected a node id)")
        }
        guard let id = String(validating: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
            throw .malformedEdgeList(file: file, line: line, column: column, "not valid UTF-8 (expected a node id)")
        }
        if let known = index[id] { return known }
        guard ids.count < Int(Int32.max) else {
            throw .malformedEdgeList(file: file, line: line, column: column, "too many nodes (expected < 2^31)")
        }
        let new = Int32(truncatingIfNeeded: ids.count)
        ids.append(id)
        index[id] = new
        return new
    }

    private static func weight(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, file: String,
                               line: Int) throws(GraphError) -> Float {
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard let value = Double(text), !text.isEmpty else {
            throw .malformedEdgeList(file: file, line: line, column: "weight",
                                     "'\(text.prefix(40))' is not a number (expected a number greater than 0)")
        }
        guard value > 0 else {
            throw .malformedEdgeList(file: file, line: line, column: "weight",
                                     "\(text.prefix(40)) is not greater than 0 (expected a positive weight)")
        }
        guard value.isFinite, Float(value).isFinite, Float(value) > 0 else {
            throw .malformedEdgeList(file: file, line: line, column: "weight",
                                     "\(text.prefix(40)) is out of range (expected a positive weight from 1e-38 to 3e38)")
        }
        return Float(value)
    }

    /// Renumbers the nodes in id order and builds the graph.
    /// - Complexity: O(nodes × log nodes + edges × log(max degree)).
    func finish(duplicates: DuplicatePolicy) throws(GraphError) -> LabeledGraph {
        let order = ids.indices.sorted { LabeledGraph.precedes(ids[$0], ids[$1]) }
        var rank = [Int32](repeating: 0, count: ids.count)
        for (position, old) in order.enumerated() { rank[old] = Int32(truncatingIfNeeded: position) }
        let renumbered = edges.map { WeightedEdge(rank[Int($0.source)], rank[Int($0.target)], weight: $0.weight) }
        let graph = try Graph(nodeCount: ids.count, edges: renumbered, duplicates: duplicates)
        return LabeledGraph(ids: order.map { ids[$0] }, graph: graph)
    }
}
