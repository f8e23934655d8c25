import Foundation
import QProfiles
import Synchronization

/// One signed-in person: a member (by their personal link) or an organiser (by the admin token).
struct WebSession: Sendable, Hashable {
    enum Role: Sendable, Hashable {
        case member(MemberID)
        case organiser
    }

    /// The cookie's value: 32 random bytes, base64url.
    let id: String
    let role: Role
    /// The token every form that changes something must carry.
    let csrf: String
    let expires: Date

    var memberID: MemberID? { if case .member(let id) = role { id } else { nil } }
    var isOrganiser: Bool { role == .organiser }
}

/// The sessions of this process, in memory: a restart signs everyone out (members follow their link again).
///
/// A lock held only to look up, add or remove one entry; expired sessions are dropped when met and swept
/// when the table grows past ``capacity``.
final class WebSessions: Sendable {
    static let memberLifetime: TimeInterval = 8 * 3600
    static let organiserLifetime: TimeInterval = 2 * 3600
    /// The most sessions held; past it the oldest go first.
    let capacity: Int
    private let table = Mutex<[String: WebSession]>([:])

    init(capacity: Int = 100_000) { self.capacity = capacity }

    /// Starts a session for `role`.
    func start(_ role: WebSession.Role, now: Date = Date()) -> WebSession {
        let lifetime = role == .organiser ? Self.organiserLifetime : Self.memberLifetime
        let session = WebSession(id: Self.randomToken(), role: role, csrf: Self.randomToken(),
                                 expires: now.addingTimeInterval(lifetime))
        table.withLock { sessions in
            if sessions.count >= capacity {
                sessions = sessions.filter { $0.value.expires > now }
                while sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id, or nil (unknown, ended or expired).
    func session(_ id: String, now: Date = Date()) -> WebSession? {
        table.withLock { sessions in
            guard let session = sessions[id] else { return nil }
            guard session.expires > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends the session (signing out).
    func end(_ id: String) { table.withLock { $0[id] = nil } }

    /// 32 bytes from the system's cryptographic generator, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
