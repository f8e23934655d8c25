/// QGraph works on dense node indices `0..<nodeCount`; it knows nothing of profiles.
public enum QGraphInfo {
    public static let version = 1
}
