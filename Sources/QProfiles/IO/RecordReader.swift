import Foundation

/// Reads the rows of a CSV (RFC 4180) or JSON Lines file, with the line number of each.
///
/// Accepts what real files have: a UTF-8 byte-order mark, CRLF or LF line ends, quoted fields with commas,
/// quotes and newlines, blank lines. Rejects, with `FILE:LINE: …`, an unterminated quote, a stray quote,
/// a row with too many or too few fields, invalid UTF-8, a field over ``maximumFieldBytes``, an empty file.
public struct RecordReader: Sendable {
    /// The largest field accepted, in bytes.
    public static let maximumFieldBytes = 1 << 20
    /// The file's name as given, for messages.
    public let path: String
    public let format: DataFormat
    /// Column names: the CSV header, or for JSON Lines every key seen, in order of first appearance.
    public private(set) var columns: [String] = []
    /// All rows of the file.
    public private(set) var records: [RawRecord] = []
    /// Rows that could not be read as rows (wrong field count, invalid UTF-8, bad JSON): line and reason.
    public private(set) var unreadable: [(line: Int, message: String, text: String)] = []
    /// The default for the most distinct columns beyond the known ones.
    public static let maximumExtraColumns = 64
    private let knownColumns: Set<String>
    private let maximumExtraColumns: Int

