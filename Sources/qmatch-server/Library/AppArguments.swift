import Logging
import QSignIn

/// What the server needs to start: where it listens, what it serves, who may write, and its limits.
///
/// `App` (the executable) fills it from flags and the environment; tests pass their own. Every member but
/// `host`, `port` and `databasePath` has a default.
public protocol AppArguments: Sendable {
    var host: String { get }
    var port: Int { get }
    /// The SQLite database; nil serves a private in-memory store (tests).
    var databasePath: String? { get }
    /// The index file; nil: beside the database (`NAME.qindex`), or in memory only without a database.
    var indexPath: String? { get }
    /// The bearer token that admin routes (writes, rebuild) require; nil or empty: writes are refused.
    var adminToken: String? { get }
    /// When set, read routes require this bearer token (or the admin token).
    var readToken: String? { get }
    /// The largest request body accepted, in bytes (larger: 413).
    var maxBodyBytes: Int { get }
    /// The longest request target (path and query) accepted, in bytes (longer: 414).
    var maxURIBytes: Int { get }
    /// Threads a rebuild may use for featurizing (the rest of the machine keeps serving).
    var rebuildThreads: Int { get }
    var logLevel: Logger.Level { get }
    /// The most recommendation answers kept for reuse (0: none).
    var cacheEntries: Int { get }
    /// The most bytes kept answers may take, bodies and bookkeeping counted (0: none).
    var cacheBytes: Int { get }
    /// Seconds a connection may send nothing (between requests, or within a request's head) before it is closed.
    var idleTimeout: Double { get }
    /// How long a kept answer may be reused at most, in seconds.
    var cacheSeconds: Int { get }
    /// How long a write waits for another process's database lock before the answer is 503, in seconds.
    var busyTimeout: Double { get }
    /// The secret that members' sign-in links are signed with (`qmatch link`); nil: member links are refused.
    var linkSecret: LinkSecret? { get }
    /// Mark the web pages' cookies `Secure` (served over TLS by a proxy in front).
    var secureCookies: Bool { get }
    /// The `qmatch` executable that rebuilds run as a child process (`qmatch build`); nil: rebuilds run in the
    /// server's own process. Used only with a database file and an index path.
    var builderExecutable: String? { get }
}

extension AppArguments {
    public var indexPath: String? { nil }
    public var adminToken: String? { nil }
    public var readToken: String? { nil }
    public var maxBodyBytes: Int { 256 * 1024 }
    public var maxURIBytes: Int { 4096 }
    public var rebuildThreads: Int { 1 }
    public var logLevel: Logger.Level { .info }
    public var cacheEntries: Int { 20_000 }
    public var cacheBytes: Int { 64 * 1024 * 1024 }
    public var idleTimeout: Double { 30 }
    public var cacheSeconds: Int { 60 }
    public var busyTimeout: Double { 10 }
    public var linkSecret: LinkSecret? { nil }
    public var secureCookies: Bool { false }
    public var builderExecutable: String? { nil }
}
