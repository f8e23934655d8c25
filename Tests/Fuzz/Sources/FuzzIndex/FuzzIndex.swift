import Foundation
@testable import QMatching

/// Keeps a 64-byte aligned copy of the input alive while the decoded index uses it in place.
final class AlignedBytes {
    let base: UnsafeMutableRawPointer
    let count: Int
    init(_ start: UnsafeRawPointer, count: Int) {
        self.count = count
        base = .allocate(byteCount: max(count, 1), alignment: 64)
        base.copyMemory(from: start, byteCount: count)
    }
    deinit { base.deallocate() }
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// libFuzzer target: the index file reader. The checksum would refuse almost every mutation before the
/// structural checks, so the input's checksum is recomputed unless the first payload byte says otherwise:
/// the fuzzer then explores the sections as a crafted file would present them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIndex(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let copy = AlignedBytes(start, count: count)
    if count > IndexFile.headerSize, count % 7 != 0 {
        let sum = IndexFile.checksum(UnsafeRawBufferPointer(rebasing: copy.bytes[IndexFile.headerSize...]))
        copy.base.storeBytes(of: sum.littleEndian, toByteOffset: 24, as: UInt64.self)
    }
    guard let index = try? IndexFile.decode(copy.bytes, owner: copy, source: "fuzz.qindex") else { return 0 }
    // An index that was accepted must be usable: touch what the matchers read.
    precondition(index.ids.count == index.interests.rows && index.facts.rows == index.ids.count)
    let view = ServingView(index: index, visibleIDs: Set(index.ids))
    let recommender = Recommender(view: view)
    for row in 0..<min(index.ids.count, 3) {
        _ = recommender.recommend(row: row, limit: 5)
        _ = view.similar(to: row, limit: 5)
    }
    _ = view.search("falls sepsis", limit: 5)
    return 0
}
