/// One value as read from a file, before validation: CSV gives only `.string`; JSON Lines gives any.
public enum RawValue: Sendable, Hashable, Decodable {
    case string(String)
    case list([String])
    case bool(Bool)
    case number(Double)
    case null
    /// A JSON value of another shape (an object, or an array of non-strings).
    case other(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([String].self) {
            self = .list(items)
        } else {
            self = .other("an object or an array of non-strings")
        }
    }

    /// What kind of JSON value this is, for messages.
    var shape: String {
        switch self {
        case .string: "text"
        case .list: "an array"
        case .bool: "a boolean"
        case .number: "a number"
        case .null: "null"
        case .other(let what): what
        }
    }
}

/// One row of an input file: its values by column, and the line where it starts.
public struct RawRecord: Sendable {
    /// 1-based physical line where the row starts.
    public let line: Int
    /// Values in the order of the reader's `columns`; nil where a JSON line lacks the key.
    public let values: [RawValue?]
    /// The row's text as in the file (for the rejects file).
    public let text: String
}
