import QLinearAlgebra
import QGraph
import QProfiles

/// Splits a community's connections into what is known and what is hidden, pair by pair: the newest pairs
/// by `created` (temporal), or a seeded random share when too few connections carry a date.
public struct HistorySplit: Sendable {
    public enum Mode: String, Sendable, CaseIterable { case temporal, random }

    public let known: [Connection]
    /// Hidden pairs, `source < target`.
    public let hidden: [(MemberID, MemberID)]
    public let mode: Mode

    /// - Parameter fraction: the share of distinct pairs to hide (0...0.9).
    public init(_ connections: [Connection], fraction: Double, mode: Mode = .temporal, seed: UInt64 = 1) {
        struct Pair: Hashable { let a: MemberID, b: MemberID }
        var first: [Pair: String] = [:]
        var order: [Pair] = []
        for connection in connections {
            let pair = Pair(a: connection.source, b: connection.target)
            let date = connection.created ?? ""
            if let seen = first[pair] {
                if !date.isEmpty, seen.isEmpty || date < seen { first[pair] = date }
            } else {
                first[pair] = date
                order.append(pair)
            }
        }
        let dated = first.values.filter { !$0.isEmpty }.count
        let useTemporal = mode == .temporal && dated * 10 >= first.count * 8
        var ranked: [Pair]
        if useTemporal {
            ranked = order.sorted { (first[$0]!, $0.a, $0.b) < (first[$1]!, $1.a, $1.b) }
        } else {
            var generator = SeededGenerator(seed: seed)
            ranked = order.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
            ranked.shuffle(using: &generator)
        }
        let hiddenCount = Int((Double(ranked.count) * min(max(fraction, 0), 0.9)).rounded())
        let hiddenPairs = ranked.suffix(hiddenCount)
        let hiddenSet = Set(hiddenPairs)
        known = connections.filter { !hiddenSet.contains(Pair(a: $0.source, b: $0.target)) }
        hidden = hiddenPairs.map { ($0.a, $0.b) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        self.mode = useTemporal ? .temporal : .random
    }
}
