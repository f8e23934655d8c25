/// CSV quoting for single rows of text: the rejects file and the CLI's `--format csv` (``field(_:)``, which
/// keeps text as it is so that it reads back the same), and files meant for a spreadsheet
/// (``spreadsheetField(_:)``, which also disarms formulas).
public enum CSVText {
    /// `text` as one CSV field: quoted (with `"` doubled) when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    /// The first characters a spreadsheet reads as the start of a formula (`=1+1`, `+A1`, `-2+3`, `@SUM(…)`), or
    /// strips before it looks for one (tab, carriage return).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` as one CSV field that a spreadsheet shows as text: a field starting with a formula character gets
    /// a leading `'` (the OWASP advice for CSV injection), then it is quoted as ``field(_:)`` quotes. Use it for
    /// every text a person typed (names, group names, reasons); numbers the program wrote go in as they are.
    public static func spreadsheetField(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, formulaStarts.contains(first) else { return field(text) }
        return field("'" + text)
    }

    /// A line of ``spreadsheetField(_:)`` fields.
    public static func spreadsheetRow(_ fields: [String]) -> String { fields.map(spreadsheetField).joined(separator: ",") }
}
