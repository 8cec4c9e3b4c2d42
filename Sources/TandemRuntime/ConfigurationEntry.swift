public import Logging

/// One resolved configuration setting, in a form that is safe to log or print.
public struct ConfigurationEntry: Sendable, Hashable {
    /// The field name used as a log metadata key, e.g. `listen`.
    public var key: String
    /// The environment variable that sets it (the one that was read, when there are several).
    public var variable: String
    /// The value as shown; a secret's is `<redacted>` or `(not set)`, never the secret itself.
    public var shownValue: String
    /// Whether the value equals the documented default.
    public var isDefault: Bool
    public var isSecret: Bool

    /// What an optional setting shows when it has no value.
    public static let notSet = "(not set)"

    /// An ordinary setting, shown as it is (`nil` shows as `(not set)`).
    public init(key: String, variable: String, value: (some CustomStringConvertible)?, isDefault: Bool) {
        self.key = key
        self.variable = variable
        self.shownValue = value?.description ?? Self.notSet
        self.isDefault = isDefault
        self.isSecret = false
    }

    /// A secret setting: only whether it is set is shown.
    public init(key: String, variable: String, secret: Secret?) {
        self.key = key
        self.variable = variable
        self.shownValue = secret == nil ? Self.notSet : Secret.redactedText
        self.isDefault = secret == nil
        self.isSecret = true
    }
}

/// A configuration that can list its resolved settings.
public protocol ReportableConfiguration: Sendable {
    /// Every setting, in a stable order, each safe to show.
    var entries: [ConfigurationEntry] { get }
}

extension ReportableConfiguration {
    /// The settings as log metadata under `config` (one key per setting, secrets redacted).
    public var logMetadata: Logger.Metadata {
        var settings: Logger.Metadata = [:]
        for entry in self.entries {
            settings[entry.key] = .string(entry.shownValue)
        }
        return ["config": .dictionary(settings)]
    }

    /// The settings as `VARIABLE=value` lines, marking values that are the default.
    public var environmentListing: String {
        self.entries.map { entry in
            let marker = entry.isDefault && entry.shownValue != ConfigurationEntry.notSet ? "  (default)" : ""
            return "\(entry.variable)=\(entry.shownValue)\(marker)"
        }.joined(separator: "\n")
    }
}
