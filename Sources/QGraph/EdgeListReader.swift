import Foundation

/// Reads TSV edge lists: one edge per line, `source<TAB>target[<TAB>weight]` (weight 1 when absent),
/// with blank lines and lines whose first non-blank character is `#` ignored, and `\r\n` line ends accepted.
/// Ids are any non-empty UTF-8 text without tabs (spaces around a field are trimmed). Nodes are numbered in
/// ``LabeledGraph/precedes(_:_:)`` order of their ids.
public enum EdgeListReader {
    /// Reads and parses the file at `path`.
    /// - Throws: ``GraphError``: I/O when the file cannot be read; a malformed edge list
    ///   (`FILE:LINE: column 'NAME': what is wrong (what was expected)`) for the first bad line.
    /// - Complexity: O(bytes + edges × log(max degree) + nodes × log nodes).
    public static func read(path: String, duplicates: DuplicatePolicy = .max) throws(GraphError) -> LabeledGraph {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw .io("\(path): \(reason)")
        }
        let result = data.withUnsafeBytes { bytes in
            Result { () throws(GraphError) in try parse(bytes, file: path, duplicates: duplicates) }
        }
        return try result.get()
    }

    /// Parses edge-list text; `file` names it in messages. Edges joining the same pair are merged by
    /// `duplicates` (the larger weight by default, like the importer).
    /// - Throws: ``GraphError`` (malformed edge list) for the first bad line.
    /// - Complexity: O(bytes + edges × log(max degree) + nodes × log nodes).
    public static func parse(_ text: String, file: String, duplicates: DuplicatePolicy = .max) throws(GraphError)
        -> LabeledGraph {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(GraphError) in try parse(UnsafeRawBufferPointer(bytes), file: file, duplicates: duplicates) }
        }
        return try result.get()
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String, duplicates: DuplicatePolicy) throws(GraphError)
        -> LabeledGraph {
        var parser = EdgeListParser(file: file)
        try parser.parse(bytes)
        return try parser.finish(duplicates: duplicates)
    }
}
