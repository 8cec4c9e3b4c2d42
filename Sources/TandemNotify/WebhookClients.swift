import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP clients the dispatcher sends with: one for URLs that name an address, and one per
/// host name and checked address, which connects to that address and to no other.
///
/// A name is resolved and its addresses checked before every attempt; if the HTTP client then
/// resolved the name again itself, a name server answering differently the second time (DNS
/// rebinding) could point the request at an address the check refused. So the request goes out
/// through a client whose `dnsOverride` maps the name to the address the check passed; the name
/// still goes in the `Host` header and TLS server name, and certificates are checked against it.
/// A client unused for `idleLimit` is shut down; past `capacity`, the least recently used one
/// is, if no attempt can still be using it (none began within twice `attemptTimeout`).
final class WebhookClients: Sendable {
    private struct Pinned {
        var client: HTTPClient
        var lastUsed: ContinuousClock.Instant
    }

    let direct: HTTPClient
    private let configuration: HTTPClient.Configuration
    private let pinned = Mutex<[String: Pinned]>([:])
    let capacity: Int
    let idleLimit: Duration
    let attemptTimeout: Duration

    init(
        configuration: HTTPClient.Configuration, attemptTimeout: Duration, capacity: Int = 64, idleLimit: Duration = .seconds(120)
    ) {
        self.configuration = configuration
        self.attemptTimeout = attemptTimeout
        self.capacity = capacity
        self.idleLimit = max(idleLimit, attemptTimeout * 2)
        direct = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// The client for an attempt: `direct` when the URL names an address, else the one pinned to
    /// `address` for `host`.
    func client(host: String, address: String?) -> HTTPClient {
        guard let address else { return direct }
        let key = "\(host)|\(address)"
        let now = ContinuousClock.now
        let (client, retired) = pinned.withLock { pinned -> (HTTPClient, [HTTPClient]) in
            var retired: [HTTPClient] = []
            for (key, entry) in pinned where now - entry.lastUsed > idleLimit {
                retired.append(entry.client)
                pinned[key] = nil
            }
            if let entry = pinned[key] {
                pinned[key]?.lastUsed = now
                return (entry.client, retired)
            }
            if pinned.count >= capacity, let oldest = pinned.min(by: { $0.value.lastUsed < $1.value.lastUsed }),
                now - oldest.value.lastUsed > attemptTimeout * 2
            {
                retired.append(oldest.value.client)
                pinned[oldest.key] = nil
            }
            var configuration = self.configuration
            // The URL's host as written and lower-cased, which is how the client looks it up.
            configuration.dnsOverride = [host: address]
            configuration.dnsOverride[host.lowercased()] = address
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            pinned[key] = Pinned(client: client, lastUsed: now)
            return (client, retired)
        }
        for client in retired { Task { try? await client.shutdown() } }
        return client
    }

    /// How many pinned clients are open (for tests).
    var pinnedCount: Int { pinned.withLock { $0.count } }

    func shutdown() async {
        let all = pinned.withLock { pinned in
            defer { pinned.removeAll() }
            return pinned.values.map(\.client)
        }
        for client in all + [direct] { try? await client.shutdown() }
    }
}
