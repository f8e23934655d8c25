/// Reads typed fields out of one ``RawRecord``, with messages of the form
/// `FILE:LINE: column 'NAME': what is wrong (what was expected)`.
struct FieldParser {
    let path: String
    let columns: [String: Int]
    let record: RawRecord

    /// The longest single-valued text field, in characters.
    static let maximumTextLength = 500
    /// The longest free-text field (`bio`, `challenge`, `description`), in characters.
    static let maximumFreeTextLength = 20_000
    /// The most items of a list field.
    static let maximumListItems = 200

    func fail(_ column: String, _ message: String) -> ProfileError {
        .invalidInput("\(path):\(record.line): column '\(column)': \(message)")
    }

    func raw(_ column: String) -> RawValue? {
        guard let index = columns[column], index < record.values.count else { return nil }
        return record.values[index]
    }

    /// A text value, trimmed; "" when missing or null.
    func text(_ column: String, freeText: Bool = false) throws -> String {
        let value: String
        switch raw(column) {
        case nil, .null?: return ""
        case .string(let text)?: value = text
        case .number(let number)?: value = TableWriter.format(number)
        case .bool(let flag)?: value = flag ? "true" : "false"
        case let other?: throw fail(column, "got \(other.shape) (expected text)")
        }
        let trimmed = value.trimmed
        let limit = freeText ? Self.maximumFreeTextLength : Self.maximumTextLength
        guard trimmed.count <= limit else {
            throw fail(column, "text is \(trimmed.count) characters long (expected at most \(limit))")
        }
        if !freeText, trimmed.contains(where: { $0.isNewline }) {
            throw fail(column, "contains a line break (expected a single line)")
        }
        return trimmed
    }

    /// A required identifier.
    func identifier(_ column: String) throws -> String {
        let value = try text(column)
        guard !value.isEmpty else { throw fail(column, "missing (expected an id)") }
        try Self.checkIdentifier(value).map { throw fail(column, $0) }
        return value
    }

