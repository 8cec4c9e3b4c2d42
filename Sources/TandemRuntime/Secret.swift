/// A value that must not appear in logs or output: it prints as `<redacted>`.
///
/// Read `revealed` only where the secret is used (a header, a driver call).
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let revealed: String

    public init(_ revealed: String) {
        self.revealed = revealed
    }

    public static let redactedText = "<redacted>"

    public var description: String { Self.redactedText }
    public var debugDescription: String { "Secret(\(Self.redactedText))" }
}
