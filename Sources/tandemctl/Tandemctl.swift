import ArgumentParser
import TandemRuntime

/// The command line for Tandem's administrators and users.
@main
struct Tandemctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandemctl",
        abstract: "Command line for Tandem, the task and project management backend.",
        discussion: """
            Reads TANDEM_ADDRESS (default 127.0.0.1:7002) and TANDEM_API_KEY (else TANDEM_ADMIN_TOKEN) \
            from the environment; flags override them. \(ExitStatus.help)
            """,
        version: TandemVersion.current,
        subcommands: [
            VersionCommand.self, ConfigCommand.self, HealthCommand.self, ServicesCommand.self, TenantCommand.self,
            KeyCommand.self, MigrateCommand.self, ScenarioCommand.self,
        ])
}
