import QLinearAlgebra

/// Partitions items `0..<count` into teams of fixed sizes that maximise the sum of a per-team score, by
/// exchange local search (as anticlustering does, Papenberg & Klau 2021): swap two items of different teams
/// when the two teams' scores add up to more; sizes never change. Swaps are tried between each item and
/// `partnersPerItem` seeded random items per sweep, until a sweep improves nothing or `rounds` sweeps ran.
struct ExchangeSearch {
    private(set) var teams: [[Int]]
    private var teamOf: [Int]
    private var position: [Int]
    private(set) var scores: [Double]
    let score: ([Int]) -> Double
    var partnersPerItem = 24
    private var rng: SeededGenerator

    /// Starts from `initial` when given (teams of the right sizes), else from a seeded shuffle cut into `sizes`.
    init(count: Int, sizes: [Int], seed: UInt64, initial: [[Int]]? = nil, score: @escaping ([Int]) -> Double) {
        rng = SeededGenerator(seed: seed, stream: 0x7EA4, index: 0)
        var teams = initial ?? []
        if initial == nil {
            var order = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var start = 0
            for size in sizes {
                teams.append(Array(order[start..<start + size]))
                start += size
            }
        }
        self.teams = teams
        teamOf = [Int](repeating: 0, count: count)
        position = [Int](repeating: 0, count: count)
        for (t, team) in teams.enumerated() {
            for (p, item) in team.enumerated() { teamOf[item] = t; position[item] = p }
        }
        self.score = score
        scores = teams.map(score)
    }

    var total: Double { scores.reduce(0, +) }

    mutating func improve(rounds: Int) {
        let count = teamOf.count
        guard teams.count > 1 else { return }
        for _ in 0..<rounds {
            var improved = false
            for i in 0..<count {
                for _ in 0..<partnersPerItem {
                    let j = Int(rng.next() % UInt64(count))
                    if trySwap(i, j) { improved = true }
                }
            }
            if !improved { break }
        }
    }

    /// Swaps `i` and `j` when that raises the total.
    @discardableResult
    mutating func trySwap(_ i: Int, _ j: Int) -> Bool {
        let a = teamOf[i], b = teamOf[j]
        guard a != b else { return false }
        var teamA = teams[a], teamB = teams[b]
        teamA[position[i]] = j
        teamB[position[j]] = i
        let newA = score(teamA), newB = score(teamB)
        guard newA + newB > scores[a] + scores[b] + 1e-9 else { return false }
        teams[a] = teamA
        teams[b] = teamB
        scores[a] = newA
        scores[b] = newB
        teamOf[i] = b
        teamOf[j] = a
        position.swapAt(i, j)
        return true
    }
}
