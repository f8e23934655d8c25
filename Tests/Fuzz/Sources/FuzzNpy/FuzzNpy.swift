import Foundation
@testable import QMatching

/// libFuzzer target: the `.npy` reader (header parser, shape and size checks, data copy).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpy(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    guard let matrix = try? NpyFile.matrix(from: data, name: "fuzz.npy") else { return 0 }
    precondition(matrix.storage.count == matrix.rows * matrix.columns)
    return 0
}
