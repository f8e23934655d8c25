/// One ranked result: a row of the matrix and its score.
public struct Neighbour: Hashable, Sendable, Codable {
    public let row: Int
    public let score: Float

    public init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }

    /// The ranking order: higher score first, then lower row.
    @inline(__always)
    public static func ranksBefore(_ a: Neighbour, _ b: Neighbour) -> Bool {
        a.score > b.score || (a.score == b.score && a.row < b.row)
    }
}
