/// The version every Tandem executable reports.
public enum TandemVersion {
    public static let current = "0.1.0-dev"
}
