/// The kinds of tie the generator makes, with their `kind` names and weights.
enum TieKind: UInt8, CaseIterable {
    case connection, collaboration, message, event, comment

    /// The bit for this kind in an ``AdjacencyPool`` entry.
    var bit: UInt8 { 1 << rawValue }

    var name: String {
        switch self {
        case .connection: "connection"
        case .collaboration: "collaboration"
        case .message: "message"
        case .event: "event"
        case .comment: "comment"
        }
    }

    var weight: Double {
        switch self {
        case .collaboration: 3
        case .message: 2
        case .connection, .event, .comment: 1
        }
    }
}
