#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exit status of a process stopped by its configuration (`EX_CONFIG` from sysexits.h).
public let configurationErrorExitStatus: Int32 = 78

extension ServerConfiguration {
    /// Reads the configuration of `server` from the process environment, or stops the process
    /// with a message naming the variable at fault. Logging is not set up yet at this point (its
    /// own variables may be the ones at fault), so the message is a plain line on standard error.
    public static func loadOrExit(server: TandemServer) -> ServerConfiguration {
        do {
            return try ServerConfiguration(server: server, environment: try .process())
        } catch {
            exitWithConfigurationError(error, program: server.executableName)
        }
    }
}

/// Writes `<program>: configuration error: <VARIABLE>: <message>` to standard error and exits with
/// `configurationErrorExitStatus`.
public func exitWithConfigurationError(_ error: ConfigurationError, program: String) -> Never {
    LogOutput.standardError.write("\(program): configuration error: \(error)\n")
    exit(configurationErrorExitStatus)
}
