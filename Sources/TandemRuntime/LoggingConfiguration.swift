public import Logging

/// How a process writes its log: one line per event on standard error.
public struct LoggingConfiguration: Sendable, Hashable {
    /// The line format.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// One JSON object per line, for log collectors.
        case json
        /// `key=value` pairs (logfmt), for people reading a terminal.
        case text
    }

    /// Events below this level are dropped. Default `info`.
    public var level: Logger.Level
    /// Default `json`.
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .json) {
        self.level = level
        self.format = format
    }

    package static let levelVariable = "TANDEM_LOG_LEVEL"
    package static let formatVariable = "TANDEM_LOG_FORMAT"

    /// Reads `TANDEM_LOG_LEVEL` and `TANDEM_LOG_FORMAT`.
    public init(environment: Environment) throws(ConfigurationError) {
        let defaults = LoggingConfiguration()
        self.init(
            level: try environment.value(Self.levelVariable, default: defaults.level) {
                raw, variable throws(ConfigurationError) in
                guard let level = Logger.Level(rawValue: raw.lowercased()) else {
                    let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .invalidValue(variable, "\"\(raw)\" is not a log level; expected one of \(levels)")
                }
                return level
            },
            format: try environment.value(Self.formatVariable, default: defaults.format) {
                raw, variable throws(ConfigurationError) in
                guard let format = Format(rawValue: raw.lowercased()) else {
                    throw .invalidValue(variable, "\"\(raw)\" is not a log format; expected json or text")
                }
                return format
            })
    }

    package var entries: [ConfigurationEntry] {
        let defaults = LoggingConfiguration()
        return [
            ConfigurationEntry(
                key: "log_level", variable: Self.levelVariable, value: self.level.rawValue,
                isDefault: self.level == defaults.level),
            ConfigurationEntry(
                key: "log_format", variable: Self.formatVariable, value: self.format.rawValue,
                isDefault: self.format == defaults.format),
        ]
    }
}
