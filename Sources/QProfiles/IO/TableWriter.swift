import Foundation

/// Streams rows to a CSV or JSON Lines file through a buffer; the file appears under its final name only
/// when ``finish()`` succeeds (written to a temporary file beside it, then renamed).
///
/// Output is byte-for-byte deterministic: fixed column order, `\n` line ends, shortest round-trip numbers.
public final class TableWriter {
    public let format: DataFormat
    public let columns: [String]
    private let path: String
    private let temporaryPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 20

    /// Opens `path` for writing and writes the CSV header.
    /// - Throws: ``ProfileError`` when the file cannot be created.
    public init(path: String, format: DataFormat, columns: [String]) throws {
        self.path = path
        self.format = format
        self.columns = columns
        self.temporaryPath = TemporaryFile.path(for: path)
        TemporaryFile.removeAbandoned(of: path)
        guard let handle = fopen(temporaryPath, "wb") else {
            throw ProfileError.io("\(path): cannot create file (\(String(cString: strerror(errno))))")
        }
        file = handle
        buffer.reserveCapacity(flushThreshold + 4096)
        if format == .csv {
            for (index, column) in columns.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                appendCSV(column)
            }
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporaryPath)
        }
    }

    /// Writes one row; `values` are in the order of `columns`.
    /// - Throws: ``ProfileError`` on a write error.
    public func write(_ values: [FieldValue]) throws {
        precondition(values.count == columns.count, "row has \(values.count) values for \(columns.count) columns")
        switch format {
        case .csv:
            for (index, value) in values.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                switch value {
                case .text(let text): appendCSV(text)
                case .list(let items): appendCSV(items.joined(separator: ";"))
                case .bool(let flag): appendRaw(flag ? "true" : "false")
                case .number(let number): appendRaw(Self.format(number))
                case .missing: break
                }
            }
        case .jsonl:
            buffer.append(UInt8(ascii: "{"))
            for (index, value) in values.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                appendJSONString(columns[index])
                buffer.append(UInt8(ascii: ":"))
                switch value {
                case .text(let text): appendJSONString(text)
                case .list(let items):
                    buffer.append(UInt8(ascii: "["))
                    for (i, item) in items.enumerated() {
                        if i > 0 { buffer.append(UInt8(ascii: ",")) }
                        appendJSONString(item)
                    }
                    buffer.append(UInt8(ascii: "]"))
                case .bool(let flag): appendRaw(flag ? "true" : "false")
                case .number(let number): appendRaw(Self.format(number))
                case .missing: appendRaw("null")
                }
            }
            buffer.append(UInt8(ascii: "}"))
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Flushes, closes and renames the file into place.
    /// - Throws: ``ProfileError`` on a write or rename error.
    public func finish() throws {
        try flush()
        guard let handle = file else { return }
        file = nil
        let closed = fclose(handle)
        guard closed == 0 else {
            unlink(temporaryPath)
            throw ProfileError.io("\(path): write failed (\(String(cString: strerror(errno))))")
        }
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw ProfileError.io("\(path): cannot rename into place (\(String(cString: strerror(errno))))")
        }
    }

    private func flush() throws {
        guard let file, !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else {
            throw ProfileError.io("\(path): write failed (\(String(cString: strerror(errno))))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Shortest text that reads back to the same number; integers without a fraction.
    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    private func appendRaw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    private func appendCSV(_ text: String) {
        var needsQuotes = false
        for byte in text.utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            needsQuotes = true
            break
        }
        if !needsQuotes, let first = text.utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            needsQuotes = true
        }
        guard needsQuotes else {
            buffer.append(contentsOf: text.utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private func appendJSONString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): appendRaw("\\\"")
            case UInt8(ascii: "\\"): appendRaw("\\\\")
            case UInt8(ascii: "\n"): appendRaw("\\n")
            case UInt8(ascii: "\r"): appendRaw("\\r")
            case UInt8(ascii: "\t"): appendRaw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: Array("\\u00".utf8))
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

extension Member {
    /// The member as a row for ``Columns/member`` followed by `extraColumns`.
    public func row(extraColumns: [String] = []) -> [FieldValue] {
        var values: [FieldValue] = [
            .text(id), .text(name), .text(role), .text(sector), .text(region), .text(organisation),
            .list(topics), .list(methods), .list(offers), .list(needs), .list(groups),
            .text(challenge), .text(bio), joined.map(FieldValue.text) ?? .missing, .bool(discoverable),
        ]
        for column in extraColumns {
            values.append(attributes[column].map(FieldValue.text) ?? .missing)
        }
        return values
    }
}

extension Group {
    /// The group as a row for ``Columns/group``.
    public var row: [FieldValue] {
        [.text(id), .text(name), .text(kind.rawValue), .text(description), .list(keywords)]
    }
}

extension Connection {
    /// The connection as a row for ``Columns/connection``.
    public var row: [FieldValue] {
        [.text(source), .text(target), .text(kind), .number(weight), created.map(FieldValue.text) ?? .missing]
    }
}

extension FeedbackRecord {
    /// The feedback as a row for ``Columns/feedback``.
    public var row: [FieldValue] {
        [.text(member), .text(other), .text(action.rawValue), .number(Double(count)), .text(firstAt), .text(lastAt)]
    }
}
