import ArgumentParser
import TandemRuntime

/// `tandemctl config`: prints the client configuration resolved from the environment.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the client configuration resolved from the environment (secrets redacted).")

    func run() throws {
        do {
            print(try ClientConfiguration(environment: try .process()).environmentListing)
        } catch {
            exitWithConfigurationError(error, program: "tandemctl")
        }
    }
}
