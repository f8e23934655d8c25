import Mustache
import QProfiles
import Testing
@testable import QMatchServer

/// The page rows that answer mustache by name (`WebPages+Lookup.swift`) answer for every stored property, as
/// `Mirror` would: a property added later but not listed would silently render empty.
@Suite struct WebLookupTests {
    static var rows: [any MustacheParent] { [
        MemberPages.Person(id: "m", name: "M", reasons: ["r"]),
        OrganiserPages.MapContent.Row(number: 1, size: "2", label: "l", href: "/h"),
        OrganiserRoundPages.RoundContent.Group(number: 1, members: [], weight: "0.5", reasons: []),
        OrganiserRoundPages.ListContent.Row(id: 1, href: "/h", name: "n", group: "g", date: "d", participants: 2,
                                            groups: 1, met: 0),
    ] }

    @Test func rowsAnswerForEveryStoredProperty() {
        for row in Self.rows {
            for child in Mirror(reflecting: row).children {
                let label = child.label ?? ""
                #expect(row.child(named: label) != nil, "\(type(of: row)).\(label)")
                #expect(String(describing: row.child(named: label) ?? "") == String(describing: child.value),
                        "\(type(of: row)).\(label)")
            }
            #expect(row.child(named: "csrf") == nil, "unknown names fall through to the page")
        }
    }

    @Test func aRowRendersAsThroughMirror() throws {
        let template = try MustacheTemplate(string: "{{#people}}<a href=\"{{href}}\">{{name}}</a>{{#reasons}}[{{.}}]{{/reasons}}{{csrf}}{{/people}}")
        let people = [MemberPages.Person(id: "x", name: "<b>&", reasons: ["one", "<i>"])]
        let html = template.render(["people": people, "csrf": "token"] as [String: Any])
        #expect(html == "<a href=\"/members/x\">&lt;b&gt;&amp;</a>[one][&lt;i&gt;]token")
    }
}

/// The group select's options, escaped once and kept.
@Suite struct GroupChoicesTests {
    @Test func optionsAreEscapedAndOneIsSelected() {
        let choices = OrganiserData.GroupChoices([Group(id: "g1", name: "<b>Falls & frailty</b>"), Group(id: "g-2"),
                                                  Group(id: "g3", name: "\"quoted\" 'name'")])
        #expect(choices.html(selected: nil) == "<option value=\"g1\">&lt;b&gt;Falls &amp; frailty&lt;/b&gt; (g1)</option>"
            + "<option value=\"g-2\">g-2</option><option value=\"g3\">&quot;quoted&quot; &#39;name&#39; (g3)</option>")
        #expect(choices.html(selected: "g-2").contains("<option value=\"g-2\" selected>g-2</option>"))
        #expect(choices.html(selected: "g-2").components(separatedBy: " selected").count == 2)
        #expect(!choices.html(selected: "nope").contains(" selected"))
    }
}
