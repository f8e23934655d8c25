/// How far a long job has got, for a progress display: the stage it is in ("writing members") and the
/// fraction of that stage done, 0...1 (nil: not known; the stage has just started). Called from any thread,
/// at most a few hundred times a stage; it should return at once.
public typealias StageProgress = @Sendable (_ stage: String, _ fraction: Double?) -> Void

/// Counts items done and calls `report` with the fraction done each time it passes another whole percent
/// (at most about a hundred calls, whatever the total), once at the start (0) and once at the end (1).
public struct ProgressMeter {
    private let total: Int
    private let report: (Double) -> Void
    private var done = 0
    private var next = 0

    public init(total: Int, report: @escaping (Double) -> Void) {
        self.total = total
        self.report = report
        report(0)
        next = Self.step(total)
    }

    /// One more item done.
    @inline(__always)
    public mutating func advance(by count: Int = 1) {
        done += count
        if total > 0, done >= next || done == total {
            report(min(1, Double(done) / Double(total)))
            next = done + Self.step(total)
        }
    }

    private static func step(_ total: Int) -> Int { max(1, total / 100) }
}

/// The fractions of one stage, for work that reports a fraction only: each is passed on to `progress` under
/// `stage`. Nil when there is no `progress`.
public func stageFractions(_ progress: StageProgress?, stage: String) -> (@Sendable (Double) -> Void)? {
    guard let progress else { return nil }
    return { fraction in progress(stage, fraction) }
}
