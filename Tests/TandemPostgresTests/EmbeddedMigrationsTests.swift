import Foundation
import Testing
import TandemMigrations
import TandemPostgres

@Suite("Compiled-in migrations")
struct EmbeddedMigrationsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("Equal to services/<name>/migrations (run scripts/update-migrations when this fails)",
          arguments: [MigrationSet.tasks, .projects, .notify])
    func matchFiles(set: MigrationSet) throws {
        let folder = Self.root.appendingPathComponent("services/\(set.service)/migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count == set.migrations.count, "\(files)")
        for (file, migration) in zip(files, set.migrations) {
            let number = String(format: "%04d", migration.version)
            #expect(file == "\(number)_\(migration.name).sql")
            var sql = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            while sql.hasSuffix("\n") { sql.removeLast() }
            #expect(sql == migration.sql, "\(file) differs from its compiled-in copy")
        }
    }
}
