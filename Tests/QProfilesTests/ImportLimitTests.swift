import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// Bounds on what an import may make the store hold: extra columns, and weights the graph can carry.
@Suite struct ImportLimitTests {
    @Test(arguments: StoreKind.allCases)
    func jsonLinesWithANewKeyOnEveryLineStopAtTheCap(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        var text = ""
        for line in 1...200 { text += "{\"id\": \"k\(line)\", \"extra\(line)\": \"v\"}\n" }
        let path = try temporary.write("members.jsonl", text)
        try await withStore(kind) { store in
            let error = await #expect(throws: ProfileError.self) { try await store.importFiles(ImportSources(members: path)) }
            #expect(error?.description.contains("members.jsonl:65: column 'extra65': too many extra columns") == true,
                    "\(error?.description ?? "")")
            #expect(error?.description.contains("expected at most 64 extra keys") == true)
            #expect(try await store.memberCount() == 0)
            // With --skip-invalid the rows within the cap are imported, the others rejected one by one.
            let report = try await store.importFiles(ImportSources(members: path), skipInvalid: true)
            #expect(report.members == 64 && report.rejections.count == 136)
            let names = try await store.attributeNames()
            #expect(names.count == 64)
        }
    }

    @Test func aCSVHeaderBeyondTheCapIsRefused() async throws {
        let temporary = try TemporaryDirectory()
        let extra = (1...65).map { "x\($0)" }
        let path = try temporary.write("members.csv", "id,name," + extra.joined(separator: ",") + "\n"
            + "a,Ann" + String(repeating: ",v", count: 65) + "\n")
        let store = try ProfileStore(path: nil)
        let error = await #expect(throws: ProfileError.self) { try await store.importFiles(ImportSources(members: path)) }
        #expect(error?.description.contains("members.csv:1: column 'x65': the header has 65 columns besides the "
            + "known ones (expected at most 64 extra columns)") == true, "\(error?.description ?? "")")
    }

    @Test(arguments: StoreKind.allCases)
    func theStoreHoldsAtMost64ExtraColumnsInAll(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        let first = (1...60).map { "a\($0)" }, second = (1...10).map { "b\($0)" }
        let one = try temporary.write("one.csv", "id," + first.joined(separator: ",") + "\nm1"
            + String(repeating: ",v", count: 60) + "\n")
        let two = try temporary.write("two.csv", "id," + second.joined(separator: ",") + "\nm2"
            + String(repeating: ",v", count: 10) + "\n")
        try await withStore(kind) { store in
            _ = try await store.importFiles(ImportSources(members: one))
            let error = await #expect(throws: ProfileError.self) { try await store.importFiles(ImportSources(members: two)) }
            #expect(error?.description.contains("two.csv:1: would add 10 new extra columns") == true,
                    "\(error?.description ?? "")")
            #expect(try await store.member("m2") == nil)
            #expect(try await store.attributeNames() == first.sorted())
        }
    }

    /// The store API holds to the same cap.
    @Test func upsertsHoldToTheCapToo() async throws {
        let temporary = try TemporaryDirectory()
        let first = (1...60).map { "a\($0)" }, second = (1...10).map { "b\($0)" }
        let one = try temporary.write("one.csv", "id," + first.joined(separator: ",") + "\nm1"
            + String(repeating: ",v", count: 60) + "\n")
        let store = try ProfileStore(path: nil)
        _ = try await store.importFiles(ImportSources(members: one))
        let attributes = Dictionary(uniqueKeysWithValues: second.map { ($0, "v") })
        await #expect(throws: ProfileError.self) { try await store.upsert(Member(id: "m3", attributes: attributes)) }
        try await store.upsert(Member(id: "m3", attributes: ["a1": "w", "b1": "w", "b2": "w", "b3": "w", "b4": "w"]))
        #expect(try await store.attributeNames().count == 64)
    }

    @Test(arguments: StoreKind.allCases, ["1e39", "3.5e38", "1e300", "1e7", "1000001", "1e-50", "0.0000001"])
    func refusesWeightsTheGraphCannotCarry(_ kind: StoreKind, _ weight: String) async throws {
        try await Sample.withStore(kind) { store, temporary in
            let before = try await StoreSnapshot(store)
            let path = try temporary.write("c.csv", "source,target,weight\nm1,m3,1\nm1,m2,\(weight)\n")
            let error = await #expect(throws: ProfileError.self) {
                try await store.importFiles(ImportSources(connections: path))
            }
            #expect(error?.description.contains("c.csv:3: column 'weight':") == true, "\(error?.description ?? "")")
            #expect(error?.description.contains("from 0.000001 to 1000000") == true)
            #expect(try await StoreSnapshot(store) == before)
        }
    }

    /// The smallest and largest weights go in and come back exactly, on either store.
    @Test(arguments: StoreKind.allCases)
    func importsTheWholeRangeExactly(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind) { store, temporary in
            let path = try temporary.write("c.csv", "source,target,kind,weight\nm1,m3,a,1000000\nm1,m3,b,0.000001\n"
                + "m1,m3,c,0.1\nm1,m3,d,123456.789012345\n")
            _ = try await store.importFiles(ImportSources(connections: path))
            let weights = try await store.connections().filter { $0.source == "m1" && $0.target == "m3" }.map(\.weight)
            #expect(weights == [1e6, 1e-6, 0.1, 123456.789012345])
        }
    }

    @Test(arguments: [1e39, 3.5e38, .infinity, .nan, 0, -1, 1e-50, 1e6.nextUp])
    func theStoreAPIRefusesThemToo(_ weight: Double) async throws {
        let (store, _) = try await Sample.store()
        let error = await #expect(throws: ProfileError.self) { try await store.add(Connection("m1", "m3", weight: weight)) }
        #expect(error?.isInvalidInput == true)
        #expect(try await store.connectionCount() == 2)
        #expect(throws: ProfileError.self) {
            try JSONInput.connection(Data(#"{"source": "m1", "target": "m3", "weight": \#(weight.isFinite ? "\(weight)" : "1e999")}"#.utf8))
        }
    }

    @Test func acceptsTheWholeRange() async throws {
        let (store, _) = try await Sample.store()
        try await store.add(Connection("m1", "m3", kind: "a", weight: 1e6))
        try await store.add(Connection("m1", "m3", kind: "b", weight: 1e-6))
        #expect(try await store.connectionCount() == 4)
        for weight in [1e6, 1e-6] {
            #expect(Float(weight).isFinite && Float(weight) > 0 && Float(weight).isNormal)
        }
    }
}
