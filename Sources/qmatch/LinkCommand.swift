import ArgumentParser
import Foundation
import QProfiles
import QSignIn

/// `qmatch link ID`: a member's personal sign-in address for the web pages.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Print a member's personal sign-in address for the web pages (signed, expiring).",
        discussion: """
            The token is signed with HMAC-SHA256 under the server's secret (--secret-file, else $QMATCH_SECRET; \
            at least 32 bytes: the server must be started with the same one). Following the address signs in as \
            that member only, until it expires; anyone who has it can do so, so send it to the member alone.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: "The member's id.") var id: String

    @Option(help: "Days the link stays valid (1...90).") var days = 7

    @Option(help: "A file holding the secret (default: $QMATCH_SECRET).") var secretFile: String?

    @Option(help: "The server's address as members reach it (default: $QMATCH_BASE_URL or http://127.0.0.1:8080).")
    var baseURL: String?

    func validate() throws {
        guard (1...90).contains(days) else { throw ValidationError("--days must be 1...90, not \(days).") }
        do {
            guard try LinkSecret.load(file: secretFile) != nil else {
                throw ValidationError("no secret: set QMATCH_SECRET or pass --secret-file (at least "
                    + "\(LinkSecret.minimumBytes) bytes, the server's own; e.g. `head -c 32 /dev/urandom | base64`).")
            }
        } catch let error as SignInError {
            throw ValidationError(error.description + ".")
        }
        if let baseURL, URL(string: baseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--base-url must be an http or https address, not '\(baseURL)'.")
        }
    }

    func run() async throws {
        guard let secret = try LinkSecret.load(file: secretFile) else { return }
        // The member must exist (one who is not discoverable may still sign in to their own pages).
        let member = try await store.openExisting().existingMember(id)
        let base = baseURL ?? ProcessInfo.processInfo.environment["QMATCH_BASE_URL"] ?? "http://127.0.0.1:8080"
        let link = SignedLink(member: member.id, days: days)
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        print("\(trimmed)/signin?token=\(link.token(secret: secret))")
        printError("link for \(member.id), valid until \(link.expiryText)")
    }
}
