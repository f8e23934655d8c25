import Foundation
import StoreTesting
import Testing
@testable import QProfiles

/// One kind of bad input: the file to put in place of the sample's, and what the message must say.
struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let bytes: [UInt8]
    /// Substrings the error message must contain, in order of appearance not required.
    let expected: [String]

    init(_ name: String, _ file: String, _ text: String, _ expected: String...) {
        self.init(name, file, bytes: Array(text.utf8), expected)
    }

    init(_ name: String, _ file: String, bytes: [UInt8], _ expected: [String]) {
        self.name = name
        self.file = file
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}

let memberHeader = "id,name,joined,discoverable,groups\n"
let badInputs: [BadInput] = [
    BadInput("missing id", "members.csv", memberHeader + "x1,Ann,,,\n,Bob,,,\n",
             "members.csv:3: column 'id': missing (expected an id)"),
    BadInput("duplicate id", "members.csv", memberHeader + "x1,Ann,,,\nx2,Bob,,,\nx1,Cy,,,\n",
             "members.csv:4: column 'id': duplicate id 'x1' (first on line 2; expected each id once)"),
    BadInput("forbidden characters in id", "members.csv", memberHeader + "x/1,Ann,,,\n",
             "members.csv:2: column 'id': 'x/1' contains '/' (expected 1-64 characters of A-Z a-z 0-9 . _ : -)"),
    BadInput("id too long", "members.csv", memberHeader + String(repeating: "a", count: 65) + ",Ann,,,\n",
             "members.csv:2: column 'id':", "(expected 1-64 characters)"),
    BadInput("impossible date", "members.csv", memberHeader + "x1,Ann,2019-02-30,,\n",
             "members.csv:2: column 'joined': '2019-02-30' is not a valid date (expected YYYY-MM-DD"),
    BadInput("not a date", "members.csv", memberHeader + "x1,Ann,last week,,\n",
             "members.csv:2: column 'joined': 'last week' is not a valid date"),
    BadInput("non-boolean discoverable", "members.csv", memberHeader + "x1,Ann,,maybe,\n",
             "members.csv:2: column 'discoverable': 'maybe' is not a boolean (expected true or false)"),
    BadInput("unknown group", "members.csv", memberHeader + "x1,Ann,,,sig-falls;sig-nope\n",
             "members.csv:2: column 'groups': unknown group 'sig-nope'"),
    BadInput("unknown member", "connections.csv", "source,target\nm1,m2\nm1,ghost\n",
             "connections.csv:3: column 'target': unknown member 'ghost'"),
    BadInput("unknown source member", "connections.csv", "source,target\nzz-ghost,m2\n",
             "connections.csv:2: column 'source': unknown member 'zz-ghost'"),
    BadInput("self-connection", "connections.csv", "source,target\nm1,m1\n",
             "connections.csv:2: column 'target': 'm1' is the source itself (expected two different members)"),
    BadInput("zero weight", "connections.csv", "source,target,weight\nm1,m2,0\n",
             "connections.csv:2: column 'weight': 0 is not allowed (expected a finite number greater than 0)"),
    BadInput("negative weight", "connections.csv", "source,target,weight\nm1,m2,-2\n",
             "connections.csv:2: column 'weight': -2 is not allowed"),
    BadInput("non-numeric weight", "connections.csv", "source,target,weight\nm1,m2,heavy\n",
             "connections.csv:2: column 'weight': 'heavy' is not a number (expected a number greater than 0)"),
    BadInput("bad connection date", "connections.csv", "source,target,created\nm1,m2,2021-13-01\n",
             "connections.csv:2: column 'created': '2021-13-01' is not a valid date"),
    BadInput("unbalanced quote", "members.csv", memberHeader + "x1,\"Ann,,,\nx2,Bob,,,\n",
             "members.csv:2: column 'name': unterminated quoted field (expected a closing '\"'"),
    BadInput("stray quote", "members.csv", memberHeader + "x1,An\"n,,,\n",
             "members.csv:2: column 'name': stray '\"' in an unquoted field"),
    BadInput("too many fields", "members.csv", memberHeader + "x1,Ann,,,,extra\n",
             "members.csv:2: row has 6 fields (expected 5, as in the header)"),
    BadInput("too few fields", "members.csv", memberHeader + "x1,Ann\n",
             "members.csv:2: row has 2 fields (expected 5, as in the header)"),
    BadInput("invalid UTF-8", "members.csv", bytes: Array(memberHeader.utf8) + Array("x1,Ann".utf8) + [0xFF, 0xFE]
             + Array(",,,\n".utf8), ["members.csv:2: column 'name': invalid UTF-8"]),
    BadInput("empty file", "members.csv", "", "members.csv: the file is empty"),
    BadInput("blank file", "groups.csv", "\n\r\n  \n", "groups.csv: the file is empty"),
    BadInput("header without id", "members.csv", "name,region\nAnn,Wales\n",
             "members.csv:1: column 'id': missing from the header"),
    BadInput("connections header without target", "connections.csv", "source,weight\nm1,1\n",
             "connections.csv:1: column 'target': missing from the header"),
    BadInput("duplicate header column", "members.csv", "id,name,name\nx1,a,b\n",
             "members.csv:1: column 'name': appears twice in the header"),
    BadInput("field of 10 MB", "members.csv", memberHeader + "x1," + String(repeating: "a", count: 10 << 20) + ",,,\n",
             "members.csv:2: column 'name': field is 10485760 bytes long (expected at most 1048576 bytes)"),
    BadInput("bio longer than free text allows", "members.csv", "id,bio\nx1," + String(repeating: "b", count: 30_000) + "\n",
             "members.csv:2: column 'bio': text is 30000 characters long (expected at most 20000)"),
    BadInput("unknown group kind", "groups.csv", "id,kind\ng1,club\n",
             "groups.csv:2: column 'kind': 'club' is not a group kind (expected one of sig, lab, exchange, event, programme, other)"),
    BadInput("JSON line that is not an object", "members.jsonl", "{\"id\":\"x1\"}\n[1,2]\n",
             "members.jsonl:2: not a JSON object"),
    BadInput("JSON wrong type", "members.jsonl", "{\"id\":\"x1\",\"topics\":{\"a\":1}}\n",
             "members.jsonl:1: column 'topics': got an object or an array of non-strings (expected a list"),
    BadInput("JSON list item with separator", "members.jsonl", "{\"id\":\"x1\",\"topics\":[\"a;b\"]}\n",
             "members.jsonl:1: column 'topics': item 'a;b' contains ';'"),
]

