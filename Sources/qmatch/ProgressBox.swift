import Dispatch
import Foundation
import Synchronization

/// Progress of long work on standard error, redrawn in place (`build: featurizing 42% (35 s)`), only when
/// standard error is a terminal: otherwise every call does nothing, so scripts and logs stay quiet. The one
/// progress display of the command line (generate, import, build, knn, recommend --all, eval).
///
/// Reports may come from worker threads: the line shown is kept under a lock, and written when its stage or
/// whole percent changes. The elapsed time is redrawn every second, so that a stage without a known fraction
/// still shows that work goes on.
final class ProgressBox: Sendable {
    let isTerminal: Bool
    let label: String
    private let started = ContinuousClock.now

    private struct State {
        /// The stage and percent of the line shown (what a report must change to be written).
        var key = ""
        /// The line shown, without the elapsed time.
        var text = ""
        var ticker: DispatchSourceTimer?
    }
    private let state = Mutex(State())

    init(_ isTerminal: Bool = isatty(STDERR_FILENO) == 1, label: String = "knn") {
        self.isTerminal = isTerminal
        self.label = label
    }

    /// Shows `stage` (if any) and the fraction of it done (0...1; nil: not known, the stage alone).
    func report(_ fraction: Double?, stage: String? = nil) {
        guard isTerminal else { return }
        let line = Self.line(label: label, stage: stage, fraction: fraction)
        show(line, key: line)
    }

    /// Shows `done` of `total` items, as a percentage and the counts.
    func report(done: Int, of total: Int, stage: String? = nil) {
        guard isTerminal, total > 0 else { return }
        let line = Self.line(label: label, stage: stage, fraction: Double(done) / Double(total))
        show(line + " (\(min(done, total))/\(total))", key: line)
    }

    /// A handler for library calls that report stages (`StageProgress`); nil when not a terminal, so that the
    /// work does not even call it.
    var stages: (@Sendable (String, Double?) -> Void)? {
        guard isTerminal else { return nil }
        return { [self] (stage: String, fraction: Double?) in report(fraction, stage: stage) }
    }

    /// A handler for library calls that report a fraction; nil when not a terminal.
    func fractions(stage: String? = nil) -> (@Sendable (Double) -> Void)? {
        guard isTerminal else { return nil }
        return { [self] (fraction: Double) in report(fraction, stage: stage) }
    }

    /// Stops the clock and clears the line.
    func finish() {
        guard isTerminal else { return }
        state.withLock { state in
            state.ticker?.cancel()
            state = State()
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }

    /// `label: stage 42%`, `label: stage…` (fraction unknown) or `label: 42%` (no stage).
    static func line(label: String, stage: String?, fraction: Double?) -> String {
        var text = label + ":"
        if let stage { text += " " + stage }
        if let fraction {
            let percent = fraction.isFinite ? Int(min(max(fraction, 0), 1) * 100) : 0
            text += " \(percent)%"
        } else if stage != nil {
            text += "…"
        }
        return text
    }

    /// Writes `text` unless the line shown has the same `key` (its stage and percent); starts the clock at the
    /// first line. Every write happens under the lock, so lines from workers, the clock and `finish` never mix.
    private func show(_ text: String, key: String) {
        let startClock = state.withLock { state -> Bool in
            guard state.key != key else { return false }
            state.key = key
            state.text = text
            draw(text)
            return state.ticker == nil
        }
        guard startClock else { return }
        state.withLock { state in
            guard state.ticker == nil, !state.key.isEmpty else { return }
            let ticker = DispatchSource.makeTimerSource(queue: .global(qos: .utility))
            ticker.schedule(deadline: .now() + 1, repeating: 1)
            ticker.setEventHandler { [weak self] in
                self?.state.withLock { state in if state.ticker != nil { self?.draw(state.text) } }
            }
            state.ticker = ticker
            ticker.resume()
        }
    }

    /// Carriage return, the line and the elapsed time, then erase what a longer earlier line left (called
    /// under the lock).
    private func draw(_ text: String) {
        let elapsed = (ContinuousClock.now - started).components.seconds
        FileHandle.standardError.write(Data("\r\(text) (\(elapsed) s)\u{1B}[K".utf8))
    }
}
