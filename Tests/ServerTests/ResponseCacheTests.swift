import Foundation
import Hummingbird
import HummingbirdTesting
import QMatching
import QProfiles
import Testing
@testable import QMatchServer

/// Kept recommendation answers are reused only while nothing they depend on has changed.
@Suite struct ResponseCacheTests {
    @Test func aKeptAnswerIsRetiredByTheWritesThatChangeItAndByChangesMadeOutsideTheServer() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let asker = cast.connected[0], uri = "/v1/members/\(cast.connected[0])/recommendations?limit=5"
        try await app.test(.router) { (client) async throws in
            let first = try await client.request(.get, uri)
            #expect(try await client.request(.get, uri).body == first.body)
            // A dismissal through the server: the dismissed member is gone from the next answer.
            let dismissed = try #require(try first.decode(Recommended.self).recommendations.first).id
            try await client.request(.post, "/v1/members/\(asker)/feedback", token: testAdminToken,
                                     json: #"{"other": "\#(dismissed)", "action": "dismiss"}"#)
            let second = try await client.request(.get, uri).decode(Recommended.self)
            #expect(!second.recommendations.contains { $0.id == dismissed })
            // A member hidden by another process writing the store (an import): never served from the cache.
            let hidden = try #require(second.recommendations.first).id
            let store = try ProfileStore(path: arguments.databasePath)
            var member = try #require(try await store.member(hidden))
            member.discoverable = false
            try await store.upsert(member)
            let third = try await client.request(.get, uri).decode(Recommended.self)
            #expect(!third.recommendations.contains { $0.id == hidden })
        }
        _ = directory
    }

    @Test func aMutualConnectionHiddenByAnotherProcessIsNeverNamedByAKeptAnswer() async throws {
        let (directory, arguments) = try await SeededCommunity.serve()
        let cast = try await SeededCommunity.cast(arguments.databasePath ?? "")
        let app = try await buildApplication(arguments)
        let store = try ProfileStore(path: arguments.databasePath)
        var byName: [String: MemberID] = [:]
        try await store.forEachMember { byName[$0.name] = $0.id }
        let names = byName
        try await app.test(.router) { (client) async throws in
            // An answer whose reasons name a mutual connection (now kept).
            var found: (uri: String, name: String)?
            for asker in cast.connected.prefix(80) where found == nil {
                let uri = "/v1/members/\(asker)/recommendations?limit=10"
                let answer = try await client.request(.get, uri).decode(Recommended.self)
                for reason in answer.recommendations.flatMap(\.reasons) {
                    if let range = reason.range(of: "a mutual connection: ") {
                        found = (uri, String(reason[range.upperBound...]))
                        break
                    }
                }
            }
            let (uri, name) = try #require(found)
            let mutual = try #require(names[name])
            #expect(try await client.request(.get, uri).decode(Recommended.self).recommendations.flatMap(\.reasons)
                .contains { $0.contains(name) })
            // Another process (an import, say) opts the mutual connection out.
            var member = try #require(try await store.member(mutual))
            member.discoverable = false
            try await store.upsert(member)
            let after = try await client.request(.get, uri).decode(Recommended.self)
            #expect(!after.recommendations.flatMap(\.reasons).contains { $0.contains(name) })
        }
        _ = directory
    }

    @Test func theCacheIsBoundedInBytesAndDropsTheLeastRecentlyUsedFirst() {
        let cache = ResponseCache(bytes: 100_000, entries: 1_000_000, lifetime: .seconds(60))
        let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: 5_000)
        for index in 0..<100 {
            cache.store("k\(index)", cache.entry(body: body, ids: ["m\(index)"]), ticket: cache.ticket())
            // The first answer is asked for again and again: it stays while others come and go.
            #expect(cache.entry("k0") != nil)
        }
        let usage = cache.usage
        #expect(usage.bytes <= 100_000 && usage.entries >= 10 && usage.entries < 20)
        #expect(cache.entry("k1") == nil && cache.entry("k99") != nil)
        // An answer that alone would take more than an eighth of the bound is not kept.
        let large = ByteBuffer(repeating: UInt8(ascii: "y"), count: 13_000)
        cache.store("large", cache.entry(body: large, ids: ["m1"]), ticket: cache.ticket())
        #expect(cache.entry("large") == nil)
        // Bounded by entries too.
        let few = ResponseCache(bytes: 1 << 30, entries: 8, lifetime: .seconds(60))
        for index in 0..<50 { few.store("k\(index)", few.entry(body: body, ids: ["m"]), ticket: few.ticket()) }
        #expect(few.usage.entries <= 8 && few.entry("k49") != nil)
    }

    @Test func aWriteRetiresOnlyTheAnswersItCanChange() {
        let cache = ResponseCache(bytes: 1 << 20, entries: 1_000, lifetime: .seconds(60))
        let body = ByteBuffer(string: "{}")
        // Keys name the asker; ids: the asker, the suggestions, the mutual connections counted.
        let answers: [String: [MemberID]] = ["a": ["a", "b", "c"], "b": ["b", "a"], "d": ["d", "e", "m"],
                                             "f": ["f", "g"], "h": ["h", "i"]]
        func keep() { for (key, ids) in answers { cache.store(key, cache.entry(body: body, ids: ids), ticket: cache.ticket()) } }
        func kept() -> Set<String> { Set(answers.keys.filter { cache.entry($0) != nil }) }
        keep()
        #expect(kept() == Set(answers.keys))
        cache.retire(.askedBy("a"))  // a's dismissal: a's own answer only, not b's, which names a
        #expect(kept() == ["b", "d", "f", "h"])
        keep()
        cache.retire(.involving("m"))  // m opted out: d's answer counts m
        #expect(kept() == ["a", "b", "f", "h"])
        keep()
        cache.retire(.involving("a"))  // a edited: a's answer and b's, which names a
        #expect(kept() == ["d", "f", "h"])
        keep()
        cache.retire(.askedByEither("f", "h"))  // f and h connected
        #expect(kept() == ["a", "b", "d"])
        keep()
        cache.retire(.nothing)
        #expect(kept() == Set(answers.keys))
        cache.retire(.everything)
        #expect(kept().isEmpty && cache.usage.bytes == 0)
    }

    @Test func anAnswerComputedWhileAWriteChangedItIsNotKept() {
        let cache = ResponseCache(bytes: 1 << 20, entries: 1_000, lifetime: .seconds(60))
        let body = ByteBuffer(string: "{}")
        let ticket = cache.ticket()  // a computation starts
        cache.retire(.involving("b"))  // meanwhile b is erased
        cache.store("a", cache.entry(body: body, ids: ["a", "b"]), ticket: ticket)
        cache.store("c", cache.entry(body: body, ids: ["c", "d"]), ticket: ticket)
        #expect(cache.entry("a") == nil && cache.entry("c") != nil)
        // A ticket older than the retirements remembered: nothing is kept.
        let old = cache.ticket()
        for index in 0...ResponseCache.retirementLog { cache.retire(.askedBy("x\(index)")) }
        cache.store("e", cache.entry(body: body, ids: ["e"]), ticket: old)
        #expect(cache.entry("e") == nil)
    }

    @Test func requestsThatGetTheSameAnswerShareAKey() {
        func key(_ region: String?, _ sector: String? = nil) -> String {
            RecommendationRequest(id: "m1", limit: 10, explain: false,
                                  filters: RecommendFilters(region: region, sector: sector)).key
        }
        #expect(key("Wales") == key("wales") && key(" WALES ") == key("wales"))
        #expect(key("Wales") != key("Scotland") && key(nil, "wales") != key("wales"))
    }
}
