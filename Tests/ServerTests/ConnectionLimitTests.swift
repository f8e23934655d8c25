import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

#if canImport(Glibc)
import Glibc
#endif

/// Clients that connect and then send nothing (or half a request) cannot hold the server's file descriptors:
/// it goes on answering, and closes them after its idle timeout.
@Suite struct ConnectionLimitTests {
    /// A TCP connection to 127.0.0.1:`port`, or nil.
    static func connect(port: Int) -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            return nil
        }
        // Never wait long for an answer (a blocked test would hold a thread forever).
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// Whether the server closed `socket`: readable, and a read finds the end.
    static func isClosedByPeer(_ socket: Int32) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) == 0
    }

    /// Runs `work` (blocking socket calls) on a thread of its own, not on one the server's tasks need.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    /// The status line of a GET of `path` on a new connection.
    static func status(port: Int, path: String) async -> String? {
        await blocking { statusLine(port: port, path: path) }
    }

    static func statusLine(port: Int, path: String) -> String? {
        guard let socket = connect(port: port) else { return nil }
        defer { close(socket) }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(socket, $0, strlen($0), 0) }
        // Read to the end (the server closes after the answer), so that the connection ends cleanly.
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n").first
    }

    /// A port nobody listens on now (the kernel's choice).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = bind(socket, $0, length)
                return getsockname(socket, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func twoThousandIdleSocketsNeitherStopTheServerNorStayOpen() async throws {
        // Each socket is two descriptors in this process (ours and the server's).
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 8_192 {
            limit.rlim_cur = min(8_192, limit.rlim_max)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        var arguments = TestArguments()
        arguments.idleTimeout = 10
        arguments.port = Self.freePort()
        let app = try await buildApplication(arguments)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        let port = arguments.port
        var ready = false
        for _ in 0..<100 where !ready {
            ready = await Self.status(port: port, path: "/health") == "HTTP/1.1 200 OK"
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready)
        let sockets: [Int32] = await Self.blocking {
            var sockets: [Int32] = []
            for index in 0..<2_000 {
                guard let socket = Self.connect(port: port) else { break }
                // Every other one starts a request and never finishes its head (a slow client).
                if index.isMultiple(of: 2) { _ = "GET /health HTTP/1.1\r\nHost: x\r\n".withCString { send(socket, $0, 31, 0) } }
                sockets.append(socket)
            }
            return sockets
        }
        defer { for socket in sockets { close(socket) } }
        #expect(sockets.count == 2_000)
        // The server still answers with them held open (opening them can take longer than the idle timeout
        // on a loaded machine, so the first may already be closed: that is the timeout working).
        #expect(await Self.status(port: port, path: "/health") == "HTTP/1.1 200 OK")
        // After the idle timeout the server has closed every one of them.
        var closed = 0
        for _ in 0..<60 where closed < sockets.count {
            try await Task.sleep(for: .seconds(1))
            closed = sockets.filter(Self.isClosedByPeer).count
        }
        #expect(closed == sockets.count)
        #expect(await Self.status(port: port, path: "/health") == "HTTP/1.1 200 OK")
    }
}
