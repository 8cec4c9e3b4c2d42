import ArgumentParser
import TandemRuntime

/// `tandemctl version`: prints the version of this tandemctl.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version of tandemctl.")

    func run() {
        print("tandemctl \(TandemVersion.current)")
    }
}
