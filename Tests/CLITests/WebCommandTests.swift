import Foundation
import QSignIn
import Testing

/// `qmatch link` (members' sign-in addresses) and `qmatch stats --svg` (the organisers' pictures).
@Suite struct WebCommandTests {
    static let secret = "cli-test-secret-0123456789abcdef-0123456789"

    func secretFile(_ text: String) throws -> String {
        let file = try CLI.temporaryDirectory().appendingPathComponent("secret")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func linkPrintsASignedAddressTheServerAccepts() async throws {
        let community = try await Community.shared.value
        let id = community.visibleIDs[0]
        let output = try CLI.run(["link", id, "--days", "3", "--base-url", "https://q.example/", "--secret-file",
                                  try secretFile(Self.secret + "\n")] + community.db)
        #expect(output.status == 0, "\(output)")
        let line = try #require(output.lines.first)
        #expect(output.lines.count == 1 && line.hasPrefix("https://q.example/signin?token="))
        let token = String(line.dropFirst("https://q.example/signin?token=".count))
        let link = try SignedLink.verify(token, secret: try LinkSecret(Array(Self.secret.utf8)))
        #expect(link.member == id)
        #expect(abs(Double(link.expires) - Date().addingTimeInterval(3 * 86_400).timeIntervalSince1970) < 60)
        #expect(output.stderr.contains("valid until"))
        // A hidden member may sign in to their own pages too.
        #expect(try CLI.run(["link", community.hiddenIDs[0], "--secret-file", try secretFile(Self.secret)] + community.db)
            .status == 0)
    }

    @Test func linkRefusesAShortOrMissingSecretAndUnknownMembers() async throws {
        let community = try await Community.shared.value
        let id = community.visibleIDs[0]
        let short = try CLI.run(["link", id, "--secret-file", try secretFile("only-20-bytes-secret")] + community.db)
        #expect(short.status == 64 && short.stderr.contains("expected at least 32") && short.stdout.isEmpty, "\(short)")
        let missing = try CLI.run(["link", id, "--secret-file", "/nonexistent/secret"] + community.db)
        #expect(missing.status == 64 && missing.stderr.contains("cannot read"), "\(missing)")
        let days = try CLI.run(["link", id, "--days", "0", "--secret-file", try secretFile(Self.secret)] + community.db)
        #expect(days.status == 64 && days.stderr.contains("--days"))
        let unknown = try CLI.run(["link", "no-such-member", "--secret-file", try secretFile(Self.secret)] + community.db)
        #expect(unknown.status == 1 && unknown.stderr.contains("no member 'no-such-member'"), "\(unknown)")
    }

    @Test func statsDrawsThePicturesAsSVGFiles() async throws {
        let community = try await Community.shared.value
        let folder = try CLI.temporaryDirectory().appendingPathComponent("pictures")
        let output = try CLI.run(["stats", "--svg", folder.path] + community.db)
        #expect(output.status == 0 && output.stdout.contains("Members:"), "\(output)")
        for name in ["members-by-nation", "members-by-sector", "members-by-role", "degrees", "connections-per-month",
                     "crossing-share", "community-map"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name + ".svg"), encoding: .utf8)
            #expect(text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && text.contains("<title"), "\(name)")
        }
        #expect(try CLI.run(["stats", "--eval"] + community.db).status == 64)
    }
}
