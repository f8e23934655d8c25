/// A graph whose nodes carry string ids (as read from an edge list).
public struct LabeledGraph: Sendable {
    /// The id of every node: node `i` is `ids[i]`, in ``LabeledGraph/precedes(_:_:)`` order.
    public let ids: [String]
    public let graph: Graph

    /// Wraps a graph with one id per node, already in ``LabeledGraph/precedes(_:_:)`` order and unique.
    public init(ids: [String], graph: Graph) {
        self.ids = ids
        self.graph = graph
    }

    /// The node with this id, or nil.
    /// - Complexity: O(log nodes).
    public func node(_ id: String) -> Int? {
        var low = 0, high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(ids[middle], id) { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// The order of node ids: ids of ASCII digits only come first, in numeric order ("2" before "10"), then
    /// all others by their UTF-8 bytes.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let aNumeric = isNumeric(a), bNumeric = isNumeric(b)
        if aNumeric != bNumeric { return aNumeric }
        if aNumeric, a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func isNumeric(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
