public import Logging

/// Tandem's log handler: one line per event (JSON or logfmt, see `LogLineFormatter`) to an output,
/// standard error by default.
public struct TandemLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let formatter: LogLineFormatter
    private let output: LogOutput
    private let clock: @Sendable () -> LogTimestamp

    public init(
        label: String, configuration: LoggingConfiguration,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.init(
            label: label, configuration: configuration, metadataProvider: metadataProvider,
            output: .standardError, clock: LogTimestamp.now)
    }

    package init(
        label: String, configuration: LoggingConfiguration, metadataProvider: Logger.MetadataProvider?,
        output: LogOutput, clock: @escaping @Sendable () -> LogTimestamp
    ) {
        self.label = label
        self.logLevel = configuration.level
        self.formatter = LogLineFormatter(format: configuration.format)
        self.metadataProvider = metadataProvider
        self.output = output
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Later sources win: handler metadata, then the provider's, then the event's own.
        var merged = self.metadata
        if let provided = self.metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            merged["error.message"] = .string("\(error)")
            merged["error.type"] = .string(String(reflecting: type(of: error)))
        }
        self.output.write(
            self.formatter.line(
                timestamp: self.clock(), level: event.level, label: self.label,
                message: event.message.description, metadata: merged))
    }
}
