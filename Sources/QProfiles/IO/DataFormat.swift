/// The file formats of import and export: RFC 4180 CSV with a header row, or JSON Lines.
public enum DataFormat: String, Sendable, CaseIterable {
    case csv, jsonl

    /// The file extension, without the dot.
    public var fileExtension: String { rawValue }
}

/// One value of a row being written.
public enum FieldValue: Sendable, Hashable {
    case text(String)
    case list([String])
    case bool(Bool)
    case number(Double)
    case missing
}
