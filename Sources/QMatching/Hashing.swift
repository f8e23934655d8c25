/// FNV-1a, the project's one stable hash (unlike `Hasher`, the same on every run and platform): pair buckets
/// of the ranking blend, per-group seeds, and the index file's checksum (fed 64-bit words for speed).
struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    mutating func add(_ word: UInt64) { value = (value ^ word) &* Self.prime }

    mutating func add<S: Sequence>(bytes: S) where S.Element == UInt8 {
        for byte in bytes { add(UInt64(byte)) }
    }

    /// The hash of a text's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var hasher = FNV1a()
        hasher.add(bytes: text.utf8)
        return hasher.value
    }
}
