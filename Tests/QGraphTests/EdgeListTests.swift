import Foundation
import Testing
@testable import QGraph

/// TSV edge lists: what is accepted, and a test per rejection path.
@Suite struct EdgeListTests {
    @Test func parsesCommentsBlankLinesCRLFAndWeights() throws {
        let text = "# members\r\n\r\nb\ta\t2.5\r\n  # indented comment\n10\t9\n9\t2\t1e-1\n \t \n2\ta\n"
        let labeled = try EdgeListReader.parse(text, file: "E.tsv")
        // Numeric ids first, numerically; then the others by bytes.
        #expect(labeled.ids == ["2", "9", "10", "a", "b"])
        let graph = labeled.graph
        #expect(graph.edgeCount == 4)
        let a = try #require(labeled.node("a")), b = try #require(labeled.node("b"))
        #expect(graph.weight(between: a, and: b) == 2.5)
        #expect(graph.weight(between: labeled.node("9")!, and: labeled.node("2")!) == Float(0.1))
        #expect(labeled.node("zz") == nil)
        #expect(labeled.node("") == nil)
    }

    @Test func duplicatePairsKeepTheLargerWeight() throws {
        let labeled = try EdgeListReader.parse("a\tb\t1\nb\ta\t3\na\tb\n", file: "E.tsv")
        #expect(labeled.graph.edgeCount == 1)
        #expect(labeled.graph.weight(between: 0, and: 1) == 3)
    }

    @Test func emptyFileGivesAnEmptyGraph() throws {
        let labeled = try EdgeListReader.parse("# nothing\n\n", file: "E.tsv")
        #expect(labeled.graph.nodeCount == 0)
    }

    static let rejections: [(text: String, message: String)] = [
        ("a\tb\nc\n", "E.tsv:2: 1 field (expected source<TAB>target[<TAB>weight], separated by tabs)"),
        ("a b\n", "E.tsv:1: 1 field (expected source<TAB>target[<TAB>weight], separated by tabs)"),
        ("a\tb\n\na\tb\t1\t2\n", "E.tsv:3: 4 tab-separated fields (expected source<TAB>target[<TAB>weight])"),
        ("a\tb\tx1\n", "E.tsv:1: column 'weight': 'x1' is not a number (expected a number greater than 0)"),
        ("a\tb\t\n", "E.tsv:1: column 'weight': '' is not a number (expected a number greater than 0)"),
        ("a\tb\t-1\n", "E.tsv:1: column 'weight': -1 is not greater than 0 (expected a positive weight)"),
        ("# c\na\tb\t0\n", "E.tsv:2: column 'weight': 0 is not greater than 0 (expected a positive weight)"),
        ("a\tb\tinf\n", "E.tsv:1: column 'weight': inf is out of range (expected a positive weight from 1e-38 to 3e38)"),
        ("a\tb\t1e300\n", "E.tsv:1: column 'weight': 1e300 is out of range (expected a positive weight from 1e-38 to 3e38)"),
        ("a\tb\n\nx\tx\n", "E.tsv:3: column 'target': self loop on 'x' (expected two different nodes)"),
        ("\tb\n", "E.tsv:1: column 'source': empty (expected a node id)"),
        ("a\t \n", "E.tsv:1: column 'target': empty (expected a node id)"),
    ]

    @Test(arguments: rejections)
    func rejectsMalformedLines(_ rejection: (text: String, message: String)) {
        let error = failure { () throws(GraphError) in _ = try EdgeListReader.parse(rejection.text, file: "E.tsv") }
        #expect(error?.isMalformedEdgeList == true)
        #expect(error?.description == rejection.message)
    }

    @Test func rejectsInvalidUTF8() throws {
        let path = NSTemporaryDirectory() + "qgraph-utf8-\(getpid()).tsv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x61, 0x09, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        let error = failure { () throws(GraphError) in _ = try EdgeListReader.read(path: path) }
        #expect(error?.description.hasSuffix(":1: column 'target': not valid UTF-8 (expected a node id)") == true)
    }

    @Test func reportsAMissingFile() {
        let error = failure { () throws(GraphError) in _ = try EdgeListReader.read(path: "/nonexistent/E.tsv") }
        #expect(error?.description == "/nonexistent/E.tsv: no such file")
    }
}

/// The error `body` throws, or nil when it succeeds.
func failure(_ body: () throws(GraphError) -> Void) -> GraphError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Id order and weight parsing details.
@Suite struct EdgeListOrderTests {
    @Test func ordersNumericIdsByValueAndFindsEveryId() throws {
        let ids = ["10", "9", "007", "7", "0", "a", "B", "x1", "123456789012345678901", "2", "é"]
        let text = zip(ids, ids.dropFirst()).map { "\($0)\t\($1)" }.joined(separator: "\n")
        let labeled = try EdgeListReader.parse(text, file: "E.tsv")
        #expect(labeled.ids == ["0", "2", "7", "9", "10", "007", "123456789012345678901", "B", "a", "x1", "é"])
        for id in ids { #expect(labeled.ids[try #require(labeled.node(id))] == id) }
    }

    @Test(arguments: ["1", "0.5", "2.25", "0.3", "12.000", "1e-3", "3.4E+2", "0.1000000000000000055511151231257827"])
    func readsWeightsLikeDouble(_ text: String) throws {
        let labeled = try EdgeListReader.parse("a\tb\t\(text)\n", file: "E.tsv")
        #expect(labeled.graph.weights[0] == Float(try #require(Double(text))))
    }
}
