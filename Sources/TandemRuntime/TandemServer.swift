/// Which of Tandem's three servers a process is; fixes its names and default ports.
public enum TandemServer: String, Sendable, Hashable, CaseIterable {
    case tasks
    case projects
    case notify

    /// `tandem-tasks`, `tandem-projects`, `tandem-notify`.
    public var executableName: String { "tandem-\(self.rawValue)" }

    /// The prefix of this server's own variables: `TANDEM_TASKS`, ...
    public var variablePrefix: String { "TANDEM_\(self.rawValue.uppercased())" }

    /// The label of the process's loggers: `tandem.tasks`, ...
    public var logLabel: String { "tandem.\(self.rawValue)" }

    /// gRPC port: 7001 tasks, 7002 projects, 7003 notify, on 127.0.0.1.
    public var defaultListen: HostAndPort {
        switch self {
        case .tasks: HostAndPort(host: "127.0.0.1", port: 7001)
        case .projects: HostAndPort(host: "127.0.0.1", port: 7002)
        case .notify: HostAndPort(host: "127.0.0.1", port: 7003)
        }
    }

    /// Metrics port: the gRPC port plus 100 (7101, 7102, 7103), on 127.0.0.1.
    public var defaultMetricsListen: HostAndPort {
        HostAndPort(host: "127.0.0.1", port: self.defaultListen.port + 100)
    }
}
