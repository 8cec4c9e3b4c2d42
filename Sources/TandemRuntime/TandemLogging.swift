public import Logging

/// The one logging set-up of a process.
public enum TandemLogging {
    /// Makes every `Logger` of this process use `TandemLogHandler` with `configuration`, and
    /// returns the process's root logger. Call it once, first thing in `main`.
    public static func bootstrap(_ configuration: LoggingConfiguration, label: String) -> Logger {
        LoggingSystem.bootstrap(
            { label, metadataProvider in
                TandemLogHandler(label: label, configuration: configuration, metadataProvider: metadataProvider)
            }, metadataProvider: nil)
        return Logger(label: label)
    }
}
