/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the same stream on
/// every platform, which makes community detection and sampling reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (bound > 0), by multiply-shift (bias below 2⁻³² for our sizes).
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        Int((UInt64(truncatingIfNeeded: bound).multipliedFullWidth(by: next())).high)
    }

    /// Shuffles `buffer` in place (Fisher–Yates) with this generator.
    /// - Complexity: O(`buffer.count`).
    public mutating func shuffle<T>(_ buffer: inout [T]) {
        guard buffer.count > 1 else { return }
        for index in stride(from: buffer.count - 1, to: 0, by: -1) {
            buffer.swapAt(index, below(index + 1))
        }
    }
}
