import Foundation
import Testing

/// `qmatch knn` and `knn --approximate` on bring-your-own `.npy` embeddings.
@Suite struct KNNTests {
    /// A `.npy` file of float32 `rows × columns`, C order; `values` nil: a sparse file of that shape (only
    /// the header is written, the data are a hole).
    static func writeNpy(_ path: String, rows: Int, columns: Int, values: [Float]?) throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        let headerSize = data.count
        if let values { values.withUnsafeBytes { data.append(contentsOf: $0) } }
        try data.write(to: URL(fileURLWithPath: path))
        if values == nil {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: UInt64(headerSize + rows * columns * 4))
            try handle.close()
        }
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qmatch-knn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func approximateProbingEveryListWritesTheExactAnswer() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = 300, columns = 8
        var state: UInt64 = 7
        let values = (0..<(rows * columns)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 2001 - 1000) / 1000
        }
        let input = directory.appendingPathComponent("v.npy").path
        try Self.writeNpy(input, rows: rows, columns: columns, values: values)
        func run(_ extra: [String], _ name: String) throws -> Data {
            let i = directory.appendingPathComponent("\(name)-i.npy").path
            let s = directory.appendingPathComponent("\(name)-s.npy").path
            let output = try CLI.run(["knn", "--vectors", input, "--k", "5", "--out-indices", i, "--out-scores", s] + extra)
            try #require(output.status == 0, "\(output)")
            return try Data(contentsOf: URL(fileURLWithPath: i))
        }
        let exact = try run([], "exact")
        #expect(try run(["--approximate", "--lists", "6", "--probes", "6"], "all") == exact)
        let approximate = try run(["--approximate", "--lists", "6", "--probes", "2"], "some")
        #expect(approximate.count == exact.count, "same shape, (300, 5) int32")
    }

    @Test(arguments: [["--lists", "4"], ["--approximate", "--probes", "0"], ["--approximate", "--lists", "0"]])
    func badApproximateSettingsAreUsageErrors(_ extra: [String]) throws {
        let output = try CLI.run(["knn", "--vectors", "v.npy", "--k", "3", "--out-indices", "i.npy",
                                  "--out-scores", "s.npy"] + extra)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("--lists") || output.stderr.contains("--probes"), "\(output)")
    }

    @Test func aNpyTooLargeForMemoryIsRefusedBeforeAnyWork() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("huge.npy").path
        // 2^25 × 1024 float32 = 128 GiB, as a sparse file: the check reads the header only.
        try Self.writeNpy(input, rows: 1 << 25, columns: 1_024, values: nil)
        let i = directory.appendingPathComponent("i.npy").path, s = directory.appendingPathComponent("s.npy").path
        let output = try CLI.run(["knn", "--vectors", input, "--k", "10", "--out-indices", i, "--out-scores", s,
                                  "--approximate"])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("needs about") && output.stderr.contains("available"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: i) && !FileManager.default.fileExists(atPath: s))
    }
}
