import Foundation
import Testing
import TandemRPC
import TandemSchema
@testable import TandemService

@Suite("Page tokens")
struct PageTokenTests {
    let codec = PageTokenCodec(key: Array("key".utf8))

    @Test("A token carries its position back for the same binding")
    func roundTrip() throws {
        let token = codec.encode(position: ["1795776678123456", "0190a000-0000-7000-8000-00000000000a"], binding: "keys|a|false")
        #expect(try codec.decode(token, binding: "keys|a|false", fields: 2) == ["1795776678123456", "0190a000-0000-7000-8000-00000000000a"])
    }

    @Test("Another binding, another key, an altered or foreign token: INVALID_ARGUMENT on page_token")
    func refusals() {
        let token = codec.encode(position: ["1", "x"], binding: "keys|a|false")
        var altered = Array(token)
        altered[0] = altered[0] == "A" ? "B" : "A"
        for (candidate, binding, codec) in [
            (token, "keys|b|false", codec), (token, "keys|a|true", codec),
            (token, "keys|a|false", PageTokenCodec(key: Array("other".utf8))),
            (String(altered), "keys|a|false", codec), ("garbage", "keys|a|false", codec), ("", "keys|a|false", codec),
            (String(repeating: "A", count: 2000) + "~x", "keys|a|false", codec),
        ] {
            let error = #expect(throws: RPCError.self) { try codec.decode(candidate, binding: binding, fields: 2) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.hasPrefix("page_token") == true)
        }
    }

    @Test("page_size: 0 means 50, 1 to 500 as asked, larger means 500, negative names the field")
    func pageSizes() throws {
        #expect(try pageSize(0) == 50)
        #expect(try pageSize(500) == 500)
        #expect(try pageSize(501) == 500, "larger than 500 means 500")
        #expect(try pageSize(Int32.max) == 500)
        #expect(throws: RPCError.self) { try pageSize(-1) }
    }
}

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test("A burst, then the refill rate; tenants have buckets of their own")
    func tokenBucket() {
        let limiter = RateLimiter(configuration: .init(ratePerSecond: 10, burst: 3))
        let start = ContinuousClock.now
        #expect((0..<3).allSatisfy { _ in limiter.tryAcquire("a", now: start) })
        #expect(!limiter.tryAcquire("a", now: start))
        #expect(limiter.tryAcquire("b", now: start), "b has its own bucket")
        #expect(!limiter.tryAcquire("a", now: start + .milliseconds(50)), "half a token")
        #expect(limiter.tryAcquire("a", now: start + .milliseconds(100)), "one token after 100 ms at 10/s")
        #expect((0..<3).allSatisfy { _ in limiter.tryAcquire("a", now: start + .seconds(60)) }, "refilled to the burst")
        #expect(!limiter.tryAcquire("a", now: start + .seconds(60)), "never beyond the burst")
    }
}

@Suite("Crypto and identifiers")
struct CryptoTests {
    @Test("SHA-256, hex and base64url agree with known values")
    func knownValues() {
        #expect(Crypto.hex(Crypto.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // In place from a part of a header value, and from a collection that is not contiguous.
        #expect(Crypto.sha256(utf8: "Bearer abc".split(separator: " ")[1]) == Crypto.sha256(Array("abc".utf8)))
        #expect(Crypto.sha256("abc".utf8.lazy.map { $0 }) == Crypto.sha256(Array("abc".utf8)))
        #expect(Crypto.bytes(hex: "00ff10") == [0, 255, 16])
        #expect(Crypto.bytes(hex: "0g") == nil && Crypto.bytes(hex: "abc") == nil && Crypto.bytes(hex: "AB") == nil)
        #expect(Crypto.base64URL([0xfb, 0xff]) == "-_8")
        #expect(Crypto.base64URL(Array("hello".utf8)) == "aGVsbG8")
        #expect(Crypto.bytes(base64URL: "aGVsbG8") == Array("hello".utf8))
        #expect(Crypto.bytes(base64URL: "-_8") == [0xfb, 0xff] && Crypto.bytes(base64URL: "+/8") == nil)
        #expect(Crypto.constantTimeEquals([1, 2], [1, 2]) && !Crypto.constantTimeEquals([1, 2], [1, 3]))
        #expect(!Crypto.constantTimeEquals([1], [1, 2]))
        #expect(Crypto.randomBytes(32) != Crypto.randomBytes(32))
    }

