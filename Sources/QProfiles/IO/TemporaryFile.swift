import Foundation

/// The temporary files writers use: a file is written as `PATH.tmp-PID` beside `PATH` and renamed into
/// place when complete, so a reader never sees half of one. A writer killed mid-way leaves its temporary
/// file behind; ``removeAbandoned(of:)`` clears those at the next start.
public enum TemporaryFile {
    /// The temporary name this process writes `path` under.
    public static func path(for path: String) -> String { path + ".tmp-\(getpid())" }

    /// Removes the temporary files of `path` (`PATH.tmp-PID`) left by writers that are no longer running
    /// (no process has that id). Files of running processes, this one included, and every other file are
    /// left alone. Errors are ignored: this is tidying, not a precondition of writing.
    /// - Returns: the paths removed.
    /// - Complexity: O(entries in the directory of `path`).
    @discardableResult
    public static func removeAbandoned(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  let pid = Int32(digits), pid > 0, pid != getpid(), !isRunning(pid) else { continue }
            let candidate = (directory as NSString).appendingPathComponent(name)
            if unlink(candidate) == 0 { removed.append(candidate) }
        }
        return removed
    }

    /// Whether a process with this id exists (`kill(pid, 0)`: EPERM means it exists but is not ours).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
