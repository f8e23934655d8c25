import QProfiles

/// One suggested member, with its score and the reasons a person can check.
public struct Suggestion: Sendable, Codable, Hashable {
    public let id: MemberID
    public let score: Float
    public let reasons: [String]

    public init(id: MemberID, score: Float, reasons: [String]) {
        self.id = id
        self.score = score
        self.reasons = reasons
    }
}
