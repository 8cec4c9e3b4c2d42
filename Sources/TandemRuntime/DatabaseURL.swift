/// A PostgreSQL connection URI (`postgresql://user:password@host:port/database?options`), as
/// libpq accepts it.
///
/// It may hold a password, so its `description` is the redacted form; only `connectionString`
/// reveals it, and that is for the driver alone.
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The URI exactly as configured, password included. Pass it to the driver; never log it.
    public let connectionString: String
    /// The database name from the path, if the URI has one.
    public let database: String?
    /// The URI with its password, and any `password`-like query option, replaced by `<redacted>`.
    public let redacted: String

    private static let schemes = ["postgresql://", "postgres://"]
    private static let expected = "expected postgresql://user:password@host:port/database"

    /// Parses a URI read from `variable`. The value is never repeated in an error: it may hold a
    /// password.
    public init(parsing raw: String, variable: String) throws(ConfigurationError) {
        guard let scheme = Self.schemes.first(where: { raw.hasPrefix($0) }) else {
            throw .invalidValue(
                variable,
                "not a PostgreSQL URI (\(Self.expected)); the value is not shown as it may hold a password")
        }
        guard !raw.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw .invalidValue(
                variable, "contains white space; the value is not shown as it may hold a password")
        }
        let rest = raw.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var afterAuthority = rest[authorityEnd...]

        var redactedAuthority = String(authority)
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            let hostPart = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                redactedAuthority = "\(userInfo[..<colon]):<redacted>@\(hostPart)"
            }
        }

        var query: Substring = ""
        if let questionMark = afterAuthority.firstIndex(of: "?") {
            query = afterAuthority[afterAuthority.index(after: questionMark)...]
            afterAuthority = afterAuthority[..<questionMark]
        }
        let path = afterAuthority.drop(while: { $0 == "/" })
        self.database = path.isEmpty ? nil : String(path)

        var redacted = scheme + redactedAuthority + afterAuthority
        if !query.isEmpty {
            let options = query.split(separator: "&", omittingEmptySubsequences: false).map {
                option -> String in
                guard let equals = option.firstIndex(of: "="),
                    option[..<equals].lowercased().contains("password")
                else { return String(option) }
                return "\(option[...equals])<redacted>"
            }
            redacted += "?" + options.joined(separator: "&")
        }
        self.redacted = redacted
        self.connectionString = raw
    }

    public var description: String { self.redacted }
    public var debugDescription: String { "DatabaseURL(\(self.redacted))" }
}