    /// Reads the whole file. Row-level problems are collected in ``unreadable``; file-level ones throw.
    /// - Throws: ``ProfileError`` when the file is missing, empty, has no usable header, or has an
    ///   unterminated quoted field.
    /// - Complexity: O(file size).
    /// - Parameters:
    ///   - knownColumns: the columns the table defines; any other column is extra.
    ///   - maximumExtraColumns: the most distinct extra columns accepted. A CSV header with more is refused;
    ///     a JSON line whose keys would take the file past it is unreadable (`FILE:LINE: column 'KEY': …`),
    ///     so memory stays bounded by rows × (known + this many) columns.
    public init(path: String, format: DataFormat? = nil, knownColumns: [String] = [],
                maximumExtraColumns: Int = RecordReader.maximumExtraColumns) throws {
        self.path = path
        self.knownColumns = Set(knownColumns)
        self.maximumExtraColumns = maximumExtraColumns
        self.format = format ?? (path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson")
            ? .jsonl : .csv)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProfileError.invalidInput("\(path): no such file")
        }
        guard !isDirectory.boolValue else {
            throw ProfileError.invalidInput("\(path): is a directory (expected a file)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ProfileError.io("\(path): cannot read (\(error.localizedDescription))")
        }
        try data.withUnsafeBytes { raw in
            var bytes = UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count)
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                bytes = UnsafeBufferPointer(rebasing: bytes[3...])
            }
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
                throw ProfileError.invalidInput(
                    "\(path): the file is empty (expected a header row naming the columns, e.g. 'id,name,...')")
            }
            switch self.format {
            case .csv: try readCSV(bytes)
            case .jsonl: try readJSONLines(bytes)
            }
        }
    }

    /// The index of `column` in ``columns``.
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }

    // MARK: CSV

    private mutating func readCSV(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var position = 0
        var line = 1
        var isHeader = true
        var fieldRanges: [(start: Int, end: Int, quoted: Bool)] = []
        fieldRanges.reserveCapacity(32)
        while position < bytes.count {
            let recordLine = line
            let recordStart = position
            fieldRanges.removeAll(keepingCapacity: true)
            var oversized: Int?  // index of the first field over the limit
            var rowProblem: String?
            // Parse one record.
            recordLoop: while true {
                let fieldStart = position
                if position < bytes.count, bytes[position] == quote {
                    position += 1
                    let contentStart = position
                    let quoteLine = line
                    while true {
                        guard position < bytes.count else {
                            throw ProfileError.invalidInput(
                                "\(path):\(quoteLine): column '\(columnName(fieldRanges.count, isHeader))': "
                                    + "unterminated quoted field (expected a closing '\"' before the end of the file)")
                        }
                        let byte = bytes[position]
                        if byte == quote {
                            if position + 1 < bytes.count, bytes[position + 1] == quote {
                                position += 2
                                continue
                            }
                            break
                        }
                        if byte == lf { line += 1 }
                        position += 1
                    }
                    fieldRanges.append((contentStart, position, true))
                    position += 1  // closing quote
                    if position < bytes.count, bytes[position] != comma, bytes[position] != lf, bytes[position] != cr {
                        rowProblem = rowProblem ?? "column '\(columnName(fieldRanges.count - 1, isHeader))': "
                            + "unexpected text after a closing quote (expected ',' or the end of the line; "
                            + "write a quote inside a quoted field as \"\")"
                        while position < bytes.count, bytes[position] != comma, bytes[position] != lf,
                            bytes[position] != cr { position += 1 }
                    }
                } else {
                    while position < bytes.count {
                        let byte = bytes[position]
                        if byte == comma || byte == lf || byte == cr { break }
                        if byte == quote, rowProblem == nil {
                            rowProblem = "column '\(columnName(fieldRanges.count, isHeader))': stray '\"' in an "
                                + "unquoted field (expected the whole field in quotes, with inner quotes doubled)"
                        }
                        position += 1
                    }
                    fieldRanges.append((fieldStart, position, false))
                }
                let last = fieldRanges[fieldRanges.count - 1]
                if last.end - last.start > Self.maximumFieldBytes, oversized == nil { oversized = fieldRanges.count - 1 }
                // End of field: comma, line end or end of file.
                if position >= bytes.count { break recordLoop }
                let byte = bytes[position]
                if byte == comma {
                    position += 1
                    continue recordLoop
                }
                if byte == cr { position += 1 }
                if position < bytes.count, bytes[position] == lf { position += 1 }
                line += 1
                break recordLoop
            }
            let recordEnd = position
            // Blank line: one empty unquoted field.
            if fieldRanges.count == 1, !fieldRanges[0].quoted, fieldRanges[0].start == fieldRanges[0].end { continue }
            let rowText = { String(decoding: UnsafeBufferPointer(rebasing: bytes[recordStart..<recordEnd]), as: UTF8.self)
                .trimmingCharacters(in: .newlines) }
            if let oversized {
                let size = fieldRanges[oversized].end - fieldRanges[oversized].start
                let message = "column '\(columnName(oversized, isHeader))': field is \(size) bytes long "
                    + "(expected at most \(Self.maximumFieldBytes) bytes)"
                if isHeader { throw ProfileError.invalidInput("\(path):\(recordLine): \(message)") }
                unreadable.append((recordLine, message, "(row of \(recordEnd - recordStart) bytes)"))
                continue
            }
            // Decode fields as UTF-8.
            var fields: [String] = []
            fields.reserveCapacity(fieldRanges.count)
            var invalidUTF8: Int?
            for (index, range) in fieldRanges.enumerated() {
                let slice = UnsafeBufferPointer(rebasing: bytes[range.start..<range.end])
                var text: String
                if UTF8Check.isValid(slice) {
                    text = String(decoding: slice, as: UTF8.self)
                } else {
                    invalidUTF8 = invalidUTF8 ?? index
                    text = ""
                }
                if range.quoted, slice.contains(quote) { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
                fields.append(text)
            }
            if let invalidUTF8 {
                let message = "column '\(columnName(invalidUTF8, isHeader))': invalid UTF-8 (expected UTF-8 text; "
                    + "re-save the file as UTF-8)"
                if isHeader { throw ProfileError.invalidInput("\(path):\(recordLine): \(message)") }
                unreadable.append((recordLine, message, rowText()))
                continue
            }
            if isHeader {
                if let rowProblem { throw ProfileError.invalidInput("\(path):\(recordLine): \(rowProblem)") }
                columns = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                try checkHeader(line: recordLine)
                isHeader = false
                continue
            }
            if let rowProblem {
                unreadable.append((recordLine, rowProblem, rowText()))
                continue
            }
            guard fields.count == columns.count else {
                let message = "row has \(fields.count) field\(fields.count == 1 ? "" : "s") "
                    + "(expected \(columns.count), as in the header)"
                unreadable.append((recordLine, message, rowText()))
                continue
            }
            records.append(RawRecord(line: recordLine, values: fields.map { .string($0) }, text: ""))
        }
        if isHeader {
            throw ProfileError.invalidInput("\(path): the file is empty (expected a header row naming the columns)")
        }
    }

    private func columnName(_ index: Int, _ isHeader: Bool) -> String {
        if isHeader || index >= columns.count { return "#\(index + 1)" }
        return columns[index]
    }

    private func checkHeader(line: Int) throws {
        let extra = columns.filter { !knownColumns.contains($0) }
        if extra.count > maximumExtraColumns {
            let first = extra[maximumExtraColumns]
            throw ProfileError.invalidInput("\(path):\(line): column '\(first.prefix(40))': the header has \(extra.count) "
                + "columns besides the known ones (expected at most \(maximumExtraColumns) extra columns)")
        }
        var seen = Set<String>()
        for (index, name) in columns.enumerated() {
            guard !name.isEmpty else {
                throw ProfileError.invalidInput(
                    "\(path):\(line): column #\(index + 1): empty column name (expected a name in the header row)")
            }
            guard seen.insert(name).inserted else {
                throw ProfileError.invalidInput(
                    "\(path):\(line): column '\(name)': appears twice in the header (expected each column once)")
            }
        }
    }

    // MARK: JSON Lines

    private mutating func readJSONLines(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        let decoder = JSONDecoder()
        var objects: [(line: Int, object: [String: RawValue], text: String)] = []
        var columnIndex: [String: Int] = [:]
        var extraCount = 0
        var line = 0
        var start = 0
        while start < bytes.count {
            line += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let next = end + 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            start = next
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard slice.count <= Self.maximumFieldBytes * 2 else {
                unreadable.append((line, "line is \(slice.count) bytes long (expected at most "
                    + "\(Self.maximumFieldBytes * 2) bytes)", "(line of \(slice.count) bytes)"))
                continue
            }
            guard UTF8Check.isValid(slice) else {
                unreadable.append((line, "invalid UTF-8 (expected UTF-8 text; re-save the file as UTF-8)",
                                   String(decoding: slice, as: UTF8.self)))
                continue
            }
            let text = String(decoding: slice, as: UTF8.self)
            let object: [String: RawValue]
            do {
                object = try decoder.decode([String: RawValue].self, from: Data(slice))
            } catch {
                unreadable.append((line, "not a JSON object (expected one JSON object per line, e.g. "
                    + "{\"id\": \"m1\", ...})", text))
                continue
            }
            let newKeys = object.keys.sorted().filter { columnIndex[$0] == nil }
            let newExtra = newKeys.filter { !knownColumns.contains($0) }
            if extraCount + newExtra.count > maximumExtraColumns, let first = newExtra.first {
                unreadable.append((line, "column '\(first.prefix(40))': too many extra columns: the file already has "
                    + "\(extraCount) keys besides the known ones and this line adds \(newExtra.count) (expected at most "
                    + "\(maximumExtraColumns) extra keys in the whole file)", text))
                continue
            }
            extraCount += newExtra.count
            for key in newKeys {
                columnIndex[key] = columns.count
                columns.append(key)
            }
            objects.append((line, object, text))
        }
        records.reserveCapacity(objects.count)
        for (line, object, text) in objects {
            var values = [RawValue?](repeating: nil, count: columns.count)
            for (key, value) in object { values[columnIndex[key]!] = value }
            records.append(RawRecord(line: line, values: values, text: text))
        }
    }
}
