#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs another program and waits for it, with `posix_spawn`.
///
/// Foundation's `Process.run()` on Linux reads `/proc/self/fd` with a 256-byte copy of each directory entry and
/// crashes now and then when an entry ends a page (swift-corelibs-foundation #5472, not in the toolchain this
/// project builds with). The server's child builds and the command-line tests start processes often enough to
/// meet it, so every child process is started here instead.
///
/// The child gets standard input from `/dev/null`, inherits no other open file of the parent (everything from
/// descriptor 3 up is closed in the child), and has its standard output and error sent where ``Destination`` says.
public enum ChildProcess {
    /// Where a child's standard output or error goes.
    public enum Destination: Sendable, Equatable {
        /// `/dev/null`.
        case discard
        /// Appended to the file at this path (which must exist).
        case file(String)
        /// Read by the parent and returned in ``Termination/captured``.
        case capture
    }

    /// How a child ended, and what was captured of its output.
    public struct Termination: Sendable {
        /// The child's process id (no longer running).
        public var processIdentifier: pid_t
        /// The exit status, when it exited; `nil` when a signal ended it.
        public var exitStatus: Int32?
        /// The signal that ended it, if one did.
        public var signal: Int32?
        /// The bytes written to the captured output (standard output, error, or both in the order written).
        public var captured: Data

        /// Whether the child exited with status 0.
        public var succeeded: Bool { exitStatus == 0 }
    }

    /// Starts `executable` with `arguments` and waits for it to end.
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` passes this process's own.
    ///   - directory: the child's working directory; `nil` keeps this process's.
    ///   - standardOutput, standardError: where each goes; when both are ``Destination/capture`` they share one
    ///     stream, read in the order the child wrote them.
    /// - Throws: ``ProfileError/io(_:)`` when the program cannot be started (not found, not executable, no such
    ///   directory, a file that cannot be opened).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           directory: String? = nil, standardOutput: Destination = .discard,
                           standardError: Destination = .discard) throws -> Termination {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var readEnd: Int32 = -1, writeEnd: Int32 = -1
        if standardOutput == .capture || standardError == .capture {
            var ends: [Int32] = [-1, -1]
            guard pipe_cloexec(&ends, O_CLOEXEC) == 0 else { throw ProfileError.io("cannot make a pipe: \(lastError())") }
            (readEnd, writeEnd) = (ends[0], ends[1])
        }
        defer {
            if readEnd >= 0 { close(readEnd) }
            if writeEnd >= 0 { close(writeEnd) }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for (descriptor, destination) in [(Int32(1), standardOutput), (Int32(2), standardError)] {
            switch destination {
            case .discard: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, descriptor, path, O_WRONLY | O_APPEND, 0)
            case .capture: posix_spawn_file_actions_adddup2(&actions, writeEnd, descriptor)
            }
        }
        // Descriptors 0-2 are set above; nothing else of the parent's (sockets, databases, other pipes) leaks in.
        _ = spawn_file_actions_addclosefrom(&actions, 3)
        if let directory {
            guard spawn_file_actions_addchdir(&actions, directory) == 0 else {
                throw ProfileError.io("cannot run \(executable) in \(directory): \(lastError())")
            }
        }

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } }
        defer { envp?.forEach { free($0) } }

        // Signals start as a fresh program expects: none blocked, none ignored. The server ignores SIGTERM and
        // SIGINT (its signal handlers are dispatch sources), and ignored signals would stay ignored in the child.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let started = (argv + [nil]).withUnsafeBufferPointer { arguments -> Int32 in
            let argumentsPointer = UnsafeMutablePointer(mutating: arguments.baseAddress!)
            guard let envp else { return posix_spawn(&pid, executable, &actions, &attributes, argumentsPointer, environ) }
            return (envp + [nil]).withUnsafeBufferPointer { environment in
                posix_spawn(&pid, executable, &actions, &attributes, argumentsPointer,
                            UnsafeMutablePointer(mutating: environment.baseAddress!))
            }
        }
        guard started == 0 else {
            throw ProfileError.io("cannot start \(executable): \(String(cString: strerror(started)))")
        }
        // The child holds its own copy of the write end; the parent's must close for the read to see the end.
        if writeEnd >= 0 { close(writeEnd); writeEnd = -1 }

        var captured = Data()
        if readEnd >= 0 {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count > 0 { captured.append(contentsOf: buffer[..<count]); continue }
                if count < 0 && errno == EINTR { continue }
                break
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ProfileError.io("cannot wait for \(executable): \(lastError())") }
        }
        let signal = status & 0x7f
        return signal == 0
            ? Termination(processIdentifier: pid, exitStatus: (status >> 8) & 0xff, signal: nil, captured: captured)
            : Termination(processIdentifier: pid, exitStatus: nil, signal: signal, captured: captured)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

// glibc's GNU extensions (posix_spawn's from 2.34 and 2.29), which the Glibc module does not export.
@_silgen_name("pipe2")
private func pipe_cloexec(_ ends: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawn_file_actions_addclosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                             _ from: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawn_file_actions_addchdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>,
                                         _ path: UnsafePointer<CChar>) -> Int32
