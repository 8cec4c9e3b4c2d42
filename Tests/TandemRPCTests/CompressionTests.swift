import Foundation
import NIOCore
import Testing

@testable import TandemRPC

#if canImport(Glibc)
    import Glibc
#endif

@Suite("compression")
struct CompressionTests {
    static let samples: [[UInt8]] = [
        [], [0x41], Array("hello, tandem".utf8), Array(repeating: 0, count: 100_000),
        (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
    ]

    @Test("gzip output has the gzip header and decompresses to the input", arguments: Self.samples)
    func gzipRoundTrip(bytes: [UInt8]) throws {
        let compressed = try Compression.gzip.compress(bytes)
        #expect(compressed.prefix(3) == [0x1F, 0x8B, 0x08])
        #expect(try Compression.gzip.decompress(compressed, limit: bytes.count) == bytes)
    }

    @Test("deflate output is the zlib format and decompresses to the input", arguments: Self.samples)
    func deflateRoundTrip(bytes: [UInt8]) throws {
        let compressed = try Compression.deflate.compress(bytes)
        #expect(compressed[0] == 0x78)
        #expect((Int(compressed[0]) << 8 | Int(compressed[1])) % 31 == 0)
        #expect(try Compression.deflate.decompress(compressed, limit: bytes.count) == bytes)
    }

    @Test("identity leaves bytes alone but still applies the limit")
    func identity() throws {
        #expect(try Compression.identity.compress([1, 2, 3]) == [1, 2, 3])
        #expect(try Compression.identity.decompress([1, 2, 3], limit: 3) == [1, 2, 3])
        let error = #expect(throws: RPCError.self) { try Compression.identity.decompress([1, 2, 3], limit: 2) }
        #expect(error?.code == .resourceExhausted)
    }

    @Test("a blob from gzip -c decompresses (a fixed one, made with `gzip -c -n`)")
    func gzipCommandBlob() throws {
        let blob = hex("1f8b0800000000000003cb48cdc9c957482bcacf5548afca2c50d04de60200cf3e466113000000")
        #expect(try Compression.gzip.decompress(blob, limit: 100) == Array("hello from gzip -c\n".utf8))
    }

    @Test("concatenated gzip members decompress one after the other")
    func gzipMembers() throws {
        let blob = hex("1f8b0800000000000003cbcf4bd50100622d1a2a040000001f8b08000000000000032b29cf0700668aca1103000000")
        #expect(try Compression.gzip.decompress(blob, limit: 100) == Array("one,two".utf8))
    }

    @Test("either decoder reads the zlib and the gzip format")
    func autodetect() throws {
        let zlib = hex("789cabcac94c0200046401b2")
        #expect(try Compression.gzip.decompress(zlib, limit: 4) == Array("zlib".utf8))
        let gzip = try Compression.gzip.compress(Array("both".utf8))
        #expect(try Compression.deflate.decompress(gzip, limit: 4) == Array("both".utf8))
    }

    @Test(
        "the gzip command reads what we compress",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip")))
    func gzipCommandReadsOurs() throws {
        let message = Array(String(repeating: "interoperable ", count: 500).utf8)
        let compressed = try Compression.gzip.compress(message)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-rpc-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("message.gz")
        try Data(compressed).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Array(data) == message)
    }

    @Test("corrupt and truncated data are INTERNAL")
    func corrupt() throws {
        let compressed = try Compression.gzip.compress(Array(repeating: 0x61, count: 1000))
        let truncated = #expect(throws: RPCError.self) {
            try Compression.gzip.decompress(compressed.dropLast(4), limit: 10_000)
        }
        #expect(truncated?.code == .internalError)
        let garbage = #expect(throws: RPCError.self) {
            try Compression.gzip.decompress(Array("not compressed at all".utf8), limit: 10_000)
        }
        #expect(garbage?.code == .internalError)
        let trailing = #expect(throws: RPCError.self) {
            try Compression.gzip.decompress(compressed + [1, 2, 3], limit: 10_000)
        }
        #expect(trailing?.code == .internalError)
    }

    /// Peak resident memory of this process so far, in bytes.
    private static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    @Test("a 100 MiB gzip bomb is refused at the limit without being inflated")
    func bomb() throws {
        // 100 gzip members of 1 MiB of zeros each: about 100 KiB that inflate to 100 MiB, built
        // without ever holding the 100 MiB.
        let member = try Compression.gzip.compress([UInt8](repeating: 0, count: 1 << 20))
        #expect(member.count < 2048)
        // Three members fit a 4 MiB limit: the bomb really is several MiB per member.
        let three = Array([[UInt8]](repeating: member, count: 3).joined())
        #expect(try Compression.gzip.decompress(three, limit: 4 << 20).count == 3 << 20)

        let bomb = Array([[UInt8]](repeating: member, count: 100).joined())
        let before = Self.peakResidentBytes()
        let error = #expect(throws: RPCError.self) { try Compression.gzip.decompress(bomb, limit: 4 << 20) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.message == "decompressed message exceeds the limit of 4194304 bytes")
        #expect(Self.peakResidentBytes() - before < 48 << 20)

        // The same through the deframer, from a frame whose prefix is well under the limit.
        var frame = ByteBuffer()
        frame.writeInteger(UInt8(1))
        frame.writeInteger(UInt32(bomb.count))
        frame.writeBytes(bomb)
        var deframer = MessageDeframer(compression: .gzip)
        deframer.append(frame)
        let deframed = #expect(throws: RPCError.self) { try deframer.next() }
        #expect(deframed?.code == .resourceExhausted)
    }

    @Test("names are parsed case-insensitively; unknown ones are not supported")
    func names() {
        #expect(Compression(name: "gzip") == .gzip)
        #expect(Compression(name: "GZIP") == .gzip)
        #expect(Compression(name: "deflate") == .deflate)
        #expect(Compression(name: "identity") == .identity)
        #expect(Compression(name: "snappy") == nil)
        #expect(Compression(name: "") == nil)
        #expect(Compression.gzip.name == "gzip")
    }

    @Test("grpc-accept-encoding lists keep order, drop unknown names and duplicates")
    func acceptEncoding() {
        #expect(Compression.parseList("identity,deflate,gzip") == [.identity, .deflate, .gzip])
        #expect(Compression.parseList(" gzip , snappy,br, GZIP,identity ") == [.gzip, .identity])
        #expect(Compression.parseList("") == [])
        #expect(Compression.headerValue([.gzip, .identity]) == "gzip,identity")
    }
}
