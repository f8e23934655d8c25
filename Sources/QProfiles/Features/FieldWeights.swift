/// How much each field of a profile counts in its interest vector (before IDF).
public struct FieldWeights: Codable, Sendable, Hashable {
    public var topics: Float = 1.0
    public var methods: Float = 0.8
    public var offers: Float = 0.6
    public var needs: Float = 0.6
    public var groups: Float = 0.6
    public var role: Float = 0.3
    public var sector: Float = 0.3
    public var region: Float = 0.2
    public var attributes: Float = 0.4
    public var challenge: Float = 0.8
    public var bio: Float = 0.4
    /// Words of list items (a topic "inpatient falls" also gives the words "inpatient" and "falls"),
    /// relative to the item's own weight; links free-text queries to structured fields.
    public var itemWords: Float = 0.4
    /// Bigrams of free text, relative to the text's word weight.
    public var bigrams: Float = 0.7

    public init() {}

    /// Field names accepted by ``setting(_:to:)``.
    public static let names = ["topics", "methods", "offers", "needs", "groups", "role", "sector", "region",
                               "attributes", "challenge", "bio", "item-words", "bigrams"]

    /// A copy with `field` set to `value`.
    /// - Throws: ``ProfileError`` for an unknown field or a negative or non-finite value.
    public func setting(_ field: String, to value: Float) throws -> FieldWeights {
        guard value.isFinite, value >= 0 else {
            throw ProfileError.invalidInput("weight for '\(field)' must be a finite number ≥ 0, not \(value)")
        }
        var copy = self
        switch field {
        case "topics": copy.topics = value
        case "methods": copy.methods = value
        case "offers": copy.offers = value
        case "needs": copy.needs = value
        case "groups": copy.groups = value
        case "role": copy.role = value
        case "sector": copy.sector = value
        case "region": copy.region = value
        case "attributes": copy.attributes = value
        case "challenge": copy.challenge = value
        case "bio": copy.bio = value
        case "item-words": copy.itemWords = value
        case "bigrams": copy.bigrams = value
        default:
            throw ProfileError.invalidInput("unknown field '\(field)' (expected one of \(Self.names.joined(separator: ", ")))")
        }
        return copy
    }
}
