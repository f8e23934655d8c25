/// How far one node's ties reach across the groups of a labelling (communities, nations, sectors, ...).
public struct Bridging: Sendable, Hashable {
    /// The number of distinct labels among the node's neighbours.
    public var reached: Int
    /// The number of distinct labels among the neighbours other than the node's own label.
    public var outside: Int
    /// The share of the node's tie weight that goes to neighbours with another label (0 with no ties).
    public var outsideShare: Double

    public init(reached: Int, outside: Int, outsideShare: Double) {
        self.reached = reached
        self.outside = outside
        self.outsideShare = outsideShare
    }
}

extension Graph {
    /// The bridging measures of every node for a labelling (one label per node; a negative label means
    /// unknown: such neighbours count in no label and in the weight of neither side).
    /// - Throws: ``GraphError`` when `labels` has the wrong length.
    /// - Complexity: O(nodes + edges) time; O(largest label) memory.
    public func bridging(labels: [Int32]) throws(GraphError) -> [Bridging] {
        guard labels.count == nodeCount else {
            throw .invalidArgument("the labelling has \(labels.count) labels (expected \(nodeCount))")
        }
        let labelCount = Int(labels.max() ?? -1) + 1
        var seenBy = [Int32](repeating: -1, count: labelCount)
        var result: [Bridging] = []
        result.reserveCapacity(nodeCount)
        for node in 0..<nodeCount {
            let own = labels[node]
            var reached = 0, outside = 0
            var inWeight = 0.0, outWeight = 0.0
            for position in offsets[node]..<offsets[node + 1] {
                let label = labels[Int(targets[position])]
                guard label >= 0 else { continue }
                let weight = Double(weights[position])
                if label == own { inWeight += weight } else { outWeight += weight }
                if seenBy[Int(label)] != Int32(truncatingIfNeeded: node) {
                    seenBy[Int(label)] = Int32(truncatingIfNeeded: node)
                    reached += 1
                    if label != own { outside += 1 }
                }
            }
            let total = inWeight + outWeight
            result.append(Bridging(reached: reached, outside: outside, outsideShare: total > 0 ? outWeight / total : 0))
        }
        return result
    }
}
