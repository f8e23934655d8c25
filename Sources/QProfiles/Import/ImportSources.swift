import Foundation

/// The files of one import: any of members, groups, connections and feedback (CSV or JSON Lines).
public struct ImportSources: Sendable, Hashable {
    public var members: String?
    public var groups: String?
    public var connections: String?
    public var feedback: String?

    public init(members: String? = nil, groups: String? = nil, connections: String? = nil, feedback: String? = nil) {
        self.members = members
        self.groups = groups
        self.connections = connections
        self.feedback = feedback
    }

    /// Finds `members`, `groups`, `connections` and `feedback` (`.csv`, `.jsonl`) in `directory`.
    /// - Throws: ``ProfileError`` when the directory does not exist or holds none of them, or holds both a
    ///   `.csv` and a `.jsonl` of one table.
    public init(directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw ProfileError.invalidInput("\(directory): no such directory")
        }
        guard isDirectory.boolValue else {
            throw ProfileError.invalidInput("\(directory): not a directory (expected a directory holding "
                + "members.csv, groups.csv and connections.csv, or use --members/--groups/--connections)")
        }
        func find(_ table: String) throws -> String? {
            let found = DataFormat.allCases.map { (directory as NSString).appendingPathComponent("\(table).\($0.fileExtension)") }
                .filter { FileManager.default.fileExists(atPath: $0) }
            guard found.count <= 1 else {
                throw ProfileError.invalidInput("\(directory): both \(found.joined(separator: " and ")) exist "
                    + "(expected one file per table)")
            }
            return found.first
        }
        self.init(members: try find("members"), groups: try find("groups"), connections: try find("connections"),
                  feedback: try find("feedback"))
        guard members != nil || groups != nil || connections != nil || feedback != nil else {
            throw ProfileError.invalidInput("\(directory): holds no members.csv, groups.csv, connections.csv or "
                + "feedback.csv (nor .jsonl)")
        }
    }
}

/// A row that was not imported, and why.
public struct Rejection: Sendable, Hashable {
    public let file: String
    public let line: Int
    /// `column 'NAME': what is wrong (what was expected)`.
    public let reason: String
    /// The row as in the file.
    public let row: String

    /// `FILE:LINE: reason`.
    public var message: String { "\(file):\(line): \(reason)" }
}

/// What an import did.
public struct ImportReport: Sendable {
    public var members = 0
    public var groups = 0
    public var connections = 0
    public var feedback = 0
    /// Connection rows that repeated a pair (and kind) already in the file, merged into one.
    public var mergedConnections = 0
    public var rejections: [Rejection] = []
    /// Notes for the user, e.g. columns that were ignored.
    public var warnings: [String] = []
}
