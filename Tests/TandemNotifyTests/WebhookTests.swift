import Foundation
import Logging
import TandemPostgres
import Testing
@testable import TandemSchema
import TandemService
@testable import TandemNotify

@Suite("Proto JSON mapping of webhook bodies")
struct ProtoJSONTests {
    @Test("An event: camelCase names, defaults left out, RFC 3339 time, int64 as text, oneof by member name, escapes")
    func event() {
        var event = CommonV1.Event()
        event.id = "0190f0d4-0000-7000-8000-000000000001"
        event.type = "task.created"
        event.tenantID = "t"
        event.occurredAt = GoogleProtobuf.Timestamp(seconds: 1_767_225_600, nanos: 120_000_000)
        event.recipients = ["a\"b", "line\nbreak"]
        event.attributes = ["z": "1", "a": "2"]
        var created = CommonV1.TaskCreated()
        created.title = "Ship é \u{01}"
        created.estimateDays = 1.5
        var due = CommonV1.Date()
        due.year = 2026
        due.month = 1
        due.day = 2
        created.dueDate = due
        event.payload = .taskCreated(created)
        #expect(
            ProtoJSON.encode(event)
                == #"{"id":"0190f0d4-0000-7000-8000-000000000001","type":"task.created","tenantId":"t","#
                + #""occurredAt":"2026-01-01T00:00:00.120Z","recipients":["a\"b","line\nbreak"],"attributes":{"a":"2","z":"1"},"#
                + #""taskCreated":{"title":"Ship é \u0001","dueDate":{"year":2026,"month":1,"day":2},"estimateDays":1.5}}"#)
    }

    @Test("Timestamps keep 0, 3, 6 or 9 fraction digits; times before 1970 count back")
    func timestamps() {
        #expect(ProtoJSON.rfc3339(.init(seconds: 0)) == "1970-01-01T00:00:00Z")
        #expect(ProtoJSON.rfc3339(.init(seconds: 1, nanos: 5000)) == "1970-01-01T00:00:01.000005Z")
        #expect(ProtoJSON.rfc3339(.init(seconds: 1, nanos: 7)) == "1970-01-01T00:00:01.000000007Z")
        #expect(ProtoJSON.rfc3339(.init(seconds: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test("Base64 with padding, as RFC 4648 §10's vectors")
    func base64() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (input, output) in vectors { #expect(Base64.encode(Array(input.utf8), padded: true) == output) }
    }
}

@Suite("Webhook addresses, signatures and retries")
struct WebhookPolicyTests {
    @Test("URLs: http or https, a host, no credentials, at most 2048 characters")
    func urls() throws {
        let policy = WebhookAddressPolicy()
        for bad in ["", "ftp://example.com/", "example.com/hook", "https:///x", "https://u:p@example.com/",
                    "https://example.com/#x", "https://example.com/" + String(repeating: "a", count: 2048)] {
            #expect(throws: (any Error).self, "\(bad.prefix(40))") { try policy.target(bad) }
        }
        let target = try policy.target("https://hooks.example.com:8443/in?x=1")
        #expect(target.host == "hooks.example.com" && !target.isLiteralAddress)
    }

    /// The refusal `target` gives for a URL with `host`, or nil when it is accepted.
    private func refusal(_ policy: WebhookAddressPolicy, _ host: String) -> String? {
        do {
            _ = try policy.target("http://\(host)/")
            return nil
        } catch {
            return error.message
        }
    }

    @Test("Loopback, private and link-local are refused unless allowed; unspecified, multicast and reserved always")
    func ranges() throws {
        let strict = WebhookAddressPolicy()
        let cases: [(String, String)] = [
            ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
            ("192.168.1.1", "private"), ("100.64.0.1", "private"), ("198.18.0.1", "private"), ("169.254.169.254", "link-local"),
            ("[::1]", "loopback"), ("[fe80::1]", "link-local"), ("[fd00::1]", "private"), ("[fec0::1]", "private"),
            ("[::ffff:127.0.0.1]", "loopback"), ("[::10.0.0.1]", "private"), ("[64:ff9b::a9fe:a9fe]", "link-local"),
            ("[2002:0a00:0001::1]", "private"), ("0.0.0.0", "unspecified"), ("[::]", "unspecified"),
            ("224.0.0.1", "multicast"), ("192.0.2.1", "reserved"), ("localhost", "loopback"),
        ]
        for (host, kind) in cases {
            let message = refusal(strict, host)
            #expect(message?.contains(kind) == true, "\(host): \(message ?? "accepted")")
        }
        for host in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "[2001:db8::1]", "[2002:0808:0808::1]", "example.com"] {
            #expect(refusal(strict, host) == nil, "\(host)")
        }
        let loopback = WebhookAddressPolicy(allowed: [.loopback])
        for host in ["127.0.0.1:9", "[::1]", "localhost"] { #expect(refusal(loopback, host) == nil, "\(host)") }
        #expect(refusal(loopback, "10.0.0.1")?.contains("private") == true)
        #expect(refusal(WebhookAddressPolicy(allowed: [.loopback, .private, .linkLocal]), "0.0.0.0")?.contains("unspecified") == true)
    }

    @Test("A name that resolves to loopback is refused at delivery time; one that does not resolve is worth a retry")
    func resolution() async throws {
        // The name rule of target(_:) would stop "localhost" before resolution; this checks the
        // resolution itself, as it guards names that only resolve to loopback.
        let target = WebhookAddressPolicy.Target(url: "http://localhost:8080/", host: "localhost", isLiteralAddress: false)
        guard case .refused(let detail) = await WebhookAddressPolicy().check(target) else {
            Issue.record("localhost was not refused")
            return
        }
        #expect(detail.contains("loopback"), "\(detail)")
        guard case .allowed(let address?) = await WebhookAddressPolicy(allowed: [.loopback]).check(target) else {
            Issue.record("localhost was not allowed with loopback allowed")
            return
        }
        #expect(["127.0.0.1", "::1"].contains(address), "the request goes to the address checked, \(address)")
        let missing = WebhookAddressPolicy.Target(
            url: "http://no-such-host.invalid/", host: "no-such-host.invalid", isLiteralAddress: false)
        guard case .unresolved = await WebhookAddressPolicy().check(missing) else {
            Issue.record("an unresolvable name was not reported as unresolved")
            return
        }
    }

