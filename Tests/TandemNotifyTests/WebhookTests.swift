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
        for (input, output) in vectors { #expect(ProtoJSON.base64(Array(input.utf8)) == output) }
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

    @Test("Loopback, private and link-local are refused unless allowed; unspecified and multicast always")
    func ranges() throws {
        let strict = WebhookAddressPolicy()
        for host in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254",
                     "[::1]", "[fe80::1]", "[fd00::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "[::]", "224.0.0.1", "localhost"] {
            #expect(throws: (any Error).self, "\(host)") { try strict.target("http://\(host)/") }
        }
        for host in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "[2001:db8::1]"] {
            _ = try strict.target("http://\(host)/")
        }
        let loopback = WebhookAddressPolicy(allowed: [.loopback])
        _ = try loopback.target("http://127.0.0.1:9/")
        _ = try loopback.target("http://[::1]/")
        _ = try loopback.target("http://localhost/")
        #expect(throws: (any Error).self) { try loopback.target("http://10.0.0.1/") }
        #expect(throws: (any Error).self) { try WebhookAddressPolicy(allowed: [.loopback, .private, .linkLocal]).target("http://0.0.0.0/") }
    }

    @Test("A name that resolves to loopback is refused at delivery time")
    func resolution() async throws {
        // The name rule of target(_:) would stop "localhost" before resolution; this checks the
        // resolution itself, as it guards names that only resolve to loopback.
        let target = WebhookAddressPolicy.Target(url: "http://localhost:8080/", host: "localhost", isLiteralAddress: false)
        let refusal = await WebhookAddressPolicy().check(target)
        #expect(refusal?.contains("loopback") == true, "\(refusal ?? "allowed")")
        #expect(await WebhookAddressPolicy(allowed: [.loopback]).check(target) == nil)
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
        for attempts in 1...7 {
            let expected = min(30 * pow4(attempts - 1), 43_200)
            let delay = settings.backoff(afterAttempts: attempts)
            #expect(delay >= expected * 0.8 && delay <= expected * 1.2, "after \(attempts): \(delay)")
        }
        let span = (1...7).reduce(0.0) { $0 + min(30 * pow4($1 - 1), 43_200) }
        #expect(span > 20 * 3600 && span < 28 * 3600, "\(span / 3600) h")
    }

    private func pow4(_ n: Int) -> Double { (0..<n).reduce(1.0) { value, _ in value * 4 } }
}
