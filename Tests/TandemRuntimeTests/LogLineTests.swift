import Foundation
import Logging
import Testing

@testable import TandemRuntime

@Suite("Log lines")
struct LogLineTests {
    @Test("a JSON line has the timestamp, level, label, message and flattened metadata")
    func jsonFields() throws {
        let capture = LogCapture()
        var logger = capture.logger(label: "tandem.tasks")
        logger[metadataKey: "request_id"] = "r-1"
        logger.info(
            "ready",
            metadata: [
                "listen": "127.0.0.1:7001",
                "config": ["log_level": "info", "database": ["name": "tandem_tasks"]],
                "hosts": ["a", "b"],
                "attempt": .stringConvertible(3),
            ])

        #expect(capture.lines.count == 1)
        let line = capture.lines[0]
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        #expect(line.hasPrefix(#"{"timestamp":"2026-11-27T08:55:03.042Z","level":"info","label":"tandem.tasks","#))

        let fields = try capture.jsonObject(line: 0)
        #expect(fields["timestamp"] as? String == "2026-11-27T08:55:03.042Z")
        #expect(fields["level"] as? String == "info")
        #expect(fields["label"] as? String == "tandem.tasks")
        #expect(fields["message"] as? String == "ready")
        #expect(fields["listen"] as? String == "127.0.0.1:7001")
        #expect(fields["request_id"] as? String == "r-1")
        #expect(fields["config.log_level"] as? String == "info")
        #expect(fields["config.database.name"] as? String == "tandem_tasks")
        #expect(fields["hosts"] as? [String] == ["a", "b"])
        #expect(fields["attempt"] as? String == "3")
        #expect(fields["config"] == nil)
        #expect(
            Set(fields.keys) == [
                "timestamp", "level", "label", "message", "listen", "request_id", "config.log_level",
                "config.database.name", "hosts", "attempt",
            ])
    }

    @Test(
        "any message and metadata value survives JSON escaping",
        arguments: [
            "plain", "", "quote \" and backslash \\", "new\nline and\ttab\r", "bell \u{07} nul \u{00} del \u{7F}",
            "backspace \u{08} form feed \u{0C} escape \u{1B}",
            "unicode: é ✓ 🦄", "line separator \u{2028} paragraph \u{2029}", #"{"json":"inside"}"#,
        ])
    func jsonEscaping(text: String) throws {
        let capture = LogCapture()
        capture.logger(label: "label \"quoted\"").warning("\(text)", metadata: ["value": "\(text)", text: "key"])
        let line = capture.lines[0]
        #expect(line.utf8.filter { $0 < 0x20 } == [0x0A])  // only the final newline is a control byte
        let fields = try capture.jsonObject(line: 0)
        #expect(fields["message"] as? String == text)
        #expect(fields["value"] as? String == text)
        #expect(fields["label"] as? String == "label \"quoted\"")
        #expect(fields["level"] as? String == "warning")
    }

    @Test(
        "metadata that would replace a line's own field keeps its value under metadata.<key>",
        arguments: LogLineFormatter.jsonFields)
    func jsonReservedKeys(key: String) throws {
        let capture = LogCapture()
        capture.logger(label: "tandem.notify").error("real message", metadata: [key: "impostor"])
        let fields = try capture.jsonObject(line: 0)
        #expect(fields["metadata.\(key)"] as? String == "impostor")
        #expect(fields["message"] as? String == "real message")
        #expect(fields["level"] as? String == "error")
        #expect(fields["label"] as? String == "tandem.notify")
        #expect(fields["timestamp"] as? String == "2026-11-27T08:55:03.042Z")
    }

    @Test("event metadata wins over provider metadata, which wins over the logger's")
    func metadataPrecedence() throws {
        let capture = LogCapture()
        let provider = Logger.MetadataProvider { ["from": "provider", "provider_only": "p"] }
        var logger = capture.logger(label: "t", metadataProvider: provider)
        logger[metadataKey: "from"] = "logger"
        logger[metadataKey: "logger_only"] = "l"
        logger.info("one")
        logger.info("two", metadata: ["from": "event"])
        let first = try capture.jsonObject(line: 0)
        let second = try capture.jsonObject(line: 1)
        #expect(first["from"] as? String == "provider")
        #expect(first["provider_only"] as? String == "p")
        #expect(first["logger_only"] as? String == "l")
        #expect(second["from"] as? String == "event")
    }

    @Test("an attached error is written as error.message and error.type")
    func attachedError() throws {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "disk full" }
        }
        let capture = LogCapture()
        capture.logger(label: "t").error("write failed", error: DiskFull())
        let fields = try capture.jsonObject(line: 0)
        #expect(fields["error.message"] as? String == "disk full")
        #expect((fields["error.type"] as? String)?.hasSuffix("DiskFull") == true)
    }

    @Test("events below the configured level are dropped", arguments: Logger.Level.allCases)
    func levelFilter(configured: Logger.Level) {
        let capture = LogCapture()
        let logger = capture.logger(label: "t", configuration: LoggingConfiguration(level: configured))
        for level in Logger.Level.allCases {
            logger.log(level: level, "\(level)")
        }
        let expected = Logger.Level.allCases.filter { $0 >= configured }.map(\.rawValue)
        let written = capture.lines.compactMap { line -> String? in
            guard let range = line.range(of: #""message":""#) else { return nil }
            return String(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(written == expected)
    }

    @Test("a text line is logfmt, quoting values only where needed")
    func textFormat() {
        let capture = LogCapture()
        capture.logger(label: "tandem.projects", configuration: LoggingConfiguration(format: .text)).notice(
            "ready to serve",
            metadata: [
                "listen": "127.0.0.1:7002", "empty": "", "quote": "say \"hi\"", "config": ["level": "info"],
                "msg": "impostor", "odd key=": "v",
            ])
        #expect(
            capture.lines == [
                "time=2026-11-27T08:55:03.042Z level=notice label=tandem.projects msg=\"ready to serve\" "
                    + "config.level=info empty=\"\" listen=127.0.0.1:7002 metadata.msg=impostor odd_key_=v "
                    + "quote=\"say \\\"hi\\\"\"\n"
            ])
    }

    @Test(
        "timestamps are RFC 3339 in UTC with milliseconds",
        arguments: [
            (0, 0, "1970-01-01T00:00:00.000Z"),
            (951_782_400, 7, "2000-02-29T00:00:00.007Z"),
            (1_700_000_000, 120, "2023-11-14T22:13:20.120Z"),
            (4_102_444_799, 999, "2099-12-31T23:59:59.999Z"),
        ])
    func timestamp(seconds: Int, milliseconds: Int, expected: String) {
        #expect(LogTimestamp(secondsSinceEpoch: seconds, milliseconds: milliseconds).rfc3339 == expected)
    }

    @Test("the clock reads the current time")
    func clock() throws {
        let before = Date().timeIntervalSince1970
        let now = LogTimestamp.now()
        let after = Date().timeIntervalSince1970
        let seconds = Double(now.secondsSinceEpoch) + Double(now.milliseconds) / 1000
        #expect(seconds >= before.rounded(.down) - 0.001 && seconds <= after + 0.001)
        #expect((0..<1000).contains(now.milliseconds))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: now.rfc3339))
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.001)
    }
}
