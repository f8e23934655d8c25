import Foundation
import Hummingbird
import QProfiles

/// A request's query string, read strictly: form-encoded (`+` is a space, `%XX` escapes), every name at most
/// once (unless the route repeats it), and only the names the route knows; every value checked where it enters.
struct QueryParameters {
    private var values: [String: String] = [:]
    private var repeated: [String: [String]] = [:]

    /// The longest free-text value (`q`), in characters.
    static let maximumTextLength = 500
    /// The longest filter value (`region`, `sector`, `role`), in characters.
    static let maximumFilterLength = 200

    /// - Throws: ``HTTPError`` 400 for malformed escapes, an unknown name, or a name given twice.
    init(_ request: Request, allowed: [String], repeatable: Set<String> = []) throws {
        guard let query = request.uri.query, !query.isEmpty else { return }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw HTTPError(.badRequest, message: "the query string is not valid form encoding "
                    + "(expected name=value pairs with %XX escapes of UTF-8)")
            }
            guard allowed.contains(name) else {
                throw HTTPError(.badRequest, message: "unknown query parameter '\(name.prefix(40))' (expected "
                    + (allowed.isEmpty ? "none" : "one of " + allowed.joined(separator: ", ")) + ")")
            }
            if repeatable.contains(name) {
                repeated[name, default: []].append(value)
                continue
            }
            guard values.updateValue(value, forKey: name) == nil else {
                throw HTTPError(.badRequest, message: "query parameter '\(name)' is given twice (expected once)")
            }
        }
    }

    static func decode(_ text: Substring) -> String? {
        // Most values need no decoding; Foundation's search and decoding showed in the profile of one answer.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        return String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Every value of a repeatable parameter, in order.
    func all(_ name: String) -> [String] { repeated[name] ?? [] }

    /// An integer in `range`, or `defaultValue` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)': '\(text.prefix(20))' is not allowed "
                + "(expected an integer \(range.lowerBound)...\(range.upperBound))")
        }
        return value
    }

    /// `true`/`false` (or `1`/`0`), or `defaultValue` when absent.
    func boolean(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = values[name] else { return defaultValue }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw HTTPError(.badRequest, message: "query parameter '\(name)': '\(text.prefix(20))' is not a "
                + "boolean (expected true or false)")
        }
    }

    /// Text of at most `maximumLength` characters on one line, trimmed; nil when absent, or when empty and
    /// `emptyIsAbsent` (a filter left blank). Otherwise empty text is refused.
    func text(_ name: String, maximumLength: Int = maximumFilterLength, emptyIsAbsent: Bool = false) throws -> String? {
        guard let raw = values[name] else { return nil }
        // Characters of the value as sent, counted as JSON Schema's maxLength counts them (code points), so
        // that the spec states the limit exactly.
        guard raw.unicodeScalars.count <= maximumLength else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)' is \(raw.unicodeScalars.count) characters long "
                + "(expected at most \(maximumLength))")
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            if emptyIsAbsent { return nil }
            throw HTTPError(.badRequest, message: "query parameter '\(name)' is empty (expected some text)")
        }
        guard !text.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw HTTPError(.badRequest, message: "query parameter '\(name)' contains a control character "
                + "(expected one line of text)")
        }
        return text
    }

    /// An id (member, group), or nil when absent.
    func identifier(_ name: String) throws -> String? {
        guard let value = values[name] else { return nil }
        if let problem = JSONInput.identifierProblem(value) {
            throw HTTPError(.badRequest, message: "query parameter '\(name)': \(problem)")
        }
        return value
    }
}

extension ServerContext {
    /// The path parameter `name`, percent-decoded and checked as an id.
    /// - Throws: ``HTTPError`` 400 when it is not a valid id.
    func pathID(_ name: String) throws -> MemberID {
        let raw = parameters.get(name) ?? ""
        guard let value = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding : raw else {
            throw HTTPError(.badRequest, message: "path parameter '\(name)': not valid percent-encoding")
        }
        if let problem = JSONInput.identifierProblem(value) {
            throw HTTPError(.badRequest, message: "path parameter '\(name)': \(problem)")
        }
        return value
    }
}
