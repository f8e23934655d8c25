import Foundation
import Hummingbird
import HummingbirdTesting
import QMatching
import QPictures
import QProfiles
import QSignIn
import Testing
@testable import QMatchServer

/// The web pages: signing in by link and by token, who may see what, CSRF, the member's actions taking effect
/// at once, the organiser's pages, and escaping.
@Suite struct WebPageTests {
    func serve(secret: LinkSecret? = testSecret, _ body: @escaping @Sendable (WebBrowser, SeededCommunity.Cast)
        async throws -> Void) async throws {
        var (directory, arguments) = try await SeededCommunity.serve()
        arguments.linkSecret = secret
        let cast = try await SeededCommunity.cast(arguments.databasePath!)
        let app = try await buildApplication(arguments)
        try await app.test(.router) { client in try await body(WebBrowser(client), cast) }
        _ = directory
    }

    @Test func memberSignsInByLinkAndSeesSuggestions() async throws {
        try await serve { (browser, cast) async throws in
            let id = cast.connected[0]
            let link = SignedLink(member: id, days: 1).token(secret: testSecret)
            let confirm = try await browser.get("/signin?token=\(link)")
            #expect(confirm.status == .ok && confirm.text.contains("Continue as"))
            #expect(confirm.headers[.contentType] == "text/html; charset=utf-8")
            #expect(browser.cookies[WebMiddleware.sessionCookie] == nil, "following the link alone signs no one in")
            let done = try await browser.post("/signin", ["token": link, "csrf": confirm.field("csrf") ?? ""])
            #expect(done.status == .seeOther)
            let cookie = done.headers[values: .setCookie].first { $0.hasPrefix(WebMiddleware.sessionCookie) } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
            let page = try await browser.get("/me")
            #expect(page.status == .ok && page.text.contains("People to meet"))
            #expect(!page.listed.isEmpty && !page.listed.contains(id))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(page.headers[.init("Server-Timing")!]?.hasPrefix("app;dur=") == true)
            for uri in ["/me/similar", "/me/profile", "/search?q=reducing+inpatient+falls", "/members/\(page.listed[0])"] {
                #expect(try await browser.get(uri).status == .ok, "\(uri)")
            }
            // Signing out ends the session.
            let out = try await browser.post("/signout", ["csrf": try await browser.csrf()])
            #expect(out.status == .seeOther)
            #expect(try await browser.get("/me").status == .unauthorized)
        }
    }

    @Test func badLinksGetAClearPage() async throws {
        try await serve { (browser, cast) async throws in
            let id = cast.connected[0]
            let good = SignedLink(member: id, days: 1).token(secret: testSecret)
            let tampered = SignedLink(member: cast.connected[1], expires: SignedLink(member: id, days: 1).expires)
                .token(secret: testSecret).split(separator: ".")[0] + "." + good.split(separator: ".")[1]
            let otherSecret = SignedLink(member: id, days: 1)
                .token(secret: try LinkSecret(Array("another-secret-0123456789abcdef-0123456789".utf8)))
            for token in [String(tampered), otherSecret, "not-a-token", "", String(good.dropLast(3))] {
                let page = try await browser.get("/signin?token=\(token)")
                #expect(page.status == .badRequest && page.text.contains("not valid"), "\(token)")
                #expect(!page.text.contains("Error(") && !page.text.contains("Swift"))
            }
            let expired = SignedLink(member: id, expires: Int64(Date().timeIntervalSince1970) - 60).token(secret: testSecret)
            let page = try await browser.get("/signin?token=\(expired)")
            #expect(page.status == .gone && page.text.contains("expired"))
            // Posting a link without the sign-in form's cookie (from another site) is refused.
            let forged = try await browser.post("/signin", ["token": good, "csrf": "guess"])
            #expect(forged.status == .forbidden && browser.cookies[WebMiddleware.sessionCookie] == nil)
        }
        try await serve(secret: nil) { (browser, cast) async throws in
            let token = SignedLink(member: cast.connected[0], days: 1).token(secret: testSecret)
            #expect(try await browser.get("/signin?token=\(token)").status == .forbidden)
        }
    }

