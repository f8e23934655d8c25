import QMatching
import QProfiles

/// The pictures of the community at a glance, drawn the same way for the organiser's pages and for
/// `qmatch stats --svg DIR`.
public enum CommunityPictures {
    /// Members by nation, sector and role, and their degrees.
    public static func distributions(_ stats: CommunityStats) -> [Picture] {
        func pairs(_ counts: [CommunityStats.Count]) -> [(String, Int)] { counts.map { ($0.value, $0.count) } }
        return [
            BarChart(name: "members-by-nation", title: "Members by nation", counts: pairs(stats.byNation),
                     total: stats.members).picture,
            BarChart(name: "members-by-sector", title: "Members by sector", counts: pairs(stats.bySector),
                     total: stats.members).picture,
            BarChart(name: "members-by-role", title: "Members by role", counts: pairs(stats.byRole),
                     total: stats.members).picture,
            BarChart(name: "degrees", title: "Connections per member (degree)", counts: pairs(stats.degree.histogram),
                     total: stats.members, limit: 20).picture,
        ]
    }

    /// Connections per month, and the share of them crossing a nation or sector boundary.
    public static func trends(_ trend: ConnectionTrend) -> [Picture] {
        [
            LineChart(name: "connections-per-month", title: "New connections per month",
                      points: trend.months.map { ($0.month, Double($0.connections)) }, isShare: false).picture,
            LineChart(name: "crossing-share", title: "Share of new connections crossing a nation or sector boundary",
                      points: trend.months.filter { $0.connections > 0 }.map { ($0.month, $0.crossingShare) },
                      isShare: true).picture,
        ]
    }

    /// Every picture that has data: distributions, trends, the community map and (when given) the evaluation.
    public static func all(stats: CommunityStats, trend: ConnectionTrend, map: CommunityMap?,
                           evaluation: Evaluation.Report?) -> [Picture] {
        distributions(stats) + trends(trend) + (map.map { [$0.picture()] } ?? [])
            + (evaluation.map { [EvaluationChart(report: $0).picture] } ?? [])
    }
}
