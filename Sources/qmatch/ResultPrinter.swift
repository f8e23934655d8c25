import ArgumentParser
import Foundation
import QMatching
import QProfiles

/// `--limit` and `--format`, for commands that print a ranked list of members.
struct ResultOptions: ParsableArguments {
    @Option(help: "How many (1...1000).") var limit: Int = 10
    @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1...1000, not \(limit).") }
    }
}

/// Prints ranked members in the chosen format.
struct ResultPrinter {
    let format: OutputFormat

    struct Row: Encodable {
        let rank: Int
        let id: String
        let name: String
        let score: Float
        let reasons: [String]
    }

    /// Prints `rows`; with none, a table says `whenEmpty` (nil: nothing).
    func print(_ rows: [Row], header: [String: String], whenEmpty: String? = "(no results)") throws {
        switch format {
        case .json:
            var object: [String: AnyEncodable] = header.mapValues { AnyEncodable($0) }
            object["results"] = AnyEncodable(rows)
            Swift.print(try jsonText(object))
        case .jsonl:
            for row in rows { Swift.print(try jsonText(row, pretty: false)) }
        case .csv:
            Swift.print("rank,id,name,score,reasons")
            for row in rows {
                Swift.print([String(row.rank), row.id, row.name, String(format: "%.4f", row.score),
                             row.reasons.joined(separator: "; ")].map(CSVText.field).joined(separator: ","))
            }
        case .table:
            if rows.isEmpty, let whenEmpty { Swift.print(whenEmpty) }
            for row in rows {
                Swift.print(String(format: "%2d. %@  %@  %.3f", row.rank, row.name.isEmpty ? row.id : row.name,
                                   "(\(row.id))", row.score))
                for reason in row.reasons { Swift.print("      - \(reason)") }
            }
        }
    }
}

struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
