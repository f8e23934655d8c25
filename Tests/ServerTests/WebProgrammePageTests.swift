import Foundation
import Hummingbird
import HummingbirdTesting
import QProfiles
import QSignIn
import Testing
@testable import QMatchServer

/// The programme pages: groups to join and my pairing rounds for members; pairing rounds and teams for
/// organisers (make, review, download as CSV). Who may see them, CSRF, bad input as a 4xx page, hidden members
/// never shown, and CSV a spreadsheet cannot run.
@Suite struct WebProgrammePageTests {
    func serve(_ body: @escaping @Sendable (WebBrowser, SeededCommunity.Cast) async throws -> Void) async throws {
        var (directory, arguments) = try await SeededCommunity.serve()
        arguments.linkSecret = testSecret
        let cast = try await SeededCommunity.cast(arguments.databasePath!)
        let app = try await buildApplication(arguments)
        try await app.test(.router) { client in try await body(WebBrowser(client), cast) }
        _ = directory
    }

    /// Makes a round for `group` through the form, as an organiser signed in on `browser`.
    func makeRound(_ browser: WebBrowser, group: String, name: String = "Coffee, March",
                   extra: [String: String] = [:]) async throws -> TestResponse {
        let form = try await browser.get("/organiser/rounds")
        #expect(form.status == .ok && form.text.contains("id=\"round-form\""))
        return try await browser.post("/organiser/rounds", ["csrf": form.field("csrf") ?? "", "name": name, "group": group,
                                                            "size": "2"].merging(extra) { $1 })
    }

    /// The round made by the response `made` (its 303), opened.
    func opened(_ browser: WebBrowser, _ made: TestResponse,
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> (id: Int, page: TestResponse) {
        #expect(made.status == .seeOther, sourceLocation: sourceLocation)
        let location = try #require(made.headers[.location], sourceLocation: sourceLocation)
        let id = try #require(Int(location.dropFirst("/organiser/rounds/".count).prefix { $0.isNumber }),
                              sourceLocation: sourceLocation)
        return (id, try await browser.get(location))
    }

