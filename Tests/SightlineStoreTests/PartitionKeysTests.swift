import Crypto
import Foundation
import SightlineKeys
import Testing

@Suite("Partition keys")
struct PartitionKeysTests {
    @Test("many first uses of a day at once, from two key stores on one directory, agree on one key")
    func concurrentCreation() async throws {
        let dir = try TemporaryDirectory()
        let first = try PartitionKeys(directory: dir.url)
        let second = try PartitionKeys(directory: dir.url)
        let keys = try await withThrowingTaskGroup(of: Data.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let key = try (index.isMultiple(of: 2) ? first : second).key(for: 20_261_127, create: true)!
                    return key.withUnsafeBytes { Data($0) }
                }
            }
            return try await group.reduce(into: Set<Data>()) { $0.insert($1) }
        }
        #expect(keys.count == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: first.url(for: 20_261_127).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try first.destroy(day: 20_261_127)
        #expect(try PartitionKeys(directory: dir.url).key(for: 20_261_127, create: false) == nil)
    }
}
