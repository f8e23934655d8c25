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
        return try await read { db in
            func path(_ table: String) -> String {
                (directory as NSString).appendingPathComponent("\(table).\(format.fileExtension)")
            }
            let groups = try Self.groups(db)
            let groupWriter = try TableWriter(path: path("groups"), format: format, columns: Columns.group)
            for group in groups { try groupWriter.write(group.row) }

            let extra = try Self.attributeNames(db)
            let memberWriter = try TableWriter(path: path("members"), format: format, columns: Columns.member + extra)
            var memberCount = 0
            var after = ""
            while true {
                let page = try Self.members(db, where: "m.id > ?", arguments: [after], limit: 5_000)
                for member in page { try memberWriter.write(member.row(extraColumns: extra)) }
                memberCount += page.count
                guard page.count == 5_000, let last = page.last else { break }
                after = last.id
            }
            let connections = try Self.connections(db)
            let connectionWriter = try TableWriter(path: path("connections"), format: format,
                                                   columns: Columns.connection)
            for connection in connections { try connectionWriter.write(connection.row) }
            let feedback = try Self.feedback(db)
            let feedbackWriter = try TableWriter(path: path("feedback"), format: format, columns: Columns.feedback)
            for record in feedback { try feedbackWriter.write(record.row) }

            try groupWriter.finish()
            try memberWriter.finish()
            try connectionWriter.finish()
            try feedbackWriter.finish()
            return (memberCount, groups.count, connections.count, feedback.count)
        }
    }
}
