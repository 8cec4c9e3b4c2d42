/// How tandem-notify delivers webhooks (`TANDEM_WEBHOOK_*`); the other servers ignore these.
public struct WebhookConfiguration: Sendable, Hashable {
    /// Attempts per delivery before it is dead-lettered (`TANDEM_WEBHOOK_MAX_ATTEMPTS`, 1 to 50). Default 8.
    public var maxAttempts: Int = 8
    /// The wait after the first failed attempt, in milliseconds; each later wait is 4 times longer
    /// (`TANDEM_WEBHOOK_RETRY_BASE_MS`, 10 to 3,600,000). Default 30,000.
    public var retryBaseMilliseconds: Int = 30_000
    /// The longest wait between attempts (`TANDEM_WEBHOOK_RETRY_CAP_SECONDS`, 1 to 604,800).
    /// Default 43,200 (12 hours).
    public var retryCapSeconds: Int = 43_200
    /// One attempt's limit (`TANDEM_WEBHOOK_TIMEOUT_SECONDS`, 1 to 300). Default 10.
    public var timeoutSeconds: Int = 10
    /// Attempts in flight at once per replica (`TANDEM_WEBHOOK_CONCURRENCY`, 1 to 1000). Default 16.
    public var concurrency: Int = 16
    /// Address ranges webhooks may reach besides public ones (`TANDEM_WEBHOOK_ALLOW`: a comma list
    /// of `loopback`, `private`, `link-local`). Default none.
    public var allow: [String] = []

    public static let allowedRanges = ["loopback", "private", "link-local"]

    public init() {}

    public enum Variables {
        public static let maxAttempts = "TANDEM_WEBHOOK_MAX_ATTEMPTS"
        public static let retryBase = "TANDEM_WEBHOOK_RETRY_BASE_MS"
        public static let retryCap = "TANDEM_WEBHOOK_RETRY_CAP_SECONDS"
        public static let timeout = "TANDEM_WEBHOOK_TIMEOUT_SECONDS"
        public static let concurrency = "TANDEM_WEBHOOK_CONCURRENCY"
        public static let allow = "TANDEM_WEBHOOK_ALLOW"
    }

    public init(environment: Environment) throws(ConfigurationError) {
        typealias V = Variables
        let defaults = WebhookConfiguration()
        maxAttempts = try TenancyConfiguration.wholeNumber(environment, V.maxAttempts, 1...50, default: defaults.maxAttempts)
        retryBaseMilliseconds = try TenancyConfiguration.wholeNumber(
            environment, V.retryBase, 10...3_600_000, default: defaults.retryBaseMilliseconds)
        retryCapSeconds = try TenancyConfiguration.wholeNumber(
            environment, V.retryCap, 1...604_800, default: defaults.retryCapSeconds)
        timeoutSeconds = try TenancyConfiguration.wholeNumber(environment, V.timeout, 1...300, default: defaults.timeoutSeconds)
        concurrency = try TenancyConfiguration.wholeNumber(environment, V.concurrency, 1...1000, default: defaults.concurrency)
        if let raw = environment[V.allow] {
            for item in raw.split(separator: ",") {
                let name = String(item).trimmingSpaces()
                guard Self.allowedRanges.contains(name) else {
                    throw .invalidValue(V.allow, "\"\(raw)\": \"\(name)\" is not one of \(Self.allowedRanges.joined(separator: ", "))")
                }
                if !allow.contains(name) { allow.append(name) }
            }
        }
    }

    var entries: [ConfigurationEntry] {
        typealias V = Variables
        return [
            entry("webhook_max_attempts", V.maxAttempts, \.maxAttempts),
            entry("webhook_retry_base_ms", V.retryBase, \.retryBaseMilliseconds),
            entry("webhook_retry_cap_seconds", V.retryCap, \.retryCapSeconds),
            entry("webhook_timeout_seconds", V.timeout, \.timeoutSeconds),
            entry("webhook_concurrency", V.concurrency, \.concurrency),
            ConfigurationEntry(
                key: "webhook_allow", variable: V.allow, value: allow.isEmpty ? nil : allow.joined(separator: ","),
                isDefault: allow.isEmpty),
        ]
    }

    /// The entry of a whole-number setting, marked default when it equals the default's.
    private func entry(_ key: String, _ variable: String, _ field: KeyPath<Self, Int>) -> ConfigurationEntry {
        let value = self[keyPath: field]
        return ConfigurationEntry(key: key, variable: variable, value: value, isDefault: value == Self()[keyPath: field])
    }
}
