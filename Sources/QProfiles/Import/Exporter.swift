import Foundation

extension ProfileStore {
    /// Writes `members`, `groups` and `connections` files to `directory` (created if missing), in a form
    /// that imports back into an identical store: rows in id order, extra attribute columns after the
    /// design's columns in name order. Each file appears only once complete.
    /// - Returns: the number of members, groups and connections written.
    /// - Throws: ``ProfileError`` when the directory or a file cannot be written.
    /// - Complexity: O(rows); members are read a page at a time.
    @discardableResult
    public func export(to directory: String, format: DataFormat = .csv) async throws
        -> (members: Int, groups: Int, connections: Int) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ProfileError.io("\(directory): cannot create the directory (\(error.localizedDescription))")
        }
        func path(_ table: String) -> String {
            (directory as NSString).appendingPathComponent("\(table).\(format.fileExtension)")
        }
        let groups = try await self.groups()
        let groupWriter = try TableWriter(path: path("groups"), format: format, columns: Columns.group)
        for group in groups { try groupWriter.write(group.row) }

        let extra = try await attributeNames()
        let memberWriter = try TableWriter(path: path("members"), format: format, columns: Columns.member + extra)
        var memberCount = 0
        try await forEachMember { member in
            try memberWriter.write(member.row(extraColumns: extra))
            memberCount += 1
        }
        let connections = try await self.connections()
        let connectionWriter = try TableWriter(path: path("connections"), format: format, columns: Columns.connection)
        for connection in connections { try connectionWriter.write(connection.row) }

        try groupWriter.finish()
        try memberWriter.finish()
        try connectionWriter.finish()
        return (memberCount, groups.count, connections.count)
    }
}