    @Test func organiserMakesARoundReviewsItAndDownloadsIt() async throws {
        try await serve { (browser, cast) async throws in
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let nav = try await browser.get("/organiser")
            #expect(nav.text.contains("href=\"/organiser/rounds\"") && nav.text.contains("href=\"/organiser/teams\""))
            #expect(try await browser.get("/organiser/rounds").text.contains("No rounds yet"))
            let (id, page) = try await opened(browser, try await makeRound(browser, group: cast.group))
            #expect(page.status == .ok && page.text.contains("Round made:") && page.text.contains("id=\"pairs\""))
            let members = page.listed
            #expect(members.count >= 2 && Set(members).count == members.count && !members.contains(cast.hidden))
            #expect(page.text.contains("Mean pair weight") && page.text.contains("href=\"/organiser/rounds/\(id)/csv\""))
            #expect(try await browser.get("/organiser/rounds").text.contains("href=\"/organiser/rounds/\(id)\""))
            let csv = try await browser.get("/organiser/rounds/\(id)/csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"round-\(id).csv\"")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "round,round_name,group,member_id,member_name,partner_ids,partner_names,weight,reasons")
            #expect(lines.count == members.count + 1)
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\(id),\"Coffee, March\",") })
            // Another round avoids the first round's pairs.
            let (second, _) = try await opened(browser, try await makeRound(browser, group: cast.group, name: "April",
                                                                           extra: ["mix": "nation", "size": "3"]))
            #expect(second == id + 1)
        }
    }

    @Test func roundFormsRefuseBadInputWithAPage() async throws {
        try await serve { (browser, cast) async throws in
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let page = try await browser.get("/organiser/rounds")
            let csrf = try #require(page.field("csrf"))
            // No or a wrong form token: refused, and no round made.
            #expect(try await browser.post("/organiser/rounds", ["name": "x", "group": cast.group]).status == .forbidden)
            #expect(try await browser.post("/organiser/rounds", ["name": "x", "group": cast.group, "csrf": csrf + "x"])
                .status == .forbidden)
            #expect(try await browser.get("/organiser/rounds").text.contains("No rounds yet"))
            let cases: [([String: String], HTTPResponse.Status, String)] = [
                (["group": "no-such-group", "name": "x"], .notFound, "no-such-group"),
                (["group": cast.group, "name": ""], .badRequest, "Name the round"),
                (["group": "", "name": "x"], .badRequest, "Choose the group"),
                (["group": cast.group, "name": "x", "noRepeat": "many"], .badRequest, "Rounds without repeats"),
                (["group": cast.group, "name": String(repeating: "n", count: 201)], .badRequest, "Name the round"),
            ]
            for (fields, status, text) in cases {
                let refused = try await browser.post("/organiser/rounds", fields.merging(["csrf": csrf]) { $1 })
                #expect(refused.status == status && refused.text.contains(text), "\(fields)")
                #expect(refused.text.contains("id=\"round-problem\"") && refused.text.contains("id=\"round-form\""))
            }
            for uri in ["/organiser/rounds/999", "/organiser/rounds/abc", "/organiser/rounds/0", "/organiser/rounds/999/csv",
                        "/organiser/rounds/99999999999999999999"] {
                let missing = try await browser.get(uri)
                #expect(missing.status == .notFound && missing.text.contains("round"), "\(uri)")
                #expect(missing.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
            }
        }
    }

    @Test func membersSeeGroupsToJoinAndTheirRoundsWithDiscoverablePartnersOnly() async throws {
        try await serve { (browser, cast) async throws in
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let (id, round) = try await opened(browser, try await makeRound(browser, group: cast.group))
            // A pair (not a three) from the round: the first group's members.
            let firstGroup = try #require(round.text.components(separatedBy: "data-group=\"1\"").dropFirst().first)
            let pair = Array(firstGroup.components(separatedBy: "</tr>")[0].components(separatedBy: "data-member=\"")
                .dropFirst().map { String($0.prefix { $0 != "\"" }) })
            #expect(pair.count >= 2)
            let (me, partner) = (pair[0], pair[1])
            let member = WebBrowser(browser.client)
            try await member.signIn(member: me)
            let home = try await member.get("/me")
            #expect(home.text.contains("href=\"/me/groups\"") && home.text.contains("href=\"/me/rounds\""))
            let groups = try await member.get("/me/groups")
            #expect(groups.status == .ok && groups.text.contains("Groups to join") && groups.text.contains("data-group=\""))
            #expect(groups.text.contains("class=\"reasons\"><li>"))
            let mine = try await member.get("/me/rounds")
            #expect(mine.status == .ok && mine.text.contains("data-round=\"\(id)\"") && mine.listed.contains(partner))
            #expect(!mine.listed.contains(me))
            // The partner opts out: gone from the member's rounds, the organiser's round and its CSV.
            let other = WebBrowser(browser.client)
            try await other.signIn(member: partner)
            let form = try await other.get("/me/profile")
            #expect(try await other.post("/me/profile", ["csrf": try #require(form.field("csrf")), "topics": "frailty"])
                .status == .seeOther)
            let after = try await member.get("/me/rounds")
            #expect(!after.listed.contains(partner) && !after.text.contains(partner))
            #expect(!(try await browser.get("/organiser/rounds/\(id)").text.contains(partner)))
            #expect(!(try await browser.get("/organiser/rounds/\(id)/csv").text.contains(partner)))
            // The member who opted out is told why their pages are empty.
            #expect(try await other.get("/me/rounds").text.contains("You have opted out"))
            #expect(try await other.get("/me/groups").text.contains("You have opted out"))
        }
    }

    @Test func programmePagesAreForTheRightPeople() async throws {
        try await serve { (browser, cast) async throws in
            let organiserPages = ["/organiser/rounds", "/organiser/rounds/1", "/organiser/rounds/1/csv", "/organiser/teams"]
            for uri in ["/me/groups", "/me/rounds"] + organiserPages {
                let page = try await browser.get(uri)
                #expect(page.status == .unauthorized && page.text.contains("Please sign in"), "\(uri)")
            }
            try await browser.signIn(member: cast.connected[0])
            let csrf = try await browser.csrf()
            for uri in organiserPages { #expect(try await browser.get(uri).status == .forbidden, "\(uri)") }
            #expect(try await browser.post("/organiser/rounds", ["csrf": csrf, "name": "x", "group": cast.group]).status
                == .forbidden)
            #expect(try await browser.post("/organiser/teams", ["csrf": csrf, "group": cast.group, "teams": "2"]).status
                == .forbidden)
            #expect(try await browser.post("/organiser/teams/csv", ["csrf": csrf, "group": cast.group, "teams": "2"]).status
                == .forbidden)
            let organiser = WebBrowser(browser.client)
            #expect(try await organiser.signInOrganiser().status == .seeOther)
            #expect(try await organiser.get("/me/groups").status == .forbidden)
            #expect(try await organiser.get("/me/rounds").status == .forbidden)
        }
    }

    @Test func organiserMakesTeamsAndDownloadsThem() async throws {
        try await serve { (browser, cast) async throws in
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let form = try await browser.get("/organiser/teams")
            #expect(form.status == .ok && form.text.contains("id=\"team-form\""))
            let csrf = try #require(form.field("csrf"))
            let fields = ["csrf": csrf, "group": cast.group, "minSize": "3", "maxSize": "4", "cover": "frailty; falls"]
            #expect(try await browser.post("/organiser/teams", fields.merging(["csrf": "wrong"]) { $1 }).status == .forbidden)
            let teams = try await browser.post("/organiser/teams", fields)
            #expect(teams.status == .ok && teams.text.contains("id=\"teams-heading\"") && teams.text.contains("data-team=\"1\""))
            #expect(teams.text.contains("<td>optimised</td>") && teams.text.contains("<td>random</td>"))
            let members = teams.listed
            #expect(!members.isEmpty && Set(members).count == members.count && !members.contains(cast.hidden))
            // The download carries the same form and gives the same teams.
            #expect(teams.text.contains("name=\"minSize\" value=\"3\"") && teams.text.contains("id=\"download-teams\""))
            let csv = try await browser.post("/organiser/teams/csv", fields)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "team,member_id,member_name,covered,missing,coverage,spread,cohesion")
            #expect(lines.dropFirst().map { String($0.split(separator: ",")[1]) } == members)
            #expect(try await browser.post("/organiser/teams/csv", fields.merging(["csrf": ""]) { $1 }).status == .forbidden)
            // A pool of members instead of a group.
            let pool = try await browser.post("/organiser/teams", ["csrf": csrf, "members": cast.connected.prefix(6)
                .joined(separator: ", "), "teams": "2"])
            #expect(pool.status == .ok && Set(pool.listed) == Set(cast.connected.prefix(6)))
        }
    }

    @Test func teamFormRefusesBadInputWithAPage() async throws {
        try await serve { (browser, cast) async throws in
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let csrf = try #require(try await browser.get("/organiser/teams").field("csrf"))
            let cases: [([String: String], HTTPResponse.Status, String)] = [
                (["group": cast.group, "minSize": "500", "maxSize": "600"], .unprocessableContent, "cannot partition"),
                (["group": cast.group, "teams": "5000"], .unprocessableContent, "cannot make"),
                (["group": "no-such-group", "teams": "2"], .notFound, "no-such-group"),
                (["members": "\(cast.connected[0]) no-such-member", "teams": "1"], .notFound, "no-such-member"),
                (["members": cast.hidden + " " + cast.connected[0], "teams": "1"], .notFound, cast.hidden),
                (["group": cast.group, "minSize": "2", "maxSize": "3", "teams": "2"], .badRequest, "not both"),
                (["group": cast.group, "minSize": "2"], .badRequest, "largest team size"),
                (["group": cast.group, "teams": "two"], .badRequest, "Number of teams"),
                (["teams": "2"], .badRequest, "Choose a group"),
                (["group": cast.group, "members": cast.connected[0], "teams": "2"], .badRequest, "not both"),
            ]
            for (fields, status, text) in cases {
                let refused = try await browser.post("/organiser/teams", fields.merging(["csrf": csrf]) { $1 })
                #expect(refused.status == status && refused.text.contains(text), "\(fields): \(refused.status)")
                #expect(refused.text.contains("id=\"team-problem\"") && !refused.text.contains("id=\"teams-heading\""))
            }
        }
    }

    @Test func roundPagesAndCSVEscapeWhatPeopleTyped() async throws {
        try await serve { (browser, cast) async throws in
            let name = #"=HYPERLINK("http://x.example","<script>alert(1)</script>"), "q""#
            let json = """
                {"name": \(String(decoding: try JSONEncoder().encode(name), as: UTF8.self)), "groups": ["\(cast.group)"],
                 "topics": ["frailty"]}
                """
            #expect(try await browser.client.request(.put, "/v1/members/x-formula", token: testAdminToken, json: json)
                .status == .created)
            #expect(try await browser.signInOrganiser().status == .seeOther)
            let (id, page) = try await opened(browser, try await makeRound(browser, group: cast.group, name: "@SUM(1+1)"))
            #expect(page.listed.contains("x-formula"))
            #expect(!page.text.contains("<script>alert(1)") && page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let csv = try await browser.get("/organiser/rounds/\(id)/csv").text
            #expect(csv.contains(#","'=HYPERLINK(""http://x.example"",""<script>alert(1)</script>""), ""q"""#))
            #expect(csv.contains("\r\n\(id),'@SUM(1+1),") && !csv.contains(",=") && !csv.contains(",@"))
        }
    }

    static let cells: [(String, String)] = [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("=1+1", "'=1+1"), ("+A1", "'+A1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\r=1", "\"'\r=1\""), ("=A1,B2", "\"'=A1,B2\""), ("=\"x\"", "\"'=\"\"x\"\"\""), ("a=b", "a=b"), ("", ""),
    ]

    @Test(arguments: cells)
    func csvCellsAreQuotedAndCannotRunFormulas(_ text: String, _ expected: String) {
        #expect(CSVText.spreadsheetField(text) == expected)
    }
}
