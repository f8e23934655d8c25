/// The one wording of "not found" for ids and values, for the CLI and the server alike:
/// `no member 'm00123' (did you mean m000123?)`, `no group 'sig-fall' (did you mean sig-falls?)`,
/// `no sector 'acutee' (did you mean acute? valid: academic, acute, …)`.
public enum NotFoundMessage {
    /// How many valid values a message lists at most.
    public static let listedValues = 20

    /// `no WHAT 'TEXT'`, with the suggestions (nearest first), and the valid values when given (at most
    /// ``listedValues``, then how many in all).
    public static func text(_ what: String, _ text: String, suggestions: [String], valid: [String]? = nil) -> String {
        var parts: [String] = []
        if !suggestions.isEmpty { parts.append("did you mean \(alternatives(suggestions))?") }
        if let valid {
            if valid.isEmpty {
                parts.append("there are none")
            } else {
                var listed = "valid: " + valid.prefix(listedValues).joined(separator: ", ")
                if valid.count > listedValues { listed += ", … (\(valid.count) in all)" }
                parts.append(listed)
            }
        }
        return "no \(what) '\(text)'" + (parts.isEmpty ? "" : " (" + parts.joined(separator: " ") + ")")
    }

    /// "a", "a or b", "a, b or c".
    static func alternatives(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }
}
