import Foundation

/// Validates one record sent as a JSON object (the HTTP service's request bodies) by exactly the rules of a
/// row of a JSON Lines import: the same ids, dates, lists, limits and messages, through ``FieldParser``.
///
/// Messages read `field 'NAME': what is wrong (what was expected)`.
public enum JSONInput {
    /// The most extra attributes one member may carry.
    public static let maximumAttributes = 50

    /// What is wrong with `value` as a member, group or kind id, or nil when it is a valid one.
    public static func identifierProblem(_ value: String) -> String? {
        value.isEmpty ? "missing (expected an id)" : FieldParser.checkIdentifier(value)
    }

    /// A member from a JSON object with the fields of `members.csv` (lists as arrays) and, optionally,
    /// `attributes`: an object of extra categorical attributes (name → text).
    /// - Parameter id: the member's id (from the URL); the body's `id`, when present, must equal it.
    /// - Throws: ``ProfileError`` (invalid input) naming the first field that is wrong.
    public static func member(_ body: Data, id: MemberID) throws -> Member {
        try memberUpdate(body, id: id).member
    }

    /// A member from a JSON object, as ``member(_:id:)``, and whether the body sets `discoverable` (a key with
    /// `true` or `false`). An update that does not should keep the member's visibility:
    /// `store.upsert(member, keepingDiscoverable: !setsDiscoverable)`.
    /// - Throws: ``ProfileError`` (invalid input) naming the first field that is wrong.
    public static func memberUpdate(_ body: Data, id: MemberID) throws -> (member: Member, setsDiscoverable: Bool) {
        if let problem = identifierProblem(id) { throw ProfileError.invalidInput("id: \(problem)") }
        var object = try jsonObject(body)
        if let given = object["id"], given != .string(id) {
            throw ProfileError.invalidInput("field 'id': does not match the id in the path '\(id)' "
                + "(expected the same id, or no id field)")
        }
        object["id"] = .string(id)
        var attributes: [String: RawValue] = [:]
        if let raw = object.removeValue(forKey: "attributes"), raw != .null {
            attributes = try attributeObject(body)
        }
        let known = Set(Columns.member)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ProfileError.invalidInput("field '\(unknown.prefix(40))': unknown (expected one of "
                + Columns.member.joined(separator: ", ") + ", attributes)")
        }
        guard attributes.count <= maximumAttributes else {
            throw ProfileError.invalidInput("field 'attributes': has \(attributes.count) entries (expected at most "
                + "\(maximumAttributes))")
        }
        for name in attributes.keys.sorted() {
            guard !name.isEmpty, name.count <= 200, !known.contains(name), name != "attributes",
                  !name.contains(where: \.isNewline) else {
                throw ProfileError.invalidInput("field 'attributes': name '\(name.prefix(40))' is not allowed "
                    + "(expected 1-200 characters on one line, not a member field's name)")
            }
        }
        try checkTypes(object, lists: Columns.memberLists, booleans: ["discoverable"], numbers: [])
        try checkTypes(attributes, lists: [], booleans: [], numbers: [])
        let extra = attributes.keys.sorted()
        let parser = self.parser(Columns.member + extra, values: object.merging(attributes) { first, _ in first })
        let member = try rephrased { try Member(parser, extraColumns: extra) }
        return (member, !parser.isBlank("discoverable"))
    }

    /// A connection from a JSON object with the fields of `connections.csv` (`source`, `target`, `kind`,
    /// `weight`, `created`); whether its members exist is the store's to check.
    /// - Throws: ``ProfileError`` (invalid input) naming the first field that is wrong.
    public static func connection(_ body: Data) throws -> Connection {
        let object = try jsonObject(body)
        let known = Set(Columns.connection)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ProfileError.invalidInput("field '\(unknown.prefix(40))': unknown (expected one of "
                + Columns.connection.joined(separator: ", ") + ")")
        }
        try checkTypes(object, lists: [], booleans: [], numbers: ["weight"])
        let parser = self.parser(Columns.connection, values: object)
        return try rephrased { try Connection(parser) }
    }

    /// JSON types are strict over HTTP (a wrong type is bad input): text fields take strings, list fields
    /// arrays of non-blank strings, and `null` stands for a field left out.
    static func checkTypes(_ object: [String: RawValue], lists: Set<String>, booleans: Set<String>,
                           numbers: Set<String>) throws {
        for key in object.keys.sorted() {
            let value = object[key] ?? .null
            let expected: String
            switch value {
            case .null: continue
            case .list(let items) where lists.contains(key):
                if items.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
                    throw ProfileError.invalidInput("field '\(key)': an item is blank (expected non-empty items)")
                }
                continue
            case .bool where booleans.contains(key), .number where numbers.contains(key): continue
            case .string where !lists.contains(key) && !booleans.contains(key) && !numbers.contains(key): continue
            default:
                expected = lists.contains(key) ? "an array of text" : booleans.contains(key) ? "true or false"
                    : numbers.contains(key) ? "a number" : "text"
            }
            throw ProfileError.invalidInput("field '\(key.prefix(40))': got \(value.shape) (expected \(expected))")
        }
    }

    static func parser(_ columns: [String], values: [String: RawValue]) -> FieldParser {
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() { index[column] = position }
        let record = RawRecord(line: 1, values: columns.map { values[$0] }, text: "")
        return FieldParser(path: "body", columns: index, record: record)
    }

    static func jsonObject(_ body: Data) throws -> [String: RawValue] {
        do {
            return try JSONDecoder().decode([String: RawValue].self, from: body)
        } catch {
            throw ProfileError.invalidInput("body: not a JSON object (expected one JSON object, e.g. "
                + "{\"name\": \"...\", \"topics\": [\"...\"]})")
        }
    }

    static func attributeObject(_ body: Data) throws -> [String: RawValue] {
        struct Wrapper: Decodable { let attributes: [String: RawValue] }
        guard let wrapper = try? JSONDecoder().decode(Wrapper.self, from: body) else {
            throw ProfileError.invalidInput("field 'attributes': not an object (expected an object of "
                + "name → text, e.g. {\"nation\": \"Wales\"})")
        }
        return wrapper.attributes
    }

    /// Runs `body`, turning the parser's `body:1: column 'X': …` into `field 'X': …`.
    static func rephrased<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ProfileError where error.isInvalidInput {
            let prefix = "body:1: column "
            guard error.description.hasPrefix(prefix) else { throw error }
            throw ProfileError.invalidInput("field " + error.description.dropFirst(prefix.count))
        }
    }
}
