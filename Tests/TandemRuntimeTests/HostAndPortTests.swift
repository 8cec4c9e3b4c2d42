import TandemRuntime
import Testing

@Suite("host:port addresses")
struct HostAndPortTests {
    @Test(
        "valid addresses parse and print back unchanged",
        arguments: [
            ("127.0.0.1:7001", "127.0.0.1", 7001),
            ("0.0.0.0:1", "0.0.0.0", 1),
            ("localhost:65535", "localhost", 65535),
            ("tasks.tandem.svc.cluster.local:7001", "tasks.tandem.svc.cluster.local", 7001),
            ("[::1]:7001", "::1", 7001),
            ("[::]:80", "::", 80),
            ("[2001:db8::7]:443", "2001:db8::7", 443),
        ])
    func valid(raw: String, host: String, port: Int) throws {
        let address = try HostAndPort(parsing: raw, variable: "X")
        #expect(address == HostAndPort(host: host, port: port))
        #expect(address.description == raw)
    }

    @Test(
        "invalid addresses are refused",
        arguments: [
            "", "7001", "127.0.0.1", "127.0.0.1:", ":7001", "127.0.0.1:0", "127.0.0.1:65536",
            "127.0.0.1:007001", "127.0.0.1:+80", "host name:1", "[::1]", "[::1]7001", "[zz::1]:7001",
            "::1:7001", "http://127.0.0.1:7001", "127.0.0.1:7001/",
        ])
    func invalid(raw: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try HostAndPort(parsing: raw, variable: "TANDEM_ADDRESS")
        }
        #expect(error?.variable == "TANDEM_ADDRESS")
    }
}
