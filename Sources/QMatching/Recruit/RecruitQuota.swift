import Foundation

/// A quota on a recruit list: at least `count` recruits whose `field` is `value`
/// (`region`, `nation`, `sector`, `role`, or an extra attribute column).
public struct RecruitQuota: Sendable, Hashable, Codable, CustomStringConvertible {
    public let field: String
    public let value: String
    public let count: Int

    public init(field: String, value: String, count: Int) {
        self.field = field
        self.value = value
        self.count = count
    }

    /// Parses `FIELD=VALUE:N`, e.g. `region=Wales:2`.
    /// - Throws: ``MatchingError`` (invalid input) saying what was expected.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "="), let colon = text.lastIndex(of: ":"), equals < colon else {
            throw MatchingError.invalidInput("quota '\(text)' is not FIELD=VALUE:N (e.g. region=Wales:2)")
        }
        let field = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let value = text[text.index(after: equals)..<colon].trimmingCharacters(in: .whitespaces)
        guard !field.isEmpty, !value.isEmpty else {
            throw MatchingError.invalidInput("quota '\(text)' has an empty field or value (expected FIELD=VALUE:N)")
        }
        guard let count = Int(text[text.index(after: colon)...]), (1...1000).contains(count) else {
            throw MatchingError.invalidInput("quota '\(text)': N must be a whole number 1...1000")
        }
        self.init(field: field, value: value, count: count)
    }

    /// The category text this quota asks for, as the index's facts spell it.
    var category: String {
        switch field {
        case "region", "nation", "sector", "role": return field + "=" + value.lowercased()
        default: return "attr:" + field + "=" + value.lowercased()
        }
    }

    public var description: String { "\(field)=\(value):\(count)" }

    /// How a recruit's reason names the quota: "the quota region=Wales".
    var label: String { "the quota \(field)=\(value)" }
}

/// Whether a quota was met, and why not.
public struct QuotaOutcome: Sendable, Codable, Hashable {
    public let quota: String
    public let wanted: Int
    public let met: Int
    public let isMet: Bool
    /// Why it could not be met (nil when met).
    public let reason: String?
}