@Suite struct ImportRejectionTests {
    @Test(arguments: StoreKind.allCases, badInputs)
    func rejectsBadInputAndChangesNothing(_ kind: StoreKind, _ bad: BadInput) async throws {
        try await Sample.withStore(kind, withFeedback: true) { store, temporary in
            let before = try await StoreSnapshot(store)
            let directory = try Sample.directory(in: temporary, name: "bad")
            // A .jsonl replaces the .csv of the same table.
            let table = (bad.file as NSString).deletingPathExtension
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent("\(table).csv"))
            try temporary.write("bad/\(bad.file)", bytes: bad.bytes)
            let error = await #expect(throws: ProfileError.self) {
                _ = try await store.importFiles(ImportSources(directory: directory))
            }
            let message = error?.description ?? ""
            for expected in bad.expected {
                #expect(message.contains(expected), "message was: \(message.prefix(300))")
            }
            #expect(message.contains(directory), "the message names the file with its path")
            #expect(try await StoreSnapshot(store) == before, "the store changed")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rejectsAMissingFile(_ kind: StoreKind) async throws {
        try await Sample.withStore(kind) { store, temporary in
            let before = try await StoreSnapshot(store)
            let missing = temporary.file("nope/members.csv")
            let error = await #expect(throws: ProfileError.self) {
                _ = try await store.importFiles(ImportSources(members: missing))
            }
            #expect(error?.description == "\(missing): no such file")
            #expect(try await StoreSnapshot(store) == before)
            #expect(throws: ProfileError.self) { try ImportSources(directory: temporary.file("nope")) }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func reportsEveryProblemNotJustTheFirst(_ kind: StoreKind) async throws {
        let temporary = try TemporaryDirectory()
        try temporary.write("m.csv", "id,joined\nbad id,\nx2,2019-02-30\nx3,\n")
        try await withStore(kind) { store in
            let error = await #expect(throws: ProfileError.self) {
                _ = try await store.importFiles(ImportSources(members: temporary.file("m.csv")))
            }
            let lines = (error?.description ?? "").split(separator: "\n")
            #expect(lines.count == 3)
            #expect(lines[0].contains("m.csv:2:") && lines[1].contains("m.csv:3:"))
            #expect(lines[2].contains("nothing was imported"))
            let count = try await store.memberCount()
            #expect(count == 0)
        }
    }
}
