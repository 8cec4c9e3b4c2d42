#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Environment variables as plain values, so configuration parsing is testable without touching
/// the process environment.
public struct Environment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The environment of this process.
    public static func process() -> Environment {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                variables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return Environment(variables)
    }

    /// The value of `name`; a variable that is set to the empty string counts as unset.
    public subscript(_ name: String) -> String? {
        guard let value = self.variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Parses `name` with `parse`, or returns `defaultValue` when it is unset.
    package func value<Value>(
        _ name: String,
        default defaultValue: Value,
        _ parse: (_ raw: String, _ variable: String) throws(ConfigurationError) -> Value
    ) throws(ConfigurationError) -> Value {
        guard let raw = self[name] else { return defaultValue }
        return try parse(raw, name)
    }
}
