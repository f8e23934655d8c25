import Foundation
@testable import QProfiles

/// libFuzzer target: the CSV and JSON Lines record readers and the field parsers behind an import, and the
/// JSON body validators of the HTTP writes. The first byte chooses the path; the rest is the file or body.
/// Any error thrown is a refusal (fine); a trap, an ASan report or a broken invariant is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let selector = start[0]
    let data = Data(bytes: start + 1, count: count - 1)
    data.withUnsafeBytes { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        // Differential check: the fast UTF-8 validator agrees with the standard library's.
        let fast = UTF8Check.isValid(bytes)
        let standard = String(validating: bytes, as: UTF8.self) != nil
        precondition(fast == standard, "UTF8Check says \(fast), the standard library \(standard)")
        if standard {
            let text = String(decoding: bytes, as: UTF8.self)
            _ = DateText.isValidDate(text)
            _ = DateText.isValidDateTime(text)
            _ = text.trimmed
        }
    }
    // selector % 8: 0-2 members, groups, connections as CSV; 3-5 the same as JSON Lines; 6 a member body
    // (PUT /v1/members/{id}); 7 a connection body (POST /v1/connections).
    let mode = Int(selector % 8)
    switch mode {
    case 0..<6:
        let kind = ["members", "groups", "connections"][mode % 3]
        let format: DataFormat = mode < 3 ? .csv : .jsonl
        let path = "\(kind).\(format.fileExtension)"
        guard let reader = try? RecordReader(data: data, path: path, format: format) else { return 0 }
        var columns: [String: Int] = [:]
        for (index, column) in reader.columns.enumerated() { columns[column] = index }
        let known = Set(Columns.member)
        let extra = reader.columns.filter { !known.contains($0) }
        for record in reader.records {
            let parser = FieldParser(path: path, columns: columns, record: record)
            switch kind {
            case "members": _ = try? Member(parser, extraColumns: extra)
            case "groups": _ = try? Group(parser)
            default: _ = try? Connection(parser)
            }
        }
    case 6:
        _ = try? JSONInput.member(data, id: "m1")
    default:
        _ = try? JSONInput.connection(data)
    }
    return 0
}
