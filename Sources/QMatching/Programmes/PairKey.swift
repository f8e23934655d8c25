/// An unordered pair of rows as one integer key: the smaller row in the high half.
@inline(__always)
func pairKey(_ a: Int, _ b: Int) -> UInt64 {
    UInt64(UInt32(truncatingIfNeeded: min(a, b))) << 32 | UInt64(UInt32(truncatingIfNeeded: max(a, b)))
}

/// Which pairs a programme may not put together, as rows of the serving view.
public struct PairRules: Sendable {
    /// Never together: connected already, either dismissed the other, met within the `--no-repeat` window.
    public var forbidden: Set<UInt64> = []
    /// Together only when there is no other way to place everyone (earlier rounds, by default).
    public var discouraged: Set<UInt64> = []
    /// Members who were in a group of three or more in the last round (not again in a row).
    public var lastTrio: Set<Int> = []

    public init() {}

    public mutating func forbid(_ a: Int, _ b: Int) { forbidden.insert(pairKey(a, b)) }
    public mutating func discourage(_ a: Int, _ b: Int) { discouraged.insert(pairKey(a, b)) }
    public func isForbidden(_ a: Int, _ b: Int) -> Bool { forbidden.contains(pairKey(a, b)) }
    public func isDiscouraged(_ a: Int, _ b: Int) -> Bool { discouraged.contains(pairKey(a, b)) }
    /// Neither forbidden nor discouraged, and two different rows.
    public func allows(_ a: Int, _ b: Int) -> Bool {
        a != b && !forbidden.contains(pairKey(a, b)) && !discouraged.contains(pairKey(a, b))
    }
}