    /// What is wrong with `value` as an id, or nil if nothing.
    static func checkIdentifier(_ value: String) -> String? {
        guard value.utf8.count <= 64 else {
            return "'\(value.prefix(20))…' is \(value.count) characters long (expected 1-64 characters)"
        }
        for scalar in value.unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                || (scalar >= "0" && scalar <= "9") || scalar == "." || scalar == "_" || scalar == ":" || scalar == "-"
            if !ok {
                return "'\(value)' contains '\(scalar)' (expected 1-64 characters of A-Z a-z 0-9 . _ : -)"
            }
        }
        return nil
    }

    /// A list: `;`-separated text in CSV, an array in JSON Lines. Items trimmed, empty ones dropped.
    func list(_ column: String) throws -> [String] {
        var items: [String]
        switch raw(column) {
        case nil, .null?: return []
        case .string(let text)?: items = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        case .list(let values)?:
            items = values
            // By scalar: a ';' followed by a combining mark or an emoji modifier is one Character, not ';'.
            if let bad = values.first(where: { $0.unicodeScalars.contains(";") }) {
                throw fail(column, "item '\(bad)' contains ';' (expected items without ';', the list separator)")
            }
        case let other?: throw fail(column, "got \(other.shape) (expected a list: an array, or text separated by ';')")
        }
        items = items.map(\.trimmed).filter { !$0.isEmpty }
        guard items.count <= Self.maximumListItems else {
            throw fail(column, "has \(items.count) items (expected at most \(Self.maximumListItems))")
        }
        if let long = items.first(where: { $0.count > Self.maximumTextLength }) {
            throw fail(column, "an item is \(long.count) characters long (expected at most \(Self.maximumTextLength))")
        }
        if let multiline = items.first(where: { $0.unicodeScalars.contains(where: Self.isLineBreak) }) {
            throw fail(column, "item '\(multiline.prefix(30))' contains a line break (expected single-line items)")
        }
        return items
    }

    /// A scalar that breaks a line (what the OpenAPI patterns exclude: LF, CR, VT, FF, NEL, LS, PS).
    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    /// `true`/`false` (any case); `defaultValue` when empty or missing.
    func boolean(_ column: String, default defaultValue: Bool) throws -> Bool {
        switch raw(column) {
        case nil, .null?: return defaultValue
        case .bool(let flag)?: return flag
        case .string(let text)?:
            switch text.trimmed.lowercased() {
            case "": return defaultValue
            case "true": return true
            case "false": return false
            default: throw fail(column, "'\(text.prefix(40))' is not a boolean (expected true or false)")
            }
        case let other?: throw fail(column, "got \(other.shape) (expected true or false)")
        }
    }

    /// A positive finite number; `defaultValue` when empty or missing.
    func positiveNumber(_ column: String, default defaultValue: Double) throws -> Double {
        let number: Double
        switch raw(column) {
        case nil, .null?: return defaultValue
        case .number(let value)?: number = value
        case .string(let text)?:
            let trimmed = text.trimmed
            if trimmed.isEmpty { return defaultValue }
            guard let value = Double(trimmed), trimmed.first != "+" || trimmed.count > 1 else {
                throw fail(column, "'\(text.prefix(40))' is not a number (expected a number greater than 0)")
            }
            number = value
        case let other?: throw fail(column, "got \(other.shape) (expected a number greater than 0)")
        }
        guard number.isFinite, number > 0 else {
            throw fail(column, "\(TableWriter.format(number)) is not allowed (expected a finite number greater than 0)")
        }
        return number
    }

    /// A connection's weight (``Connection/weightProblem(_:)``); 1 when empty or missing.
    func weight(_ column: String) throws -> Double {
        let weight = try positiveNumber(column, default: 1)
        if let problem = Connection.weightProblem(weight) { throw fail(column, problem) }
        return weight
    }

    /// Whether the column is missing, null or blank: the row says nothing about it.
    func isBlank(_ column: String) -> Bool {
        switch raw(column) {
        case nil, .null?: true
        case .string(let text)?: text.trimmed.isEmpty
        default: false
        }
    }

    /// A count: a whole number of at least 1.
    func count(_ column: String) throws -> Int {
        let text = try self.text(column)
        guard let value = Int(text), value >= 1, String(value) == text else {
            throw fail(column, "'\(text.prefix(40))' is not a count (expected a whole number of at least 1)")
        }
        return value
    }

    /// A calendar date `YYYY-MM-DD`, or nil when empty.
    func date(_ column: String) throws -> String? {
        let value = try text(column)
        if value.isEmpty { return nil }
        guard DateText.isValidDate(value) else {
            throw fail(column, "'\(value.prefix(40))' is not a valid date (expected YYYY-MM-DD, a real calendar date)")
        }
        return value
    }

    /// `YYYY-MM-DD` or an ISO 8601 date-time, or nil when empty.
    func dateOrDateTime(_ column: String) throws -> String? {
        let value = try text(column)
        if value.isEmpty { return nil }
        guard DateText.isValidDate(value) || DateText.isValidDateTime(value) else {
            throw fail(column, "'\(value.prefix(40))' is not a valid date (expected YYYY-MM-DD or an ISO 8601 "
                + "date-time such as 2021-03-04T09:30:00Z)")
        }
        return value
    }
}

/// Strict checks of date text, without Foundation's lenient parsers.
public enum DateText {
    /// `YYYY-MM-DD` naming a real day (2019-02-30 is not one).
    public static func isValidDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10])
        else { return false }
        guard year >= 1, (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` with a valid date and time (a space may stand for `T`).
    public static func isValidDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              isValidDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = number(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"), let minute = number(bytes[14..<16]),
              hour < 24, minute < 60
        else { return false }
        var index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard index + 3 <= bytes.count, let second = number(bytes[index + 1..<index + 3]), second < 61 else {
                return false
            }
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                let digitsStart = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                guard index > digitsStart else { return false }
            }
        }
        if index == bytes.count { return true }
        if bytes[index] == UInt8(ascii: "Z") { return index + 1 == bytes.count }
        guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), bytes.count == index + 6,
              let offsetHours = number(bytes[index + 1..<index + 3]), bytes[index + 3] == UInt8(ascii: ":"),
              let offsetMinutes = number(bytes[index + 4..<index + 6])
        else { return false }
        return offsetHours < 24 && offsetMinutes < 60
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return digits.isEmpty ? nil : value
    }
}
