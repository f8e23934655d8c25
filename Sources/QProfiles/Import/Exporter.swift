import Foundation
import GRDB

extension ProfileStore {
    /// Writes `groups`, `members`, `connections` and `feedback` files to `directory` (created if missing),
    /// in a form that imports back into an identical store: rows in key order, extra attribute columns after
    /// the design's columns in name order. Everything is read in one read transaction, so writes made
    /// meanwhile are either all in the files or not at all. Each file appears only once complete.
    /// - Returns: the number of members, groups, connections and feedback rows written.
    /// - Throws: ``ProfileError`` when the directory or a file cannot be written.
    /// - Complexity: O(rows); members are read a page at a time.
    @discardableResult
    public func export(to directory: String, format: DataFormat = .csv) async throws
        -> (members: Int, groups: Int, connections: Int, feedback: Int) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ProfileError.io("\(directory): cannot create the directory (\(error.localizedDescription))")
        }
        if let backend {
            // One read-only snapshot of the server's store.
            let snapshot = try await backend.snapshot()
            let extra = Set(snapshot.members.flatMap(\.attributes.keys)).sorted()
            return try Self.writeExport(to: directory, format: format, groups: snapshot.groups, extra: extra,
                                        connections: snapshot.connections, feedback: snapshot.feedback) { write in
                for member in snapshot.members { try write(member) }
            }
        }
        return try await read { db in
            try Self.writeExport(to: directory, format: format, groups: try Self.groups(db),
                                 extra: try Self.attributeNames(db), connections: try Self.connections(db),
                                 feedback: try Self.feedback(db)) { write in
                var after = ""
                while true {
                    let page = try Self.members(db, where: "m.id > ?", arguments: [after], limit: 5_000)
                    for member in page { try write(member) }
                    guard page.count == 5_000, let last = page.last else { break }
                    after = last.id
                }
            }
        }
    }

    /// Writes the four files of an export; `members` calls its argument with every member in id order.
    static func writeExport(to directory: String, format: DataFormat, groups: [Group], extra: [String],
                            connections: [Connection], feedback: [FeedbackRecord],
                            members: ((Member) throws -> Void) throws -> Void) throws
        -> (members: Int, groups: Int, connections: Int, feedback: Int) {
        func path(_ table: String) -> String {
            (directory as NSString).appendingPathComponent("\(table).\(format.fileExtension)")
        }
        let groupWriter = try TableWriter(path: path("groups"), format: format, columns: Columns.group)
        for group in groups { try groupWriter.write(group.row) }
        let memberWriter = try TableWriter(path: path("members"), format: format, columns: Columns.member + extra)
        var memberCount = 0
        try members { member in
            try memberWriter.write(member.row(extraColumns: extra))
            memberCount += 1
        }
        let connectionWriter = try TableWriter(path: path("connections"), format: format, columns: Columns.connection)
        for connection in connections { try connectionWriter.write(connection.row) }
        let feedbackWriter = try TableWriter(path: path("feedback"), format: format, columns: Columns.feedback)
        for record in feedback { try feedbackWriter.write(record.row) }

        try groupWriter.finish()
        try memberWriter.finish()
        try connectionWriter.finish()
        try feedbackWriter.finish()
        return (memberCount, groups.count, connections.count, feedback.count)
    }
}