    @Test("Ids are version 7 UUIDs that sort by creation time")
    func uuidV7() {
        let ids = (0..<50).map { Identifiers.uuidV7(now: .init(timeIntervalSince1970: 1_700_000_000 + Double($0))) }
        #expect(ids.allSatisfy(Identifiers.isUUID))
        #expect(ids.allSatisfy { Array($0)[14] == "7" && "89ab".contains(Array($0)[19]) })
        #expect(ids == ids.sorted())
        // The canonical text of the UUID they are, led by the millisecond timestamp.
        #expect(ids.allSatisfy { UUID(uuidString: $0)?.uuidString.lowercased() == $0 })
        let first = ids[0].replacingOccurrences(of: "-", with: "")
        #expect(first.prefix(12) == String(1_700_000_000_000, radix: 16).leftPadded(to: 12))
        #expect(!Identifiers.isUUID("0190A000-0000-7000-8000-00000000000A"), "lower case only")
        #expect(!Identifiers.isUUID("0190a000-0000-7000-8000-00000000000"), "too short")
        #expect(!Identifiers.isUUID("0190a000-0000-7000-8000+00000000000a"), "a dash in its place")
        #expect(Identifiers.isUUID("0190a000-0000-7000-8000-00000000000a"))
        #expect(!Identifiers.isUUID("not-a-uuid"))
    }
}

@Suite("Authenticator")
struct AuthenticatorTests {
    struct Directory: TenantDirectoryLookup {
        let keys: [String: ResolvedApiKey]
        func resolveApiKey(hash: [UInt8]) async throws -> ResolvedApiKey? {
            keys.first { Crypto.sha256(Array($0.key.utf8)) == hash }?.value
        }
        func placement(tenantID: String) async throws -> TenantPlacement? {
            keys.values.first { $0.tenant.tenantID == tenantID }?.tenant
        }
    }

    static let tenant = TenantPlacement(
        tenantID: "0190a000-0000-7000-8000-00000000000a", slug: "alpha", state: .active, cluster: "a", timeZone: "UTC")
    static let suspended = TenantPlacement(
        tenantID: "0190b000-0000-7000-8000-00000000000b", slug: "bravo", state: .suspended, cluster: "a", timeZone: "UTC")

    let authenticator = Authenticator(
        configuration: .init(administratorToken: .init("admin"), serviceToken: .init("service"), serviceIdentities: ["tandem-tasks"]),
        directory: Directory(keys: [
            "reader": ResolvedApiKey(apiKeyID: "k1", scopes: [.read], tenant: tenant),
            "writer": ResolvedApiKey(apiKeyID: "k2", scopes: [.read, .write], tenant: tenant),
            "paused": ResolvedApiKey(apiKeyID: "k3", scopes: [.read, .write], tenant: suspended),
        ]),
        logger: .init(label: "test"))

    func context(_ headers: [(String, String)], certificate: CertificateIdentity? = nil) throws -> ServerContext {
        var metadata = Metadata()
        for (key, value) in headers { try metadata.add(key, .string(value)) }
        return ServerContext(
            method: AdminV1.TenantAdmin.getTenant.info, requestMetadata: metadata,
            peer: Peer(address: "127.0.0.1", certificate: certificate), deadline: nil)
    }

    func code(_ headers: [(String, String)], _ access: Access, certificate: CertificateIdentity? = nil) async -> Status.Code {
        do {
            _ = try await authenticator.authenticate(try context(headers, certificate: certificate), access: access)
            return .ok
        } catch let error as RPCError {
            return error.code
        } catch {
            return .unknown
        }
    }

