/// A growing undirected graph over `0..<count`: each node's neighbours sit in one slice of a shared pool that
/// doubles (moving to the pool's end) when full. Each entry carries a bit set of the tie kinds the pair has.
///
/// Memory: about 3 × 5 bytes per edge end, plus 16 bytes per node; no per-node allocations.
struct AdjacencyPool {
    private var start: [Int]
    private var degrees: [Int32]
    private var capacity: [Int32]
    private var partners: [Int32] = []
    private var kindBits: [UInt8] = []

    init(count: Int, expectedEdges: Int) {
        start = [Int](repeating: 0, count: count)
        degrees = [Int32](repeating: 0, count: count)
        capacity = [Int32](repeating: 0, count: count)
        partners.reserveCapacity(expectedEdges * 5)
        kindBits.reserveCapacity(expectedEdges * 5)
    }

    func degree(of node: Int) -> Int { Int(degrees[node]) }

    /// The `position`th neighbour of `node`, in the order the ties formed.
    func neighbour(of node: Int, at position: Int) -> Int { Int(partners[start[node] + position]) }

    /// The pool slot holding `other` among `node`'s neighbours, if they are neighbours.
    /// - Complexity: O(degree of `node`).
    func slot(of other: Int, in node: Int) -> Int? {
        let first = start[node]
        let target = Int32(truncatingIfNeeded: other)
        for slot in first..<(first + Int(degrees[node])) where partners[slot] == target { return slot }
        return nil
    }

    /// The tie kinds already recorded at `slot`.
    func kinds(at slot: Int) -> UInt8 { kindBits[slot] }

    mutating func addKinds(_ bits: UInt8, at slot: Int) { kindBits[slot] |= bits }

    /// Records `other` as a new neighbour of `node`.
    mutating func append(_ other: Int, to node: Int, kinds bits: UInt8) {
        let degree = Int(degrees[node])
        if degree == Int(capacity[node]) {
            let grown = degree == 0 ? 4 : degree * 2
            let moved = partners.count
            partners.append(contentsOf: repeatElement(0, count: grown))
            kindBits.append(contentsOf: repeatElement(0, count: grown))
            let old = start[node]
            for offset in 0..<degree {
                partners[moved + offset] = partners[old + offset]
                kindBits[moved + offset] = kindBits[old + offset]
            }
            start[node] = moved
            capacity[node] = Int32(grown)
        }
        partners[start[node] + degree] = Int32(truncatingIfNeeded: other)
        kindBits[start[node] + degree] = bits
        degrees[node] = Int32(degree + 1)
    }
}
