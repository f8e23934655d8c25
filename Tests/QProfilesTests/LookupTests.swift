import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// Nearest names, the not-found wording, and resolving typed filter values against the store.
@Suite struct LookupTests {
    @Test(arguments: [("kitten", "sitting", 3), ("recomend", "recommend", 1), ("m00123", "m000123", 1),
                      ("abc", "abc", 0), ("", "ab", 2), ("ABC", "abc", 0), ("flaw", "lawn", 2)])
    func editDistanceIsLevenshtein(_ a: String, _ b: String, _ distance: Int) {
        #expect(NearestNames.editDistance(a, b, limit: 3) == distance)
        #expect(NearestNames.editDistance(b, a, limit: 3) == distance)
        if distance > 0 { #expect(NearestNames.editDistance(a, b, limit: distance - 1) == nil) }
    }

    @Test func nearestPrefersFewerEditsThenPrefixes() {
        let names = ["sig-falls", "sig-falls-prevention", "sig-frailty", "lab-2020", "sig-fall-risk-long-name"]
        #expect(NearestNames.nearest(to: "sig-fall", in: names) == ["sig-falls", "sig-falls-prevention", "sig-fall-risk-long-name"])
        #expect(NearestNames.nearest(to: "SIG-FALLS", in: names).first == "sig-falls")
        #expect(NearestNames.nearest(to: "zzz", in: names).isEmpty)
        #expect(NearestNames.nearest(to: "recomend", in: ["recommend", "recruit", "generate"], count: 1) == ["recommend"])
    }

    @Test func notFoundIsWordedOneWay() {
        #expect(NotFoundMessage.text("member", "m00123", suggestions: ["m000123"])
                == "no member 'm00123' (did you mean m000123?)")
        #expect(NotFoundMessage.text("group", "x", suggestions: ["a", "b", "c"]) == "no group 'x' (did you mean a, b or c?)")
        #expect(NotFoundMessage.text("member", "x", suggestions: []) == "no member 'x'")
        #expect(NotFoundMessage.text("sector", "acutee", suggestions: ["acute"], valid: ["academic", "acute"])
                == "no sector 'acutee' (did you mean acute? valid: academic, acute)")
        let many = (1...25).map { "v\($0)" }
        #expect(NotFoundMessage.text("role", "x", suggestions: [], valid: many)
                == "no role 'x' (valid: " + many.prefix(20).joined(separator: ", ") + ", … (25 in all))")
    }

    @Test(arguments: StoreKind.allCases)
    func fieldValuesComeFromDiscoverableMembersAndAcceptDisplayedForms(_ kind: StoreKind) async throws {
        let values = try await Sample.withStore(kind) { store, _ in try await store.fieldValues() }
        #expect(values.values["sector"] == ["academic", "acute"], "m2 (primary-care) is not discoverable")
        #expect(values.values["nation"] == ["Scotland", "Wales"])
        #expect(values.fields == ["region", "nation", "sector", "role", "team"])
        #expect(try values.value("ACUTE", of: "sector") == "acute")
        #expect(try values.value("scotland", of: "region") == "Scotland")
        #expect(try values.value("ward a", of: "team") == "ward-a")
        #expect(try values.field("Team") == "team")
        #expect(try values.group("Falls prevention") == "sig-falls")
        #expect(try values.group("sig-falls") == "sig-falls")
        #expect(throws: ProfileError.invalidInput("no sector 'primary care' (valid: academic, acute)")) {
            try values.value("primary care", of: "sector")
        }
        #expect(throws: ProfileError.invalidInput("no field 'colour' (valid: region, nation, sector, role, team)")) {
            try values.field("colour")
        }
        #expect(throws: ProfileError.invalidInput("no group 'sig-fall' (did you mean sig-falls?)")) {
            try values.group("sig-fall")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func lookupsTreatHiddenMembersAsUnknownAndNeverSuggestThem(_ kind: StoreKind) async throws {
        // `async throws`: every `try` of this closure is inside a macro, which its inference does not see.
        try await Sample.withStore(kind) { store, _ async throws in
            #expect(try await store.visibleMember("m1").name == "Ada Lovelace")
            #expect(try await store.existingMember("m2").id == "m2", "a member asking about themselves")
            await #expect(throws: ProfileError.notFound("no member 'm2' (did you mean m1 or m3?)")) {
                try await store.visibleMember("m2")
            }
            await #expect(throws: ProfileError.notFound("no member 'm4' (did you mean m1 or m3?)")) {
                try await store.existingMember("m4")
            }
            #expect(try await store.memberSuggestions(for: "ada lovelac") == ["m1 (Ada Lovelace)"])
            #expect(try await store.memberSuggestions(for: "Bob Smith").isEmpty, "a hidden member's name is not suggested")
            await #expect(throws: ProfileError.notFound("no group 'lab-pear' (did you mean lab-peer?)")) {
                try await store.group("lab-pear")
            }
            #expect(try await store.discoverableGroupSizes() == ["sig-falls": 1])
            #expect(try await store.groupNames(["lab-peer", "sig-none"]) == ["lab-peer": "Peer support lab"])
        }
    }
}
