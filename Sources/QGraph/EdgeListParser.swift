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
        let field = UnsafeRawBufferPointer(rebasing: bytes[range])
        let id: String
        if field.allSatisfy({ $0 < 0x80 }) {
            id = String(decoding: field.bindMemory(to: UInt8.self), as: UTF8.self)   // ASCII: nothing to validate
        } else if let valid = String(validating: field, as: UTF8.self) {
            id = valid
        } else {
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
        let field = UnsafeRawBufferPointer(rebasing: bytes[range])
        let text = String(decoding: field.bindMemory(to: UInt8.self), as: UTF8.self)
        guard let value = Self.simpleDecimal(field) ?? Double(text), !text.isEmpty else {
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

    /// `digits[.digits]` with at most 15 significant digits, exactly as `Double(text)` reads it (both the
    /// integer and the power of ten are exact, so one division rounds correctly); nil for anything else.
    static func simpleDecimal(_ field: UnsafeRawBufferPointer) -> Double? {
        var mantissa: UInt64 = 0, digits = 0, fraction = -1
        for byte in field {
            if byte == 0x2E, fraction < 0 {
                fraction = 0
            } else if byte >= 0x30, byte <= 0x39 {
                guard digits < 15 else { return nil }   // more digits: let Double(text) round them
                mantissa = mantissa * 10 + UInt64(byte - 0x30)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        let scale: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
        return Double(mantissa) / scale[Swift.max(0, fraction)]
    }

    /// Renumbers the nodes in id order and builds the graph.
    /// - Complexity: O(nodes × log nodes + edges × log(max degree)).
    func finish(duplicates: DuplicatePolicy) throws(GraphError) -> LabeledGraph {
        // Numeric ids of up to 18 digits without a leading zero sort by value, which is the order of
        // LabeledGraph.precedes for them; everything else compares by LabeledGraph.precedes.
        let numbers = ids.map { id -> UInt64? in
            let utf8 = id.utf8
            guard let first = utf8.first, utf8.count <= 18, first != 0x30 || utf8.count == 1,
                  utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return UInt64(id)
        }
        let order = ids.indices.sorted { a, b in
            switch (numbers[a], numbers[b]) {
            case let (x?, y?): x < y
            default: LabeledGraph.precedes(ids[a], ids[b])
            }
        }
        var rank = [Int32](repeating: 0, count: ids.count)
        for (position, old) in order.enumerated() { rank[old] = Int32(truncatingIfNeeded: position) }
        let renumbered = edges.map { WeightedEdge(rank[Int($0.source)], rank[Int($0.target)], weight: $0.weight) }
        let graph = try Graph(nodeCount: ids.count, edges: renumbered, duplicates: duplicates)
        return LabeledGraph(ids: order.map { ids[$0] }, graph: graph)
    }
}
