/// A graph at a glance.
public struct GraphSummary: Sendable, Hashable, Codable {
    public let nodes: Int
    public let edges: Int
    public let totalWeight: Double
    public let isUnweighted: Bool
    /// Nodes with no edge.
    public let isolated: Int
    public let meanDegree: Double
    public let medianDegree: Int
    public let maxDegree: Int
    /// `edges / (nodes × (nodes − 1) / 2)`, 0 below two nodes.
    public let density: Double
    /// Connected components, isolated nodes included.
    public let components: Int
    /// Nodes in the largest connected component.
    public let largestComponent: Int
}

extension Graph {
    /// Counts, degrees and connected components.
    /// - Complexity: O(nodes + edges) time (components by breadth-first search) and O(nodes) memory.
    public func summary() -> GraphSummary {
        let degrees = (0..<nodeCount).map { offsets[$0 + 1] - offsets[$0] }
        var component = [Int32](repeating: -1, count: nodeCount)
        var queue = [Int32](repeating: 0, count: nodeCount)
        var components = 0, largest = 0
        for root in 0..<nodeCount where component[root] < 0 {
            let label = Int32(truncatingIfNeeded: components)
            component[root] = label
            queue[0] = Int32(truncatingIfNeeded: root)
            var head = 0, tail = 1
            while head < tail {
                let node = Int(queue[head])
                head += 1
                for position in offsets[node]..<offsets[node + 1] {
                    let next = Int(targets[position])
                    if component[next] < 0 {
                        component[next] = label
                        queue[tail] = Int32(truncatingIfNeeded: next)
                        tail += 1
                    }
                }
            }
            components += 1
            largest = Swift.max(largest, tail)
        }
        let sorted = degrees.sorted()
        let pairs = Double(nodeCount) * Double(nodeCount - 1) / 2
        return GraphSummary(
            nodes: nodeCount, edges: edgeCount, totalWeight: totalWeight, isUnweighted: isUnweighted,
            isolated: degrees.lazy.filter { $0 == 0 }.count,
            meanDegree: nodeCount == 0 ? 0 : Double(targets.count) / Double(nodeCount),
            medianDegree: sorted.isEmpty ? 0 : sorted[sorted.count / 2], maxDegree: sorted.last ?? 0,
            density: nodeCount < 2 ? 0 : Double(edgeCount) / pairs,
            components: components, largestComponent: largest)
    }
}