    @Test func dismissingTakesEffectAtOnceAndNeedsTheFormToken() async throws {
        try await serve { (browser, cast) async throws in
            try await browser.signIn(member: cast.connected[0])
            let before = try await browser.get("/me")
            let other = try #require(before.listed.first)
            let csrf = try #require(before.field("csrf"))
            #expect(try await browser.post("/me/feedback", ["other": other, "action": "dismiss"]).status == .forbidden)
            #expect(try await browser.post("/me/feedback", ["other": other, "action": "dismiss", "csrf": "x" + csrf])
                .status == .forbidden)
            #expect(try await browser.get("/me").listed.contains(other))
            let done = try await browser.post("/me/feedback", ["other": other, "action": "dismiss", "csrf": csrf])
            #expect(done.status == .seeOther && done.headers[.location] == "/me?done=dismissed")
            let after = try await browser.get("/me?done=dismissed")
            #expect(!after.listed.contains(other) && after.text.contains("Removed from your suggestions"))
            let next = try #require(after.listed.first)
            #expect(try await browser.post("/me/feedback", ["other": next, "action": "connected", "csrf": csrf])
                .status == .seeOther)
            #expect(!(try await browser.get("/me").listed.contains(next)))
            #expect(try await browser.post("/me/feedback", ["other": next, "action": "shown", "csrf": csrf]).status
                == .badRequest)
        }
    }

    @Test func optingOutHidesTheMemberFromOthersAtOnce() async throws {
        try await serve { (browser, cast) async throws in
            let asker = cast.connected[0]
            try await browser.signIn(member: asker)
            let suggested = try #require(try await browser.get("/me").listed.first)
            // The suggested member signs in elsewhere and opts out, keeping the rest of the profile.
            let other = WebBrowser(browser.client)
            try await other.signIn(member: suggested)
            let form = try await other.get("/me/profile")
            #expect(form.text.contains("Suggest me to other members") && form.text.contains("checked"))
            var fields = ["csrf": try #require(form.field("csrf")), "topics": "falls prevention; frailty",
                          "challenge": "reducing inpatient falls"]
            #expect(try await other.post("/me/profile", fields.merging(["csrf": "wrong"]) { $1 }).status == .forbidden)
            let saved = try await other.post("/me/profile", fields)
            #expect(saved.status == .seeOther)
            let mine = try await other.get("/me/profile?done=saved")
            #expect(!mine.text.contains(" checked") && mine.text.contains("falls prevention; frailty"))
            #expect(try await other.get("/me").text.contains("You have opted out"))
            // Gone from the asker's suggestions, from search and from profiles, at once.
            #expect(!(try await browser.get("/me").listed.contains(suggested)))
            #expect(!(try await browser.get("/search?q=falls+prevention+frailty").listed.contains(suggested)))
            #expect(try await browser.get("/members/\(suggested)").status == .notFound)
            // Opting back in.
            fields["discoverable"] = "yes"
            #expect(try await other.post("/me/profile", fields).status == .seeOther)
            #expect(try await browser.get("/members/\(suggested)").status == .ok)
            // Lists too long are refused with the form shown again.
            fields["topics"] = (0..<40).map { "topic \($0)" }.joined(separator: ";")
            let refused = try await other.post("/me/profile", fields)
            #expect(refused.status == .badRequest && refused.text.contains("at most 30"))
        }
    }

    @Test func pagesAreForTheRightPeople() async throws {
        try await serve { (browser, cast) async throws in
            for uri in ["/me", "/me/similar", "/me/profile", "/search", "/members/\(cast.connected[0])", "/organiser",
                        "/organiser/map", "/organiser/recruit", "/organiser/evaluation"] {
                let page = try await browser.get(uri)
                #expect(page.status == .unauthorized && page.text.contains("Please sign in"), "\(uri)")
            }
            #expect(try await browser.post("/me/feedback", ["other": cast.connected[1], "action": "dismiss"]).status
                == .unauthorized)
            try await browser.signIn(member: cast.connected[0])
            for uri in ["/organiser", "/organiser/map", "/organiser/recruit?group=\(cast.group)", "/organiser/brief",
                        "/organiser/evaluation"] {
                #expect(try await browser.get(uri).status == .forbidden, "\(uri)")
            }
            #expect(try await browser.get("/members/\(cast.hidden)").status == .notFound)
            #expect(try await browser.get("/members/no-such-member").status == .notFound)
            let organiser = WebBrowser(browser.client)
            #expect(try await organiser.signInOrganiser().status == .seeOther)
            #expect(try await organiser.get("/members/\(cast.hidden)").status == .ok)
            #expect(try await organiser.get("/me").status == .forbidden)
        }
    }

    @Test func organiserSignsInAndUsesTheirPages() async throws {
        try await serve { (browser, cast) async throws in
            let wrong = try await browser.signInOrganiser(token: "not-the-admin-token-at-all")
            #expect(wrong.status == .unauthorized && wrong.text.contains("not the admin token"))
            #expect(try await browser.post("/organiser/signin", ["token": testAdminToken]).status == .forbidden)
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let glance = try await browser.get("/organiser")
            #expect(glance.status == .ok && glance.text.contains("<svg") && glance.text.contains("Members by nation"))
            let map = try await browser.get("/organiser/map")
            #expect(map.status == .ok && map.text.contains("Community 1") && map.text.contains("<circle"))
            let community = try await browser.get("/organiser/map?community=1")
            #expect(community.status == .ok && community.text.contains("id=\"community-members\""))
            #expect(try await browser.get("/organiser/map?community=999").status == .notFound)
            let recruits = try await browser.get("/organiser/recruit?group=\(cast.group)&limit=6&quotas=nation%3DWales%3A1")
            #expect(recruits.status == .ok && recruits.text.contains("quota-outcomes") && recruits.listed.count == 6)
            let badQuota = try await browser.get("/organiser/recruit?group=\(cast.group)&quotas=nation%3DWales")
            #expect(badQuota.status == .badRequest && badQuota.text.contains("FIELD=VALUE:N"))
            #expect(try await browser.get("/organiser/recruit?group=\(cast.group)&limit=0").status == .badRequest)
            let brief = ["text": "reducing inpatient falls on older people's wards", "quotas": "", "limit": "5"]
            #expect(try await browser.post("/organiser/brief", brief).status == .forbidden)
            let briefPage = try await browser.get("/organiser/brief")
            let found = try await browser.post("/organiser/brief", brief.merging(["csrf": briefPage.field("csrf") ?? ""]) { $1 })
            #expect(found.status == .ok && found.listed.count == 5)
            #expect(try await browser.post("/organiser/evaluation", [:]).status == .forbidden)
            #expect(try await browser.get("/organiser/evaluation").text.contains("Run the evaluation"))
            #expect(try await browser.get("/static/app.css").headers[.contentType] == "text/css; charset=utf-8")
            // Behind a TLS proxy the cookies are Secure.
            let proxied = try await browser.client.execute(uri: "/organiser/signin", method: .get,
                                                           headers: [.init("X-Forwarded-Proto")!: "https"], body: nil)
            #expect(proxied.headers[values: .setCookie].allSatisfy { $0.contains("; Secure") || $0.hasSuffix("Secure") })
            #expect(!proxied.headers[values: .setCookie].isEmpty)
        }
    }

    @Test func memberTextIsEscapedEverywhere() async throws {
        try await serve { (browser, cast) async throws in
            let name = "<script>alert(1)</script>"
            let json = #"{"name": "\#(name)", "topics": ["<b>falls</b>"], "challenge": "reducing inpatient falls \"now\""}"#
            #expect(try await browser.client.request(.put, "/v1/members/x-script", token: testAdminToken, json: json)
                .status == .created)
            #expect(try await browser.signInOrganiser().status == .seeOther)
            for uri in ["/members/x-script", "/search?q=script+alert+falls"] {
                let page = try await browser.get(uri)
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(uri)")
                #expect(!page.text.contains(name) && !page.text.contains("<b>falls"), "\(uri)")
            }
            let query = try await browser.get("/search?q=%3Cscript%3Ealert(2)%3C%2Fscript%3E")
            #expect(!query.text.contains("<script>alert(2)") && query.text.contains("&lt;script&gt;alert(2)"))
            let member = WebBrowser(browser.client)
            try await member.signIn(member: "x-script")
            let mine = try await member.get("/me/profile")
            #expect(!mine.text.contains(name) && mine.text.contains("&quot;now&quot;"))
        }
    }

    @Test func picturesEscapeTheirTextAndDrawTheCommunity() async throws {
        let chart = BarChart(name: "t", title: "<b>title</b>", counts: [("<script>x</script>", 3), ("b & c", 1)]).picture
        #expect(!chart.svg.contains("<script>") && chart.svg.contains("&lt;script&gt;") && chart.svg.contains("b &amp; c"))
        #expect(chart.svg.hasPrefix("<svg") && chart.svg.contains("role=\"img\""))
        let seeded = try await SeededCommunity.shared.value
        let view = ServingView(index: try IndexFile.read(seeded.index))
        let map = try CommunityMap.make(view: view)
        #expect(!map.communities.isEmpty && map.communities.map(\.size) == map.communities.map(\.size).sorted(by: >))
        #expect(map.communities.allSatisfy { community in community.members.allSatisfy { view.row(of: $0).map(view.isVisible) == true } })
        let drawn = map.picture { "/organiser/map?community=\($0)" }.svg
        #expect(drawn.components(separatedBy: "<circle").count - 1 == map.communities.count)
        #expect(drawn.contains("href=\"/organiser/map?community=1\""))
        let line = LineChart(name: "l", title: "t", points: [("2024-01", 0.25), ("2024-02", 0.5)], isShare: true).picture
        #expect(line.svg.contains("50.0%"))
    }
}