    @Test("Tandem-Signature is t=<seconds>,v1=<hex HMAC-SHA256 of \"t.body\">")
    func signature() {
        // HMAC-SHA256(key "secret", "1700000000.{}"), computed with Python's hmac module.
        #expect(
            WebhookDispatcher.signature(secret: "secret", timestamp: 1_700_000_000, body: "{}")
                == "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163")
        // RFC 4231 test case 2.
        #expect(
            Crypto.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("Backoff: 30 s × 4^(n−1) within ±20 %, capped at 12 h; the default 8 attempts span about a day")
    func backoff() {
        let settings = WebhookSettings()
        let expected: [Double] = [30, 120, 480, 1920, 7680, 30720, 43200]
        for (index, base) in expected.enumerated() {
            #expect(settings.baseDelay(afterAttempts: index + 1) == base)
            let delay = settings.backoff(afterAttempts: index + 1)
            #expect(delay >= base * 0.8 && delay <= base * 1.2, "after \(index + 1): \(delay)")
        }
        let span = (1..<settings.maxAttempts).reduce(0.0) { $0 + settings.baseDelay(afterAttempts: $1) }
        #expect(span > 20 * 3600 && span < 28 * 3600, "\(span / 3600) h")
    }
}

@Suite("Webhook requests go to the address that was checked")
struct WebhookPinningTests {
    /// A name no name server answers for: only the address the check passed can reach the receiver.
    static let name = "hook.tandem-test.invalid"

    static func dispatcher(resolve: @escaping @Sendable (String) async throws -> [[UInt8]]) -> WebhookDispatcher {
        let pool = PostgresPool(configuration: .init(options: .init(url: "postgresql://unused@127.0.0.1:1/none"), maximumConnections: 1))
        return WebhookDispatcher(
            clusters: ClusterSet([("main", pool)]),
            settings: WebhookSettings(timeout: .seconds(5), addressPolicy: WebhookAddressPolicy(allowed: [.loopback])),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), resolve: resolve)
    }

    static func delivery(port: Int) -> WebhookDispatcher.Delivery {
        .init(body: "{}", eventID: "e1", eventType: "task.created", url: "http://\(name):\(port)/hook", secret: "s")
    }

    @Test("A name is sent to the address its check passed, with the name in the Host header; a name that only the HTTP client could resolve gets nowhere")
    func pinned() async throws {
        let receiver = try OneShotHTTPReceiver()
        defer { receiver.close() }
        let clients = WebhookDispatcher.makeClients(WebhookSettings(timeout: .seconds(5)))
        // The check's resolution says 127.0.0.1 (allowed here); the request must go there.
        let resolved = Self.dispatcher { host in
            #expect(host == Self.name)
            return [[127, 0, 0, 1]]
        }
        let outcome = await resolved.send(Self.delivery(port: receiver.port), deliveryID: "d1", client: clients)
        #expect(outcome?.kind == .delivered, "\(String(describing: outcome))")
        let head = receiver.requests.first ?? ""
        #expect(head.hasPrefix("POST /hook HTTP/1.1"), "\(head)")
        #expect(head.lowercased().contains("host: \(Self.name):\(receiver.port)"), "\(head)")
        #expect(clients.pinnedCount == 1)
        // Another attempt to the same name and address reuses that client.
        _ = await resolved.send(Self.delivery(port: receiver.port), deliveryID: "d2", client: clients)
        #expect(clients.pinnedCount == 1)
        #expect(receiver.requests.count == 2)
        // A check that resolves to a refused address sends nothing.
        let refused = Self.dispatcher { _ in [[10, 0, 0, 7]] }
        let refusal = await refused.send(Self.delivery(port: receiver.port), deliveryID: "d3", client: clients)
        #expect(refusal?.kind == .final && refusal?.error.hasPrefix("refused") == true, "\(String(describing: refusal))")
        #expect(receiver.requests.count == 2)
        await clients.shutdown()
    }
}

/// A blocking HTTP/1.1 receiver on 127.0.0.1 for tests: answers every request 204 and keeps
/// each request's head.
final class OneShotHTTPReceiver: @unchecked Sendable {
    // Safety: `heads` is guarded by `lock`; the socket is closed once.
    let port: Int
    private let socket: Int32
    private let lock = NSLock()
    private var heads: [String] = []

    init() throws {
        let listening = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listening, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listening, $0, &length) }
        }
        socket = listening
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in
            while true {
                let connection = accept(listening, nil, nil)
                if connection < 0 { return }
                serve(connection)
            }
        }.start()
    }

    var requests: [String] { lock.withLock { heads } }

    private func serve(_ connection: Int32) {
        defer { Glibc.close(connection) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let end = text.range(of: "\r\n\r\n") else { continue }
            let head = String(text[..<end.lowerBound])
            let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                return parts.count == 2 && parts[0].lowercased() == "content-length"
                    ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
            }.first ?? 0
            guard text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length else { continue }
            lock.withLock { heads.append(head) }
            let answer = Array("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".utf8)
            _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            received.removeAll()
            return
        }
    }

    func close() {
        shutdown(socket, Int32(SHUT_RDWR))
        Glibc.close(socket)
    }
}
