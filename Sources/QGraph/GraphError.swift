/// Everything that can go wrong in QGraph: a bad edge, a malformed edge list (with where and what), an
/// unknown node, or I/O.
public struct GraphError: Error, Hashable, CustomStringConvertible, Sendable {
    private enum Kind: Hashable, Sendable { case invalidEdge, malformedEdgeList, unknownNode, invalidArgument, io }
    private let kind: Kind
    public let description: String

    /// Whether a node or id named by the caller does not exist.
    public var isUnknownNode: Bool { kind == .unknownNode }
    /// Whether an edge list file was malformed (the message starts with `FILE:LINE:`).
    public var isMalformedEdgeList: Bool { kind == .malformedEdgeList }

    /// An edge that breaks the graph's rules (endpoint out of range, self loop, weight not finite and positive).
    public static func invalidEdge(_ why: String) -> Self { Self(kind: .invalidEdge, description: why) }

    /// A malformed line of an edge list: `FILE:LINE: column 'NAME': what is wrong (what was expected)`.
    public static func malformedEdgeList(file: String, line: Int, column: String? = nil, _ why: String) -> Self {
        let place = column.map { "\(file):\(line): column '\($0)': " } ?? "\(file):\(line): "
        return Self(kind: .malformedEdgeList, description: place + why)
    }

    /// A node index or id that the graph does not have.
    public static func unknownNode(_ why: String) -> Self { Self(kind: .unknownNode, description: why) }

    /// An argument outside its documented range (a damping of 1, a mask of the wrong length, ...).
    public static func invalidArgument(_ why: String) -> Self { Self(kind: .invalidArgument, description: why) }

    /// A file that cannot be read.
    public static func io(_ why: String) -> Self { Self(kind: .io, description: why) }
}
