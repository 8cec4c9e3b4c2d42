import Foundation
import Logging
import Synchronization

@testable import TandemRuntime

/// Collects the lines a `TandemLogHandler` writes, with a fixed clock.
final class LogCapture: Sendable {
    private let captured = Mutex<[String]>([])
    let timestamp: LogTimestamp

    init(timestamp: LogTimestamp = LogTimestamp(secondsSinceEpoch: 1_795_769_703, milliseconds: 42)) {
        self.timestamp = timestamp
    }

    var lines: [String] { self.captured.withLock { $0 } }

    func logger(
        label: String, configuration: LoggingConfiguration = LoggingConfiguration(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> Logger {
        let output = LogOutput { line in self.captured.withLock { $0.append(line) } }
        let timestamp = self.timestamp
        return Logger(label: label) { label in
            TandemLogHandler(
                label: label, configuration: configuration, metadataProvider: metadataProvider, output: output,
                clock: { timestamp })
        }
    }

    /// Line `index` parsed as a JSON object.
    func jsonObject(line index: Int) throws -> [String: Any] {
        let line = self.lines[index]
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        guard let fields = object as? [String: Any] else { throw NotAnObject(line: line) }
        return fields
    }

    struct NotAnObject: Error {
        var line: String
    }
}
