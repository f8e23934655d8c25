import Foundation
import Prometheus
import Synchronization

/// The server's Prometheus metrics (swift-prometheus, a registry of its own: no global state): requests by
/// route, method and status; latency histograms by route; the serving index's size and age; rebuilds.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let requestCounters = Mutex<[RequestKey: Counter]>([:])
    private let latencies = Mutex<[RouteKey: DurationHistogram]>([:])
    private let indexMembers: Gauge
    private let indexBytes: Gauge
    private let indexAge: Gauge
    private let indexGeneration: Gauge
    private let foldedMembers: Gauge
    private let rebuildsSucceeded: Counter
    private let rebuildsFailed: Counter
    private let lastRebuildSeconds: Gauge
    private let cacheEntries: Gauge
    private let cacheBytes: Gauge

    struct RouteKey: Hashable { let route: String, method: String }
    struct RequestKey: Hashable { let route: RouteKey, status: Int }

    static let latencyBuckets: [Duration] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map { .milliseconds($0) }

    init() {
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "qmatch", metricName: metric, unitName: unit, helpText: help)
        }
        indexMembers = registry.makeGauge(descriptor: name("index_members", "", "Members in the serving index."))
        indexBytes = registry.makeGauge(descriptor: name("index_size", "bytes", "Size of the serving index file."))
        indexAge = registry.makeGauge(descriptor: name("index_age", "seconds", "Time since the serving index was built."))
        indexGeneration = registry.makeGauge(descriptor: name("index_generation", "",
                                                              "Snapshots served by this process (1: the first)."))
        foldedMembers = registry.makeGauge(descriptor: name("folded_members", "",
                                                            "Members written since the build, folded in."))
        let rebuilds = name("rebuilds", "total", "Index rebuilds by result.")
        rebuildsSucceeded = registry.makeCounter(descriptor: rebuilds, labels: [("result", "success")])
        rebuildsFailed = registry.makeCounter(descriptor: rebuilds, labels: [("result", "failure")])
        lastRebuildSeconds = registry.makeGauge(descriptor: name("last_rebuild_duration", "seconds",
                                                                 "Duration of the last rebuild."))
        cacheEntries = registry.makeGauge(descriptor: name("response_cache_entries", "",
                                                           "Recommendation answers kept for reuse."))
        cacheBytes = registry.makeGauge(descriptor: name("response_cache_size", "bytes",
                                                         "Bytes the kept answers take (bodies, keys, bookkeeping)."))
    }

    /// Counts one request and records its latency.
    func record(route: String, method: String, status: Int, duration: Duration) {
        let routeKey = RouteKey(route: route, method: method)
        let key = RequestKey(route: routeKey, status: status)
        let counter = requestCounters.withLock { counters in
            if let known = counters[key] { return known }
            let made = registry.makeCounter(
                descriptor: MetricNameDescriptor(namespace: "qmatch", metricName: "http_requests", unitName: "total",
                                                 helpText: "HTTP requests by route, method and status."),
                labels: [("route", route), ("method", method), ("status", String(status))])
            counters[key] = made
            return made
        }
        counter.increment()
        let histogram = latencies.withLock { histograms in
            if let known = histograms[routeKey] { return known }
            let made = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(namespace: "qmatch", metricName: "http_request_duration",
                                                 unitName: "seconds", helpText: "HTTP request latency by route."),
                labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets)
            histograms[routeKey] = made
            return made
        }
        histogram.record(duration)
    }

    /// Counts a rebuild.
    func rebuilt(succeeded: Bool, seconds: Double) {
        (succeeded ? rebuildsSucceeded : rebuildsFailed).increment()
        lastRebuildSeconds.set(seconds)
    }

    /// The exposition text, with the index gauges read from `view` and the cache's from `cache` now.
    func exposition(of view: LiveView, cache: ResponseCache, now: Date = Date()) -> [UInt8] {
        let usage = cache.usage
        cacheEntries.set(Double(usage.entries))
        cacheBytes.set(Double(usage.bytes))
        let snapshot = view.snapshot
        indexMembers.set(Double(snapshot.index.ids.count))
        indexBytes.set(Double(snapshot.fileBytes))
        indexAge.set(snapshot.builtAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        indexGeneration.set(Double(snapshot.generation))
        foldedMembers.set(Double(view.view.overlayCount))
        return registry.emitToBuffer()
    }
}