/// The sign-in token format shared by `qmatch link` and the server.
@Suite struct SignedLinkTests {
    @Test func roundTripsAndRejectsTamperingExpiryAndShortSecrets() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let link = SignedLink(member: "m.0:1_a-b", days: 7, now: now)
        let token = link.token(secret: testSecret)
        #expect(try SignedLink.verify(token, secret: testSecret, now: now) == link)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        let late = now.addingTimeInterval(7 * 86_400)
        #expect(throws: SignInError.self) { try SignedLink.verify(token, secret: testSecret, now: late) }
        do { _ = try SignedLink.verify(token, secret: testSecret, now: late) } catch let error as SignInError {
            #expect(error.isExpired)
        }
        var bytes = Array(token.utf8)
        bytes[3] = bytes[3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        do { _ = try SignedLink.verify(String(decoding: bytes, as: UTF8.self), secret: testSecret, now: now) ; Issue.record("accepted") }
        catch let error as SignInError { #expect(error.isTampered || error.isMalformed) }
        #expect(throws: SignInError.self) { try LinkSecret(Array("too short".utf8)) }
        #expect(throws: SignInError.self) { try LinkSecret.load(file: nil, environment: ["QMATCH_SECRET": "short"]) }
        #expect(try LinkSecret.load(file: nil, environment: [:]) == nil)
    }
}