    @Test("Each credential reaches what it may, and nothing else")
    func matrix() async {
        let cases: [([(String, String)], Access, Status.Code)] = [
            ([], .tenant(.read), .unauthenticated),
            ([("authorization", "Basic abc")], .tenant(.read), .unauthenticated),
            ([("authorization", "Bearer unknown")], .tenant(.read), .unauthenticated),
            ([("authorization", "Bearer reader")], .tenant(.read), .ok),
            ([("authorization", "Bearer reader")], .tenant(.write), .permissionDenied),
            ([("authorization", "Bearer writer")], .tenant(.write), .ok),
            ([("authorization", "Bearer writer")], .administrator, .permissionDenied),
            ([("authorization", "Bearer writer")], .service, .permissionDenied),
            ([("authorization", "Bearer paused")], .tenant(.read), .permissionDenied),
            ([("authorization", "Bearer admin")], .administrator, .ok),
            ([("authorization", "Bearer admin")], .tenant(.read), .permissionDenied),
            ([("authorization", "Bearer admin")], .service, .permissionDenied),
            ([("authorization", "Bearer service")], .service, .ok),
            ([("authorization", "Bearer service")], .administrator, .permissionDenied),
            ([("authorization", "Bearer service")], .tenant(.read), .invalidArgument),
            ([("authorization", "Bearer service"), ("x-tandem-tenant", Self.tenant.tenantID)], .tenant(.write), .ok),
            ([("authorization", "Bearer service"), ("x-tandem-tenant", "0190c000-0000-7000-8000-00000000000c")], .tenant(.read), .notFound),
            ([("authorization", "Bearer service"), ("x-tandem-tenant", Self.suspended.tenantID)], .tenant(.read), .permissionDenied),
            ([("authorization", "Bearer reader"), ("x-tandem-actor", String(repeating: "x", count: 201))], .tenant(.read), .invalidArgument),
        ]
        for (headers, access, expected) in cases {
            #expect(await code(headers, access) == expected, "\(headers) \(access)")
        }
        #expect(await code([], .service, certificate: CertificateIdentity(commonName: "tandem-tasks")) == .ok)
        #expect(await code([], .service, certificate: CertificateIdentity(commonName: "someone")) == .unauthenticated)
    }

    @Test("The bearer credential is read with the scheme in any case and spaces around it")
    func bearerToken() throws {
        let cases: [(String, Substring?)] = [
            ("Bearer abc", "abc"),
            ("bearer abc", "abc"),
            ("BEARER abc", "abc"),
            ("  Bearer   abc", "abc"),
            ("Bearer   abc", "abc"),
            ("Bearer   ", nil),
            ("Bearer a b", "a b"),
            ("Bearer", nil),
            ("Bearer ", nil),
            ("Bearerabc", nil),
            ("Beare abc", nil),
            ("Bearers abc", nil),
            ("Basic abc", nil),
        ]
        for (header, expected) in cases {
            var metadata = Metadata()
            try metadata.add("authorization", .string(header))
            #expect(Authenticator.bearerToken(metadata) == expected, "\(header)")
        }
        #expect(Authenticator.bearerToken(Metadata()) == nil)
    }

    @Test("The caller carries the key's tenant, scopes and the actor; x-tandem-tenant is ignored on a key")
    func caller() async throws {
        let caller = try await authenticator.authenticate(
            try context([
                ("authorization", "Bearer reader"), ("x-tandem-tenant", Self.suspended.tenantID), ("x-tandem-actor", "ada"),
            ]),
            access: .tenant(.read))
        #expect(caller.tenant == Self.tenant)
        #expect(caller.credential == .apiKey(id: "k1"))
        #expect(caller.scopes == [.read])
        #expect(caller.actor == "ada")
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}
