import QGraph
import QProfiles

/// The member graph: QGraph's dense-index graph plus the member id of every node and what the privacy rules
/// and bridging measures need to know about each member.
///
/// Node `i` is member `ids[i]`. Members who are not discoverable are nodes (their ties shape everyone's
/// scores) but never appear in any result: they are never candidates, intermediates, or listed members.
public struct ConnectionGraph: Sendable {
    /// The member id of every node.
    public let ids: [MemberID]
    public let graph: Graph
    /// Whether every node may be shown to others.
    public let discoverable: [Bool]
    /// The nation of every node as an index into `nationNames` (-1 when unknown).
    public let nations: [Int32]
    public let nationNames: [String]
    /// The sector of every node as an index into `sectorNames` (-1 when unknown).
    public let sectors: [Int32]
    public let sectorNames: [String]
    private let index: [MemberID: Int32]

    /// Wraps a graph; every array has one entry per node.
    /// - Throws: ``GraphError`` when an array's length differs from the node count or an id repeats.
    public init(ids: [MemberID], graph: Graph, discoverable: [Bool]? = nil, nations: [Int32]? = nil,
                nationNames: [String] = [], sectors: [Int32]? = nil, sectorNames: [String] = []) throws(GraphError) {
        let n = graph.nodeCount
        for (name, count) in [("ids", ids.count), ("discoverable", discoverable?.count ?? n),
                              ("nations", nations?.count ?? n), ("sectors", sectors?.count ?? n)] where count != n {
            throw .invalidArgument("\(name) has \(count) entries (expected one per node, \(n))")
        }
        var index: [MemberID: Int32] = [:]
        index.reserveCapacity(n)
        for (node, id) in ids.enumerated() {
            guard index.updateValue(Int32(truncatingIfNeeded: node), forKey: id) == nil else {
                throw .invalidArgument("member id '\(id)' appears twice (expected unique ids)")
            }
        }
        self.ids = ids
        self.graph = graph
        self.discoverable = discoverable ?? [Bool](repeating: true, count: n)
        self.nations = nations ?? [Int32](repeating: -1, count: n)
        self.nationNames = nationNames
        self.sectors = sectors ?? [Int32](repeating: -1, count: n)
        self.sectorNames = sectorNames
        self.index = index
    }

    /// A graph read from an edge list: every node discoverable, nations and sectors unknown.
    public init(_ labeled: LabeledGraph) throws(GraphError) {
        try self.init(ids: labeled.ids, graph: labeled.graph)
    }

    /// The node of member `id`, whether discoverable or not, or nil.
    public func node(of id: MemberID) -> Int? { index[id].map(Int.init) }

    /// The node of member `id` when others may see them.
    /// - Throws: ``GraphError`` (unknown node) when there is no such member, or they are not discoverable
    ///   (the same message, so that the answer does not reveal them).
    public func visibleNode(of id: MemberID) throws(GraphError) -> Int {
        guard let node = node(of: id), discoverable[node] else { throw Self.unknown(id) }
        return node
    }

    /// The node of member `id` asking about themselves (discoverable or not).
    /// - Throws: ``GraphError`` (unknown node) when there is no such member.
    public func ownNode(of id: MemberID) throws(GraphError) -> Int {
        guard let node = node(of: id) else { throw Self.unknown(id) }
        return node
    }

    static func unknown(_ id: MemberID) -> GraphError {
        .unknownNode("unknown member '\(id)' (no such id in the graph)")
    }
}
