import Foundation
import Testing
@testable import QProfiles

/// List items are checked by Unicode scalar: a ';' or a line break hidden in a grapheme cluster with a
/// combining mark or an emoji modifier is still refused (schemathesis found ';🏻' accepted, then served
/// against the spec's pattern).
@Suite struct ListItemTests {
    @Test(arguments: ["a;\u{1F3FB}b", "x;\u{301}", "line\u{85}break", "para\u{2029}graph", "a\r\u{301}b"])
    func hiddenSeparatorsAndBreaksAreRefused(_ item: String) throws {
        let body = try JSONSerialization.data(withJSONObject: ["offers": [item]])
        #expect(throws: ProfileError.self) { _ = try JSONInput.memberUpdate(body, id: "m1") }
    }

    @Test func ordinaryItemsPass() throws {
        let body = try JSONSerialization.data(withJSONObject: ["offers": ["coaching 👍🏻", "café"]])
        let (member, _) = try JSONInput.memberUpdate(body, id: "m1")
        #expect(member.offers == ["coaching 👍🏻", "café"])
    }
}
